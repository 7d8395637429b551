"""The register list at scale on PostgreSQL: the admin's member list (masked names and phones, filters,
pagination) for the owning studio's worker and the committee office, with 1,000 and 100,000 members, plus
a filtered and a searched page; median and p95 time and the query count.

    .venv/bin/python bench/register_list.py     # DATABASE_URL defaults to a qiandeng_registers_bench database
    .venv/bin/python bench/register_list.py --reuse   # again, on the members the last run filled

The database is created afresh with the demo users only; members are inserted in SQL (history is not
needed here) into the new-employment register, with their profiles, enrolled a minute apart.
``BENCH_SIZES=1000,100000`` (the default) picks the sizes, e.g. ``BENCH_SIZES=1000000``.
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qiandeng_registers_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from case_admin import ROUNDS, fresh_database, measure

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
    print(
        f"{'members':>9} {'user':<9} {'page':<12} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7}"
        f" {'SQL ms':>7} {'queries':>8}  load"
    )
    for size in [Member.objects.count()] if reuse else SIZES:
        if not reuse:
            fill(size)
        for username in ("worker05", "office"):
            for label, url in PAGES.items():
                measure(size, username, label, url)


def fill(target: int) -> None:
    """Members of the new-employment register up to ``target``, with their profiles, in two
    ``INSERT … SELECT generate_series`` (enrolled a minute apart, the newest now, inserted oldest first)."""
    from django.db import connection, transaction

    from cms.places.models import Community
    from cms.registers.models import Member, Register, RegisterKind
    from cms.registers.models.members import Occupation

    register = Register.objects.get(kind=RegisterKind.NEW_EMPLOYMENT)
    start = Member.objects.count()
    if start >= target:
        return
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(
            """
            INSERT INTO registers_member (name, phone, id_number, named_publicly, consented_at,
                notice_version, state, enrolled_at, observer_code_hash, community_id, studio_id,
                register_id)
            SELECT (ARRAY['陈', '李', '黄', '张', '梁', '何', '罗', '郑', '谢', '冯'])[1 + floor(random() * 10)::int]
                   || (ARRAY['晓明', '丽华', '志强', '美玲'])[1 + floor(random() * 4)::int],
                   '170' || lpad(n::text, 8, '0'), '', false, now(), 1,
                   CASE WHEN random() < 0.25 THEN 'submitted' ELSE 'verified' END,
                   now() - make_interval(mins => n), '', %(community)s, %(studio)s, %(register)s
            FROM generate_series(%(start)s, %(end)s) AS n
            ORDER BY n DESC
            """,
            {
                "community": Community.objects.values_list("pk", flat=True).first(),
                "studio": register.studio_id,
                "register": register.pk,
                "start": start,
                "end": target - 1,
            },
        )
        cursor.execute(
            """
            INSERT INTO registers_workerprofile (occupation, platform, usual_area, party_member,
                volunteer_team, member_id)
            SELECT (%(occupations)s::text[])[1 + floor(random() * %(kinds)s)::int], '', '', false, false,
                   member.id
            FROM registers_member member
            WHERE member.register_id = %(register)s
              AND NOT EXISTS (SELECT 1 FROM registers_workerprofile p WHERE p.member_id = member.id)
            """,
            {
                "occupations": list(Occupation.values),
                "kinds": len(Occupation.values),
                "register": register.pk,
            },
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE registers_member")
        cursor.execute("VACUUM ANALYZE registers_workerprofile")
    print(
        f"filled to {target:,} members in {time.perf_counter() - began:.0f} s (with VACUUM ANALYZE)"
    )


if __name__ == "__main__":
    main()
