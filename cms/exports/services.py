"""Exports as tasks: ``start`` records the job and enqueues its task after commit (the argument is the
job's id only); the task builds the file with ``cms.core.spreadsheets``, updating the progress every few
hundred rows, and tells the user it is ready (a notice and an e-mail). ``delete_expired`` (hourly, from
the scheduler) removes files and jobs after ``EXPORTS_KEEP_HOURS``."""

import datetime
import logging
import tempfile
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from cms.core import spreadsheets
from cms.exports import registry
from cms.exports.models import ExportJob
from cms.notifications.outbox import notify_staff
from cms.notifications.schedules import enqueue_on_commit
from cms.notifications.templates import Template, register

logger = logging.getLogger(__name__)
State = ExportJob.State
PROGRESS_EVERY = 500  # rows between two progress updates

register(
    Template(
        "export-ready",
        _("您申请的“{title}”已生成，请在 24 小时内下载。"),
        url_name="exports_job",
        url_args=("job_id",),
    ),
)


def keep() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.EXPORTS_KEEP_HOURS)


def start(user, kind: str, title: str, params: dict | None = None) -> ExportJob:
    """Queues ``kind`` for ``user`` (who the caller has checked may run it); returns the job."""
    registry.builder(kind)  # an unknown kind fails here, in the request, not later in a worker
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=user,
            kind=kind,
            title=title[:200],
            params=params or {},
            expires_at=timezone.now() + keep(),
        )
        enqueue_on_commit(run_export, job.pk)
    return job


@task()
def run_export(job_id: int) -> str:
    return build(job_id)


def build(job_id: int) -> str:
    """Builds one queued job's file (a job already taken by another worker is left alone)."""
    claimed = ExportJob.objects.filter(pk=job_id, state=State.QUEUED).update(state=State.RUNNING)
    if not claimed:
        return "skipped"
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        sheet = registry.builder(job.kind)(job.user, job.params)
        ExportJob.objects.filter(pk=job.pk).update(rows_total=sheet.rows_total)
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as spool:
            sheets = {title: _counted(job, rows) for title, rows in sheet.sheets.items()}
            spreadsheets.xlsx_workbook(sheets, spool.name)
            spool.seek(0)
            name = f"{job.user_id}/{get_random_string(24)}.xlsx"
            job.file.save(name, File(spool), save=False)
    except registry.NotAllowedError:
        _fail(job, str(_("您已无权导出这些数据。")))
        return "refused"
    except Exception as error:
        logger.exception("export %s failed", job.pk)
        _fail(job, f"{type(error).__name__}: {error}")
        return "failed"
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        state=State.DONE,
        file=job.file.name,
        file_name=sheet.file_name,
        subject=sheet.subject[:200],
        finished_at=now,
        expires_at=now + keep(),
        rows_done=job.rows_done,
    )
    notify_staff(
        job.user,
        template="export-ready",
        key=f"export:{job.pk}:ready",
        context={"title": job.title, "job_id": job.pk},
    )
    return "done"


def _counted(job: ExportJob, rows: Iterable[list]) -> Iterator[list]:
    for row in rows:
        yield row
        job.rows_done += 1
        if job.rows_done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job.pk).update(rows_done=job.rows_done)


def _fail(job: ExportJob, reason: str) -> None:
    ExportJob.objects.filter(pk=job.pk).update(
        state=State.FAILED, error=reason[:500], finished_at=timezone.now()
    )


def delete_expired(now: datetime.datetime | None = None) -> str:
    """Removes the files and rows of jobs past their keeping (the scheduled clean-up)."""
    expired = list(ExportJob.objects.filter(expires_at__lt=now or timezone.now()))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return f"{len(expired)} deleted"
