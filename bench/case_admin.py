"""Case admin at scale on PostgreSQL: one list page at 100 and at 100,000 cases (median time, queries),
and the XLSX export of 100,000 rows (time, peak memory of the process that writes it).

    .venv/bin/python bench/case_admin.py            # DATABASE_URL defaults to a qiandeng_bench database

The database is created afresh on each run: measured first with the ~180 demo cases, then filled to 100,000
with bulk inserts (history is not needed here) and measured again.
"""

import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qiandeng_bench")
os.environ.update(
    DJANGO_SETTINGS_MODULE="cms.settings.production",
    SECRET_KEY="bench-only",
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="false",
    STATIC_ROOT=str(ROOT / "bench" / "static"),
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
os.environ.setdefault("LOG_LEVEL", "WARNING")

TARGET = 100_000
ROUNDS = 30


def fresh_database() -> None:
    import psycopg

    name = URL.rsplit("/", 1)[1]
    with psycopg.connect(URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    if "--export-child" in sys.argv:
        return export_child()
    fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from cms.cases.models import Case

    small = Case.objects.count()
    print(f"PostgreSQL, {ROUNDS} requests per measurement")
    print(f"{'cases':>8} {'user':<9} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    measure_lists(small)
    fill(TARGET)
    measure_lists(Case.objects.count())
    export_parent()


def measure_lists(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for username in ("worker06", "office"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        url = "/admin/cases/case/"
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        query_count = len(queries)
        timings = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{count:>8} {username:<9} {statistics.median(timings):>10.1f} {p95:>8.1f} {query_count:>8}"
        )


def fill(target: int) -> None:
    from django.utils import timezone

    from cms.cases.models import Case, CaseCategory, Status

    missing = target - Case.objects.count()
    categories = list(CaseCategory.objects.select_related("studio"))
    statuses = list(Status)
    now = timezone.now()
    batch = []
    for i in range(max(missing, 0)):
        category = categories[i % len(categories)]
        received = now - datetime.timedelta(hours=i % 8000)
        batch.append(
            Case(
                reference=f"GC-2024-{i:06d}",
                retrieval_code_hash="0" * 64,
                studio_id=category.studio_id,
                category=category,
                source="phone",
                location_text="示例社区",
                reporter_name="测试居民",
                reporter_phone=f"138{i:08d}",
                title=f"批量诉求 {i}",
                description="用于性能测试的合成诉求。",
                priority="normal",
                status=statuses[i % len(statuses)],
                received_at=received,
                first_contact_due=received + datetime.timedelta(days=1),
                handling_due=received + datetime.timedelta(days=15),
            )
        )
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch = []
    if batch:
        Case.objects.bulk_create(batch)
    # A live database is analysed by autovacuum; after a bulk load, do it at once as it would.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cases_case")


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
