"""The committee dashboard at scale on PostgreSQL: a month's figures across all studios with 100,000 cases
(median time and queries of the whole page, and of the figures alone).

    .venv/bin/python bench/dashboard.py     # DATABASE_URL defaults to a qiandeng_bench database

The database is created afresh and filled like ``case_admin.py`` (cases spread over the last ~11 months).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from case_admin import ROUNDS, TARGET, fill, fresh_database  # sets the environment up


def main() -> None:
    fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    fill(TARGET)
    from cms.cases.models import Case

    print(f"PostgreSQL, {Case.objects.count()} cases, {ROUNDS} runs per measurement")
    print(f"{'what':<34} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    measure_figures()
    for username in ("office", "lead06"):
        measure_page(username, "/admin/committee/dashboard/")
    measure_page("office", "/admin/committee/report/print/")


def timed(run) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run()
    with CaptureQueriesContext(connection) as queries:
        run()
    count = len(queries)  # now: the next request clears the log this counts from
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], count


def measure_figures() -> None:
    from cms.cases.models import Case
    from cms.committee import rates

    period = rates.Period.this_month()
    median, p95, queries = timed(lambda: rates.report(Case.objects.all(), period))
    print(f"{'one month, three groupings':<34} {median:>10.1f} {p95:>8.1f} {queries:>8}")
    median, p95, queries = timed(lambda: rates.monthly_trend(Case.objects.all()))
    print(f"{'12-month trend':<34} {median:>10.1f} {p95:>8.1f} {queries:>8}")


def measure_page(username: str, url: str) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))

    def get():
        assert client.get(url).status_code == 200

    median, p95, queries = timed(get)
    print(f"{url.split('/')[-2] + ' as ' + username:<34} {median:>10.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
