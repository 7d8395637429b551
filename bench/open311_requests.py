"""Open311 ``GET requests`` at 100,000 cases on PostgreSQL: median and p95 time and the query count of the
default page (last 90 days, 50 requests), a status filter, a service filter and a deep page; then the import
of 10,000 12345 work orders through the services (dry run, import, and the same file again, seconds).

    .venv/bin/python bench/open311_requests.py   # DATABASE_URL defaults to qiandeng_interop_bench
    .venv/bin/python bench/open311_requests.py --reuse   # again, on the database the last run filled
    .venv/bin/python bench/open311_requests.py --reuse --import-only   # the 12345 import alone

Uses the case bench's fresh database and bulk fill (``bench/case_admin.py``). Targets (issue 19): p50 ≤ 100 ms
with a constant number of queries; 10,000 orders ≤ 60 s.
"""

import datetime
import os
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qiandeng_interop_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/8")

from bench.case_admin import ROUNDS, TARGET, fill, fresh_database  # noqa: E402

ORDERS = 10_000


def main() -> None:
    if "--reuse" not in sys.argv:  # --reuse: measure again on the database a previous run filled
        fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    from cms.cases.models import Case, CaseCategory

    if "--reuse" not in sys.argv:
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        fill(TARGET)

    if "--import-only" in sys.argv:  # the 12345 import alone (on a fresh or --reuse database)
        print(f"PostgreSQL, {Case.objects.count()} cases")
        measure_import()
        return
    code = CaseCategory.objects.order_by("code").values_list("code", flat=True)[3]
    print(f"PostgreSQL, {Case.objects.count()} cases, {ROUNDS} requests per measurement")
    print(f"{'GET /open311/v2/requests.json':<44} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, params in (
        ("default (90 days, 50 per page)", {}),
        ("status=open", {"status": "open"}),
        (f"service_code={code}", {"service_code": code}),
        ("page=20&page_size=100", {"page": 20, "page_size": 100}),
        ("all dates, page_size=1000", {"start_date": "2000-01-01", "page_size": 1000}),
    ):
        measure(label, params)
    measure_import()


def measure(label: str, params: dict) -> None:
    from django.db import connection
    from django.test import Client

    client = Client()
    url = "/open311/v2/requests.json"
    queries = []
    with connection.execute_wrapper(lambda run, sql, *args: queries.append(sql) or run(sql, *args)):
        assert client.get(url, params).status_code == 200
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(url, params)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{label:<44} {statistics.median(timings):>10.1f} {p95:>8.1f} {len(queries):>8}")


def measure_import() -> None:
    from django.contrib.auth import get_user_model
    from openpyxl import Workbook

    from cms.cases.models import CaseCategory
    from cms.interop import hotline

    codes = list(CaseCategory.objects.values_list("code", flat=True))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("工单")
    sheet.append([c.header for c in hotline.columns()])
    start = datetime.datetime(2026, 11, 1, 9, 0)
    for i in range(ORDERS):
        received = start + datetime.timedelta(minutes=i)
        sheet.append(
            [
                f"GD{i:08d}",
                received,
                received + datetime.timedelta(days=5),
                codes[i % len(codes)],
                "示例社区",
                "测试居民",
                f"137{i:08d}",
                f"批量工单 {i}",
                "用于性能测试的合成工单。",
            ]
        )
    buffer = BytesIO()
    book.save(buffer)
    office = get_user_model().objects.get(username="office")
    for label, dry_run in (("dry run", True), ("import", False), ("re-import, unchanged", False)):
        began = time.perf_counter()
        report = hotline.import_orders(buffer.getvalue(), office, dry_run=dry_run)
        assert report.ok, report.all_errors[:3]
        seconds = time.perf_counter() - began
        print(f"\n12345 import of {ORDERS} orders ({label}): {seconds:.1f} s")


if __name__ == "__main__":
    main()
