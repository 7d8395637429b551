"""The committee dashboard at scale on PostgreSQL: a month's figures across all studios with 100,000 cases
(or ``--cases N``): median time, CPU time of this process and queries of the whole page, and of the
figures alone.

    .venv/bin/python bench/dashboard.py                            # qiandeng_bench, 100,000 cases
    .venv/bin/python bench/dashboard.py --cases 1000000 --reuse    # the database case_admin.py filled

The database is created afresh and filled like ``case_admin.py`` (cases spread over the last ~11 months),
unless ``--reuse``.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from case_admin import REUSE, ROUNDS, TARGET, build, fill_timed, load  # sets the environment up


def main() -> None:
    build()
    if not REUSE:
        fill_timed(TARGET)
    from cms.cases.models import Case

    print(f"PostgreSQL, {Case.objects.count()} cases, {ROUNDS} runs per measurement")
    print(
        f"{'what':<34} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7} {'SQL ms':>7} {'queries':>8}  load"
    )
    measure_figures()
    for username in ("office", "lead06"):
        measure_page(username, "/admin/committee/dashboard/")
    measure_page("office", "/admin/committee/report/print/")


def timed(run) -> str:
    """Median and p95 wall time, median CPU time of this process, SQL time and queries of one run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run()
    with CaptureQueriesContext(connection) as queries:
        run()
    count = len(queries)  # now: the next request clears the log this counts from
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    timings, cpu = [], []
    for _ in range(ROUNDS):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    return (
        f"{statistics.median(timings):>10.1f} {p95:>8.1f} {statistics.median(cpu):>7.1f}"
        f" {sql_ms:>7.1f} {count:>8}  {load()}"
    )


def measure_figures() -> None:
    from cms.cases.models import Case
    from cms.committee import rates

    period = rates.Period.this_month()
    print(
        f"{'one month, every grouping':<34} {timed(lambda: rates.report(Case.objects.all(), period))}"
    )
    print(f"{'12-month trend':<34} {timed(lambda: rates.monthly_trend(Case.objects.all()))}")


def measure_page(username: str, url: str) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))

    def get():
        assert client.get(url).status_code == 200

    print(f"{url.split('/')[-2] + ' as ' + username:<34} {timed(get)}")


if __name__ == "__main__":
    main()
