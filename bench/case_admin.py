"""Case admin at scale on PostgreSQL: the list page at the demo's ~180 cases and at 100,000 (or
``--cases N``) cases (median time, CPU time of this process, queries), and the XLSX export of 100,000 rows
(time, peak memory of the process that writes it).

    .venv/bin/python bench/case_admin.py                  # qiandeng_bench: demo, 100,000 cases, export
    .venv/bin/python bench/case_admin.py --cases 1000000  # qiandeng_million: demo, 1,000,000 cases
    .venv/bin/python bench/case_admin.py --cases 1000000 --reuse   # measure again on that database

DATABASE_URL overrides the database. The database is created afresh (unless ``--reuse``), measured with the
demo's cases, then filled in SQL (``fill``) and measured again: the plain list, a status filter and a deep
page, as worker06 (studio 06) and the committee office (every studio). The export runs in the default
100,000-case run only.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET = int(sys.argv[sys.argv.index("--cases") + 1]) if "--cases" in sys.argv else 100_000
REUSE = "--reuse" in sys.argv  # measure again on the database the last run filled
_DATABASE = "qiandeng_million" if TARGET >= 1_000_000 else "qiandeng_bench"
URL = os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{_DATABASE}")
os.environ.update(
    DJANGO_SETTINGS_MODULE="cms.settings.production",
    SECRET_KEY="bench-only",
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="false",
    STATIC_ROOT=str(ROOT / "bench" / "static"),
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
os.environ.setdefault("LOG_LEVEL", "WARNING")

ROUNDS = 30
LIST_PAGES = {
    "list": "/admin/cases/case/",
    "in progress": "/admin/cases/case/?status__exact=in_progress",
    "page 5000": "/admin/cases/case/?p=5000",
}


def fresh_database() -> None:
    import psycopg

    name = URL.rsplit("/", 1)[1]
    with psycopg.connect(URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build() -> None:
    """A fresh database with the demo (``--reuse``: the one the last run built, as it is)."""
    if not REUSE:
        fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # the admin's manifest
    if not REUSE:
        call_command("migrate", verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def fill_timed(target: int) -> None:
    start = time.perf_counter()
    fill(target)
    print(
        f"filled to {target:,} cases in {time.perf_counter() - start:.0f} s (with VACUUM ANALYZE)"
    )


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def main() -> None:
    if "--export-child" in sys.argv:
        return export_child()
    build()
    from cms.cases.models import Case

    print(f"PostgreSQL, {ROUNDS} requests per measurement")
    print(
        f"{'cases':>9} {'user':<9} {'page':<12} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7}"
        f" {'SQL ms':>7} {'queries':>8}  load"
    )
    if not REUSE:
        measure_lists(Case.objects.count())
        fill_timed(TARGET)
    measure_lists(Case.objects.count())
    if "--cases" not in sys.argv:
        export_parent()


def measure_lists(count: int) -> None:
    for username in ("worker06", "office"):
        for label, url in LIST_PAGES.items():
            measure(count, username, label, url)


def measure(count: int, username: str, label: str, url: str) -> None:
    """One page for one user: median and p95 wall time, median CPU time of this process (the app's
    share), the SQL time and the queries of one request."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    query_count = len(queries)  # now: the next request clears the log this counts from
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    timings, cpu = [], []
    for _ in range(ROUNDS):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{count:>9,} {username:<9} {label:<12} {statistics.median(timings):>10.1f} {p95:>8.1f}"
        f" {statistics.median(cpu):>7.1f} {sql_ms:>7.1f} {query_count:>8}  {load()}"
    )


