"""The register list at scale on PostgreSQL: the admin's member list (masked names and phones, filters,
pagination) for the owning studio's worker and the committee office, with 1,000 and 100,000 members, plus
a filtered and a searched page; median and p95 time and the query count.

    .venv/bin/python bench/register_list.py     # DATABASE_URL defaults to a qiandeng_registers_bench database
    .venv/bin/python bench/register_list.py --reuse   # again, on the members the last run filled

The database is created afresh with the demo users only; members are bulk-inserted (history is not needed
here) into the new-employment register, with their profiles, spread over the last year.
"""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qiandeng_registers_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from case_admin import ROUNDS, fresh_database

SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "1000,100000").split(","))
PAGES = {
    "list": "/admin/registers/member/",
    "verified": "/admin/registers/member/?state=verified",
    "search": "/admin/registers/member/?q=陈",
    "page 50": "/admin/registers/member/?p=50",
}


def main() -> None:
    reuse = "--reuse" in sys.argv  # measure again on the database the last run filled
    if not reuse:
        fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    from cms.registers.models import Member

    call_command(
        "collectstatic", interactive=False, verbosity=0
    )  # the admin's manifest, also on --reuse
    if not reuse:
        call_command("migrate", verbosity=0)
        from cms.demo import pages

        pages.load_users()
    print(f"PostgreSQL, {ROUNDS} requests per measurement")
    header = (
        f"{'members':>8} {'user':>9} {'page':>9} {'median ms':>10} {'p95 ms':>8} {'queries':>8}"
    )
    print(header + f" {'SQL ms':>7}")
    for size in [Member.objects.count()] if reuse else SIZES:
        if not reuse:
            fill(size)
        for username in ("worker05", "office"):
            for label, url in PAGES.items():
                measure(size, username, label, url)


def measure(size: int, username: str, label: str, url: str) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    count = len(queries)
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{size:>8} {username:>9} {label:>9} {statistics.median(timings):>10.1f} {p95:>8.1f} {count:>8}"
        f" {sql_ms:>7.1f}"
    )


def fill(target: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from cms.places.models import Community
    from cms.registers.models import Member, Register, RegisterKind, WorkerProfile
    from cms.registers.models.members import Occupation

    register = Register.objects.get(kind=RegisterKind.NEW_EMPLOYMENT)
    community = Community.objects.first()
    rng = random.Random(target)
    now = timezone.now()
    start = Member.objects.count()
    for first in range(start, target, 5000):
        members = [
            Member(
                register=register,
                studio_id=register.studio_id,
                name=rng.choice("陈李黄张梁何罗郑谢冯")
                + rng.choice(["晓明", "丽华", "志强", "美玲"]),
                phone=f"170{n:08d}",
                community=community,
                consented_at=now,
                notice_version=1,
                state=rng.choice(["submitted", "verified", "verified", "verified"]),
                enrolled_at=now - datetime.timedelta(minutes=n),
            )
            for n in range(first, min(first + 5000, target))
        ]
        Member.objects.bulk_create(members)
        WorkerProfile.objects.bulk_create(
            WorkerProfile(member=m, occupation=rng.choice(Occupation.values)) for m in members
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE registers_member")


if __name__ == "__main__":
    main()
