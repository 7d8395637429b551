"""Periodic jobs that run once per period however many schedulers tick, on however many machines.

``tick()`` (called every minute by ``manage.py run_schedules --loop``, one or more per deployment) works
out each job's current period and claims it by inserting ``ScheduledRun(job, period_key)``: the unique
pair lets exactly one claim win. The winner enqueues the job as a task in the same transaction (with the
database backend the claim and the task commit together), and a worker runs it.

Catch-up: a period is claimed whenever a tick sees it unclaimed, so after downtime the current period
runs at the first tick (a 07:30 digest missed at 07:30 runs when the site is back at 09:00). Older missed
periods are not replayed: each job covers everything up to now (a deadline scan looks at every open
case, a digest at today). A run that failed, or that has been running longer than its job's timeout
(a worker killed mid-run), is claimed again at the next tick, up to ``MAX_ATTEMPTS`` times.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task, task_backends
from django_tasks_db.backend import DatabaseBackend

from cms.notifications.models import ScheduledRun

MAX_ATTEMPTS = 3
RunState = ScheduledRun.RunState


@dataclass(frozen=True)
class Job:
    name: str
    function: str  # dotted path of a callable taking no arguments; what it returns is recorded
    every: timedelta  # minutes dividing a day, or one day
    at: time = time(0, 0)  # daily jobs: the local time their period starts
    timeout: timedelta = timedelta(minutes=30)

    def period_key(self, now: datetime) -> str:
        local = timezone.localtime(now)
        if self.every >= timedelta(days=1):
            shifted = local - timedelta(hours=self.at.hour, minutes=self.at.minute)
            return shifted.date().isoformat()
        step = int(self.every.total_seconds() // 60)
        minute = local.hour * 60 + local.minute
        minute -= minute % step
        return f"{local.date().isoformat()}T{minute // 60:02d}:{minute % 60:02d}"


_jobs: dict[str, Job] = {}


def register(job: Job) -> None:
    _jobs[job.name] = job


def jobs() -> list[Job]:
    return list(_jobs.values())


def tick(now: datetime | None = None, only: list[Job] | None = None) -> list[str]:
    """Claims and enqueues every job whose current period nobody has claimed; returns the claimed runs."""
    now = now or timezone.now()
    claimed = []
    for job in jobs() if only is None else only:
        key = job.period_key(now)
        if _claim(job, key, now):
            claimed.append(f"{job.name}@{key}")
    return claimed


@task()
def run_scheduled_job(job: str, period_key: str) -> str:
    """The task a winning claim enqueues: arguments are the job's name and period only."""
    return run_claimed(job, period_key)


def run_claimed(job_name: str, period_key: str) -> str:
    """Runs a claimed period (the task the winning tick enqueued) and records its outcome."""
    run = ScheduledRun.objects.get(job=job_name, period_key=period_key)
    if run.state != RunState.RUNNING:
        return f"already {run.state}"
    try:
        result = import_string(_jobs[job_name].function)()
    except Exception as error:
        ScheduledRun.objects.filter(pk=run.pk).update(
            state=RunState.FAILED,
            finished_at=timezone.now(),
            result=f"{type(error).__name__}: {error}"[:500],
        )
        raise
    ScheduledRun.objects.filter(pk=run.pk).update(
        state=RunState.DONE, finished_at=timezone.now(), result=str(result)[:500]
    )
    return str(result)


def _claim(job: Job, key: str, now: datetime) -> bool:
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job.name, period_key=key, claimed_at=now)
            _enqueue(job, key)
        return True
    except IntegrityError:
        pass
    # The period is someone's: claim it again only if that run failed or died (conditional update).
    with transaction.atomic():
        again = (
            ScheduledRun.objects.filter(job=job.name, period_key=key, attempts__lt=MAX_ATTEMPTS)
            .filter(
                Q(state=RunState.FAILED)
                | Q(state=RunState.RUNNING, claimed_at__lt=now - job.timeout)
            )
            .update(state=RunState.RUNNING, attempts=F("attempts") + 1, claimed_at=now)
        )
        if again:
            _enqueue(job, key)
    return bool(again)


def _enqueue(job: Job, key: str) -> None:
    enqueue_on_commit(run_scheduled_job, job.name, key)


def enqueue_on_commit(queued_task, *args) -> None:
    """Enqueues ``queued_task`` so that it never runs before the caller's transaction is committed and
    is not lost if it is. With the database queue the task row commits with that transaction (neither
    is lost without the other); another queue (Redis) gets it once the transaction commits (a crash in
    between is caught up by the caller: a scheduled job after its timeout)."""
    if isinstance(task_backends["default"], DatabaseBackend):
        queued_task.enqueue(*args)
    else:
        transaction.on_commit(lambda: queued_task.enqueue(*args))