def fill(target: int) -> None:
    """Bulk-fills cases up to ``target`` in one ``INSERT … SELECT generate_series`` (a million in minutes,
    not hours): received over the last ~11 months in insertion order, as a live database grows; each case
    of a random category (so of its studio, studios weighted by their categories), at a random estate of
    the demo's places, assigned to one of the studio's case workers, with a state that follows its age
    (recent cases open, older ones mostly resolved, followed up and archived). History is not written:
    the lists and figures measured here do not read it."""
    from django.db import connection, transaction

    from cms.cases.models import Case, CaseCategory, HandlingUnit
    from cms.core.access import HANDLE_CASES, members
    from cms.places.models import Estate
    from cms.studios.models import Studio

    missing = target - Case.objects.count()
    if missing <= 0:
        return
    categories = list(CaseCategory.objects.values_list("pk", "studio_id"))
    estates = list(Estate.objects.values_list("pk", "community_id"))
    studios = Studio.objects.values_list("pk", flat=True)
    staff = {
        sid: list(members(HANDLE_CASES, [sid]).values_list("pk", flat=True)) for sid in studios
    }
    units = {
        sid: list(HandlingUnit.objects.filter(studio_id=sid).values_list("pk", flat=True))
        for sid in studios
    }
    lookup = [(cid, sid, staff[sid] or [None], units[sid] or [None]) for cid, sid in categories]
    first = Case.objects.count()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(
            "CREATE TEMP TABLE bench_category (n int, category_id bigint, studio_id bigint,"
            " staff int[], units bigint[]) ON COMMIT DROP"
        )
        cursor.executemany(
            "INSERT INTO bench_category VALUES (%s, %s, %s, %s, %s)",
            [(n, *row) for n, row in enumerate(lookup)],
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_estate (n int, estate_id bigint, community_id bigint) ON COMMIT DROP"
        )
        cursor.executemany(
            "INSERT INTO bench_estate VALUES (%s, %s, %s)",
            [(n, *row) for n, row in enumerate(estates)],
        )
        cursor.execute(
            FILL_SQL,
            {
                "first": first,
                "missing": missing,
                "categories": len(lookup),
                "estates": len(estates),
            },
        )
    # A live database is vacuumed and analysed by autovacuum; after a bulk load, do it at once as it would.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cases_case")


