"""The asker's own exports: the list (我的导出), one job's page (a progress bar that reloads itself every
two seconds while the file is built: a ``Refresh`` header, no script), and the download. Another user's
job is not found; every download is written in the personal-data access log."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from cms.core import audit
from cms.exports.models import ExportJob

REFRESH_SECONDS = 2


def _mine(request):
    return ExportJob.objects.filter(user=request.user, expires_at__gte=timezone.now())


def job_list(request):
    page = Paginator(_mine(request), 30).get_page(request.GET.get("p"))
    return TemplateResponse(request, "exports/job_list.html", {"page": page})


def job_detail(request, pk: int):
    job = get_object_or_404(_mine(request), pk=pk)
    response = TemplateResponse(
        request, "exports/job_detail.html", {"job": job, "refresh": REFRESH_SECONDS}
    )
    if not job.is_finished:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def download(request, pk: int):
    job = get_object_or_404(_mine(request), pk=pk, state=ExportJob.State.DONE)
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record(request, audit.Action.EXPORT, job.subject or job.title)
    response = FileResponse(handle, as_attachment=True, filename=job.file_name)
    response["Cache-Control"] = "private, no-store"
    return response
