#!/usr/bin/env bash
# HTTP load on the public pages with wrk, against gunicorn started by docker/entrypoint.sh with the
# production settings, Redis cache and the demo content (database: bench/bench.sqlite3, built by
# bench/render_pages.py or here). Loopback only; each run is bounded by DURATION.
#   bench/http_load.sh            DURATION=10s CONNECTIONS=16 WEB_CONCURRENCY=2 to change the load
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8765}"
export DJANGO_SETTINGS_MODULE=cms.settings.production SECRET_KEY=bench-only ALLOWED_HOSTS=127.0.0.1 \
    SECURE_SSL_REDIRECT=false STATIC_ROOT="$PWD/bench/static" PYTHON="$PWD/.venv/bin/python" \
    DATABASE_URL="${DATABASE_URL:-sqlite:///$PWD/bench/bench.sqlite3}" \
    REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/1}" BIND="127.0.0.1:$PORT" \
    WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}"

"$PYTHON" manage.py collectstatic --noinput -v0
"$PYTHON" manage.py migrate --noinput -v0
"$PYTHON" manage.py load_demo >/dev/null
docker/entrypoint.sh >/tmp/qiandeng-bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.5; done

for path in / /studio-06/ /studio-06/news/news-1/ "/search/?q=%E7%89%A9%E4%B8%9A%E7%BA%A0%E7%BA%B7"; do
    echo "== $path"
    wrk -t2 -c"${CONNECTIONS:-16}" -d"${DURATION:-10s}" --latency "http://127.0.0.1:$PORT$path" \
        | grep -E "Requests/sec|Non-2xx|Socket errors|^ +50%|^ +99%"
done