# One row per case: ``g`` counts up with time (received over 333 days, the newest now); ``r`` are
# independent draws for the category, the place, the state and the times.
FILL_SQL = """
WITH drawn AS (
    SELECT g,
           now() - make_interval(secs => (1 - g::float / %(missing)s) * 333 * 86400
                                          + random() * 3600) AS received,
           floor(random() * %(categories)s)::int AS category_n,
           floor(random() * %(estates)s)::int AS estate_n,
           random() AS place_r, random() AS state_r, random() AS time_r, random() AS pick_r
    FROM generate_series(1, %(missing)s) AS g
), aged AS (
    SELECT d.*, c.category_id, c.studio_id, c.staff, c.units, e.estate_id, e.community_id,
           extract(epoch FROM now() - d.received) / 86400 AS age,
           CASE
             WHEN extract(epoch FROM now() - d.received) / 86400 < 20 THEN
               CASE WHEN d.state_r < 0.04 THEN 'awaiting_routing' WHEN d.state_r < 0.25 THEN 'received'
                    WHEN d.state_r < 0.45 THEN 'assigned' WHEN d.state_r < 0.75 THEN 'in_progress'
                    WHEN d.state_r < 0.97 THEN 'resolved' ELSE 'returned' END
             ELSE
               CASE WHEN d.state_r < 0.70 THEN 'closed' WHEN d.state_r < 0.85 THEN 'followed_up'
                    WHEN d.state_r < 0.93 THEN 'resolved' WHEN d.state_r < 0.96 THEN 'returned'
                    WHEN d.state_r < 0.98 THEN 'merged' ELSE 'in_progress' END
           END AS status
    FROM drawn d
    JOIN bench_category c ON c.n = d.category_n
    JOIN bench_estate e ON e.n = d.estate_n
)
INSERT INTO cases_case (
    reference, retrieval_code_hash, source, location_text, reporter_name, reporter_phone, contact_time,
    title, description, priority, status, received_at, first_contact_due, first_contacted_at,
    handling_due, resolved_at, closed_at, outcome, satisfaction, return_reason, version, assignee_id,
    studio_id, category_id, handling_unit_id, kind, community_id, estate_id, merged_into_id, sms_opt_in
)
SELECT 'GC-B' || lpad((%(first)s + g)::text, 9, '0'),
       repeat('0', 64),
       (ARRAY['walk_in', 'phone', 'online', 'online', 'phone', 'inspection', 'hotline12345'])
           [1 + floor(pick_r * 7)::int],
       '示例社区' || (g %% 50) || '号楼',
       (ARRAY['陈', '李', '黄', '张', '梁', '何', '罗', '郑'])[1 + g %% 8] || '先生',
       '138' || lpad(((%(first)s + g) %% 100000000)::text, 8, '0'),
       '',
       (ARRAY['楼道堆物影响通行', '小区路灯不亮', '邻居装修噪音扰民', '物业费收支不公开', '下水道堵塞',
              '违章搭建', '垃圾清运不及时', '电动车楼道充电'])[1 + floor(time_r * 8)::int] || ' ' || g,
       '用于性能测试的合成诉求：居民反映的问题需要工作室协调处理。',
       CASE WHEN pick_r < 0.9 THEN 'normal' WHEN pick_r < 0.98 THEN 'urgent' ELSE 'emergency' END,
       status,
       received,
       received + interval '1 day',
       CASE WHEN status IN ('awaiting_routing', 'received') AND time_r < 0.5 THEN NULL
            ELSE received + make_interval(secs => time_r * 36 * 3600) END,
       received + interval '15 days',
       CASE WHEN status IN ('resolved', 'followed_up', 'closed')
            THEN received + make_interval(secs => (1 + time_r * 19) * 86400) END,
       CASE WHEN status = 'closed' THEN received + make_interval(secs => (21 + time_r * 9) * 86400) END,
       CASE WHEN status IN ('resolved', 'followed_up', 'closed') THEN '已协调处理完毕。' ELSE '' END,
       CASE WHEN status IN ('followed_up', 'closed') THEN
            CASE WHEN place_r < 0.7 THEN 'satisfied' WHEN place_r < 0.9 THEN 'basically_satisfied'
                 ELSE 'dissatisfied' END
            ELSE '' END,
       CASE WHEN status = 'returned' THEN '不属于本工作室职责范围。' ELSE '' END,
       1,
       CASE WHEN status IN ('awaiting_routing', 'received') THEN NULL
            ELSE staff[1 + floor(pick_r * array_length(staff, 1))::int] END,
       CASE WHEN status = 'awaiting_routing' THEN NULL ELSE studio_id END,
       CASE WHEN status = 'awaiting_routing' THEN NULL ELSE category_id END,
       CASE WHEN status NOT IN ('awaiting_routing', 'received') AND time_r < 0.5
            THEN units[1 + floor(pick_r * array_length(units, 1))::int] END,
       'issue',
       CASE WHEN place_r < 0.95 THEN community_id END,
       CASE WHEN place_r < 0.80 THEN estate_id END,
       NULL,
       false
FROM aged
ORDER BY g
"""


def export_parent(script: str = __file__, label: str = "XLSX export") -> None:
    """Runs ``script --export-child`` in a process of its own, so its peak RSS is the export's."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, script, "--export-child"], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - start
    rows, size, peak_mb, baseline_mb = result.stdout.split()
    print(
        f"\n{label} as office: {rows} rows, {int(size) / 1e6:.1f} MB file, {seconds:.1f} s, "
        f"peak RSS {peak_mb} MB (after start-up {baseline_mb} MB)"
    )


def peak_rss_mb() -> int:
    """This process's peak RSS since it started. Not ``getrusage``'s ru_maxrss: Linux keeps that across
    fork and exec, so a child started by a large parent reports at least the parent's size."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) // 1024


def measure_export(url: str, params: dict | None = None) -> tuple[int, int, int]:
    """In the child: the office asks for ``url`` (the request queues the export) and the task builds
    it here, as a worker would; returns (file size, peak RSS MB, RSS MB before)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import resolve

    from cms.exports import services
    from cms.exports.models import ExportJob

    client = Client()
    client.force_login(get_user_model().objects.get(username="office"))
    client.get("/admin/")
    baseline = peak_rss_mb()
    response = client.get(url, params or {})
    job_id = resolve(response["Location"]).kwargs["pk"]
    services.build(job_id)
    size = ExportJob.objects.get(pk=job_id).file.size
    return size, peak_rss_mb(), baseline


def export_child() -> None:
    size, peak, baseline = measure_export("/admin/cases/export.xlsx")
    from cms.cases.models import Case

    print(Case.objects.count() + 1, size, peak, baseline)


if __name__ == "__main__":
    main()
