"""The committee's dashboard and monthly report in the admin: the three rates and the other figures, for
the committee office over every studio and for a studio's leads over their own.
Registered by ``cms/committee/wagtail_hooks.py``."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.cases.models import Case, Status
from cms.committee import forms, report
from cms.core.access import is_committee_office
from cms.exports import services as export_jobs

QUEUE_STATUSES = (Status.AWAITING_ROUTING, Status.RETURNED)
QUEUE_PAGE_SIZE = 50


def _report(request) -> dict:
    return report.context(request.user, request.GET)


def dashboard(request):
    context = report.dashboard_context(request.user, request.GET)
    peak = max([received for _month, received, _resolved in context["trend"]] + [1])
    context["trend"] = [
        (month, received, resolved, 100 * received / peak, 100 * resolved / peak)
        for month, received, resolved in context["trend"]
    ]
    return TemplateResponse(request, "committee/dashboard.html", context)


def report_print(request):
    return TemplateResponse(request, "committee/report_print.html", _report(request))


def report_xlsx(request):
    """The monthly report as XLSX, built by a task (``cms.exports``) with a progress page."""
    report.scope(request.user)  # PermissionDenied for who may see no figures
    period = forms.PeriodForm(request.GET or None).period()
    title = _("基层治理工作月报 %(start)s 起") % {"start": period.start}
    job = export_jobs.start(
        request.user, "monthly-report", title, {"query": request.GET.urlencode()}
    )
    return HttpResponseRedirect(reverse("exports_job", args=(job.pk,)))


def routing_queue(request):
    """The committee office's queue: online submissions marked "not sure" and cases a studio returned,
    oldest first; each is routed from its case page (actions 分派 / 改派)."""
    if not is_committee_office(request.user):
        raise PermissionDenied
    waiting = (
        Case.objects.filter(status__in=QUEUE_STATUSES)
        .select_related("studio", "category")
        .order_by("received_at")
    )
    page = Paginator(waiting, QUEUE_PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(request, "committee/routing_queue.html", {"page": page})
