#!/usr/bin/env bash
# Cache hits against a static file, with wrk: requests per second of pages served from the page cache
# and of the site's CSS (served by WhiteNoise, same gunicorn), at concurrency 1 and 4, in alternating runs
# (static, pages, static, pages, ...), so each ratio is measured side by side on this shared machine.
# Both are asked for with Accept-Encoding: gzip (WhiteNoise sends its .gz file; the page cache its stored
# gzip body). Beside the rates, the gunicorn workers' CPU time per request (from /proc), whose ratio
# holds when the machine is busy. gunicorn with the production settings and Redis; database: bench/search.sqlite3 (built by
# bench/search_pages.py) or DATABASE_URL.
#   bench/cache_hits.sh        ROUNDS=3 DURATION=5s WEB_CONCURRENCY=2 to change the load
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8766}"
export DJANGO_SETTINGS_MODULE=cms.settings.production SECRET_KEY=bench-only ALLOWED_HOSTS=127.0.0.1 \
    SECURE_SSL_REDIRECT=false STATIC_ROOT="$PWD/bench/static" LOG_LEVEL="${LOG_LEVEL:-INFO}" \
    DATABASE_URL="${DATABASE_URL:-sqlite:///$PWD/bench/search.sqlite3}" \
    REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/1}"
PYTHON="$PWD/.venv/bin/python"
"$PYTHON" manage.py collectstatic --noinput -v0
"$PYTHON" -m gunicorn cms.wsgi:application --bind "127.0.0.1:$PORT" --workers "${WEB_CONCURRENCY:-2}" \
    >/tmp/qiandeng-cache-bench.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do curl -fs "$base/" >/dev/null && break; sleep 0.5; done
css="/static/$("$PYTHON" -c "import json; print(json.load(open('bench/static/staticfiles.json'))['paths']['css/site.css'])")"
pages=(/ /studio-06/news/ /studio-06/news/news-1/ "/search/?q=%E7%89%A9%E4%B8%9A%E7%BA%A0%E7%BA%B7")
for page in "${pages[@]}"; do  # stored, then checked to be a gzip hit
    curl -fs -o /dev/null "$base$page"
    curl -fsI -H "Accept-Encoding: gzip" "$base$page" | grep -qi "x-page-cache: hit" || echo "not a hit: $page"
done
# The workers' CPU time (user + system, in clock ticks) read from /proc: what a request costs the server
# whatever else runs on the machine, where requests per second also measure the queue for the CPU.
worker_ticks() {
    local total=0 pid
    for pid in $(pgrep -P "$server"); do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    done
    echo "$total"
}
# One wrk run: prints "requests/s requests worker-ticks".
run() {
    local before after out
    before=$(worker_ticks)
    out=$(wrk -t1 -c"$1" -d"${DURATION:-5s}" -H "Accept-Encoding: gzip" "$base$2")
    after=$(worker_ticks)
    if grep -qE "Non-2xx|Socket errors" <<<"$out"; then echo "ERR $2: $out" >&2; fi
    awk -v ticks=$((after - before)) '/Requests\/sec/ {rps=$2} / requests in / {n=$1} END {print rps, n, ticks}' <<<"$out"
}
tick_us=$((1000000 / $(getconf CLK_TCK)))
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-4s %-28s %9s %9s %6s %12s %11s %6s\n" conc page "page rps" "css rps" ratio "page CPU µs" "css CPU µs" "ratio"
for conc in 1 4; do
    for page in "${pages[@]}"; do
        for _ in $(seq 1 "${ROUNDS:-3}"); do
            read -r s_rps s_n s_ticks < <(run "$conc" "$css")
            read -r p_rps p_n p_ticks < <(run "$conc" "$page")
            s_us=$(echo "$s_ticks * $tick_us / $s_n" | bc -l)
            p_us=$(echo "$p_ticks * $tick_us / $p_n" | bc -l)
            printf "%-4s %-28s %9s %9s %6.2f %12.0f %11.0f %6.2f\n" "$conc" "${page:0:28}" "$p_rps" "$s_rps" \
                "$(echo "$p_rps / $s_rps" | bc -l)" "$p_us" "$s_us" "$(echo "$s_us / $p_us" | bc -l)"
        done
    done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
