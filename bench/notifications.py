"""Notifications at scale on PostgreSQL: the deadline scan (预警) over 100,000 open cases, and 1,000 outbox
messages delivered by two worker processes at once with none sent twice.

    .venv/bin/python bench/notifications.py   # DATABASE_URL defaults to a qiandeng_notifications_bench database

The database is created afresh on each run (migrations and the demo content, then 100,000 open cases
bulk-inserted with deadlines spread from 10 days ago to 30 days ahead). ``--reuse`` keeps the database of
an earlier run (creating it takes minutes on a loaded machine): its cases stay, and its warnings, messages
and tasks are deleted first, so every run starts from the same state.
"""

import datetime
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
URL = os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qiandeng_notifications_bench"
)
os.environ.update(
    DJANGO_SETTINGS_MODULE="cms.settings.production",
    SECRET_KEY="bench-only",
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="false",
    STATIC_ROOT=str(ROOT / "bench" / "static"),
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
os.environ.setdefault("LOG_LEVEL", "WARNING")

OPEN_CASES = 100_000
MESSAGES = 1_000


def main() -> None:
    from case_admin import fresh_database

    reuse = "--reuse" in sys.argv
    if not reuse:
        fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if reuse:
        forget_earlier_runs()
    else:
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from cms.notifications.worker import run_queued_tasks

    run_queued_tasks()  # the demo's own queued work (search index, notices)
    from cms.cases.models import Case

    if not Case.objects.filter(title__startswith="批量诉求").exists():
        fill_open_cases(OPEN_CASES)
    measure_scan()
    measure_delivery()


def forget_earlier_runs() -> None:
    from django_tasks_db.models import DBTaskResult

    from cms.cases.models import DeadlineWarning
    from cms.notifications.models import Message, SmsRecord

    for model in (DeadlineWarning, Message, SmsRecord, DBTaskResult):
        model.objects.all().delete()


def fill_open_cases(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from cms.cases.models import Case, CaseCategory, Status

    categories = list(CaseCategory.objects.select_related("studio"))
    workers = {
        u.username[-2:]: u.pk
        for u in get_user_model().objects.filter(username__startswith="worker")
    }
    statuses = [Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS]
    now = timezone.now()
    batch = []
    for i in range(count):
        category = categories[i % len(categories)]
        status = statuses[i % 3]
        due = now + datetime.timedelta(minutes=(i * 7919) % (40 * 24 * 60) - 10 * 24 * 60)
        batch.append(
            Case(
                reference=f"BENCH-{i:06d}",
                retrieval_code_hash="0" * 64,
                studio_id=category.studio_id,
                category=category,
                source="phone",
                location_text="示例社区",
                reporter_name="测试居民",
                reporter_phone=f"139{i:08d}",
                title=f"批量诉求 {i}",
                description="用于性能测试的合成诉求。",
                priority=("normal", "urgent", "emergency")[i % 7 % 3],
                status=status,
                assignee_id=None if status == Status.RECEIVED else workers[category.studio.code],
                received_at=due - datetime.timedelta(days=13),
                first_contact_due=due - datetime.timedelta(days=12),
                first_contacted_at=due - datetime.timedelta(days=12),
                handling_due=due,
            )
        )
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch = []
    if batch:
        Case.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cases_case")


def measure_scan() -> None:
    """The scan as it runs every 15 minutes: earlier scans have warned the backlog (bulk-recorded here as
    warnings given), so each run finds what came due since; then the backlog itself, warned at once."""
    from django.utils import timezone

    from cms.cases import deadline_scan
    from cms.cases.models import Case, DeadlineWarning
    from cms.notifications.models import Message

    now = timezone.now()
    backlog = []
    for kind, cases in deadline_scan.unwarned(now).items():
        backlog += [
            DeadlineWarning(case_id=pk, kind=kind, due=due)
            for pk, due in cases.values_list("pk", "handling_due")
        ]
    DeadlineWarning.objects.bulk_create(backlog, batch_size=5000)
    print(f"PostgreSQL, {Case.objects.open().count()} open cases; {len(backlog)} warned before")
    for label, at in (
        ("scan, nothing new", now),
        ("scan 15 minutes later", now + datetime.timedelta(minutes=15)),
        ("scan 3 hours later", now + datetime.timedelta(hours=3)),
    ):
        messages_before = Message.objects.count()
        start = time.perf_counter()
        counts = deadline_scan.scan(at)
        elapsed = time.perf_counter() - start
        print(
            f"  {label:<24} {elapsed:6.2f} s  warnings {counts}  "
            f"messages +{Message.objects.count() - messages_before}"
        )
    DeadlineWarning.objects.filter(pk__in=[w.pk for w in backlog[:2000]]).delete()
    start = time.perf_counter()
    counts = deadline_scan.scan(now + datetime.timedelta(hours=3))
    print(f"  a backlog of 2,000 at once {time.perf_counter() - start:6.2f} s  warnings {counts}")


def measure_delivery() -> None:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from cms.notifications.models import Channel, Message, SmsRecord, State
    from cms.notifications.outbox import notify

    DBTaskResult.objects.all().delete()  # the scan's own deliveries are not measured here
    Message.objects.filter(state=State.QUEUED).update(state=State.FAILED, last_error="bench")
    with transaction.atomic():
        for i in range(MESSAGES):
            notify(
                channel=Channel.SMS,
                template="resident-received",
                key=f"bench:{i}",
                context={"reference": f"GC-2025-{i:06d}", "case_id": i},
                address=f"137{i:08d}",
            )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "-v", "0"]
    start = time.perf_counter()
    workers = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(2)]
    for worker in workers:
        worker.wait()
    elapsed = time.perf_counter() - start
    records = SmsRecord.objects.filter(out_id__startswith="bench:")
    sent = Message.objects.filter(idempotency_key__startswith="bench:", state=State.SENT).count()
    distinct = records.values("out_id").distinct().count()
    print(
        f"{MESSAGES} SMS by two db_worker processes: {elapsed:.1f} s, sent {sent}, "
        f"recorded {records.count()} ({distinct} distinct), sent twice: {records.count() - distinct}"
    )
    per_worker = Counter(
        ids[-1]
        for ids in DBTaskResult.objects.filter(task_path__endswith="deliver_message").values_list(
            "worker_ids", flat=True
        )
    )
    print(f"  tasks per worker: {sorted(per_worker.values())}")


if __name__ == "__main__":
    main()
