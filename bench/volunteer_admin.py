"""Volunteer admin at scale on PostgreSQL: a volunteer's ledger page at demo size and with 100,000 service
records (median time, queries), and the i志愿 XLSX export of 100,000 verified records (time, peak memory).

    .venv/bin/python bench/volunteer_admin.py     # DATABASE_URL defaults to a qiandeng_bench database

The database is created afresh: measured with the demo's ~1,150 records, then filled to 100,000 with bulk
inserts (history is not needed here), a fifth of them for the volunteer whose ledger is measured.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from case_admin import (  # sets up the environment
    ROUNDS,
    export_parent,
    fresh_database,
    measure_export,
)

TARGET = 100_000
PERIOD = {"start": "2000-01-01", "end": "2100-12-31"}


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
    from cms.volunteers.models import ServiceRecord, Volunteer

    volunteer = Volunteer.objects.filter(studio__code="04").first()
    print(f"PostgreSQL, {ROUNDS} requests per measurement")
    print(f"{'records':>8} {'volunteer':>10} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    measure_ledger(volunteer)
    fill(TARGET, volunteer)
    print(f"{ServiceRecord.objects.count():>8} ", end="")
    measure_ledger(volunteer, header=False)
    export_parent(__file__, "i志愿 XLSX export")


def measure_ledger(volunteer, header: bool = True) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cms.volunteers.models import ServiceRecord

    client = Client()
    client.force_login(get_user_model().objects.get(username="worker04"))
    url = f"/admin/volunteers/volunteer/inspect/{volunteer.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    count = len(queries)  # now: the next request clears the log this counts from
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    own = ServiceRecord.objects.filter(volunteer=volunteer).count()
    if header:
        print(f"{ServiceRecord.objects.count():>8} ", end="")
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{own:>10} {statistics.median(timings):>10.1f} {p95:>8.1f} {count:>8}")


def fill(target: int, measured) -> None:
    """Verified two-hour records on distinct days per volunteer, so none overlaps."""
    from django.db import connection
    from django.utils import timezone

    from cms.volunteers.models import ServiceActivity, ServiceRecord, Volunteer

    missing = target - ServiceRecord.objects.count()
    volunteers = list(Volunteer.objects.exclude(pk=measured.pk).values_list("pk", "studio_id"))
    activities = {}
    for activity in ServiceActivity.objects.order_by("pk"):
        activities.setdefault(activity.studio_id, activity)
    origin = timezone.now() - datetime.timedelta(days=30)
    batch = []
    for i in range(max(missing, 0)):
        if i % 5 == 0:
            volunteer_id, studio_id = measured.pk, measured.studio_id
            day = i // 5
        else:
            volunteer_id, studio_id = volunteers[i % len(volunteers)]
            day = i // len(volunteers)
        started = origin - datetime.timedelta(days=day, hours=3)
        batch.append(
            ServiceRecord(
                volunteer_id=volunteer_id,
                activity=activities[studio_id],
                started_at=started,
                ended_at=started + datetime.timedelta(hours=2),
                hours=2,
                content="批量服务记录",
                status=ServiceRecord.Status.VERIFIED,
            )
        )
        if len(batch) == 5000:
            ServiceRecord.objects.bulk_create(batch)
            batch = []
    if batch:
        ServiceRecord.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE volunteers_servicerecord")


def export_child() -> None:
    size, peak, baseline = measure_export("/admin/volunteers/export.xlsx", PERIOD)
    from cms.volunteers.models import ServiceRecord

    rows = ServiceRecord.objects.filter(status=ServiceRecord.Status.VERIFIED).count() + 1
    print(rows, size, peak, baseline)


if __name__ == "__main__":
    main()
