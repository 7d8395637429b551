"""The committee's dashboard and monthly report in the admin: the three rates and the other figures, for
the committee office over every studio and for a studio's leads over their own.
Registered by ``cms/committee/wagtail_hooks.py``."""

import datetime
import tempfile

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.cases.models import Case, Status
from cms.committee import forms, rates
from cms.core import spreadsheets
from cms.core.access import SEE_FIGURES, is_committee_office, studio_ids_for

QUEUE_STATUSES = (Status.AWAITING_ROUTING, Status.RETURNED)
QUEUE_PAGE_SIZE = 50


def _scope(user):
    """The cases whose figures ``user`` may see: all for the committee office, else their studios'."""
    if is_committee_office(user):
        return Case.objects.all()
    ids = studio_ids_for(user, SEE_FIGURES)
    if not ids:
        raise PermissionDenied
    return Case.objects.filter(studio_id__in=ids)


def _report(request) -> dict:
    form = forms.PeriodForm(request.GET or None)
    cases = rates.at_place(_scope(request.user), **form.place())
    period = form.period()
    figures = rates.report(cases, period)
    return {
        "form": form,
        "period": period,
        "last_day": period.end - datetime.timedelta(days=1),
        "total": figures.total,
        "by_studio": figures.by_studio,
        "by_category": figures.by_category,
        "by_unit": figures.by_unit,
        "by_community": figures.by_community,
        "by_estate": figures.by_estate,
        "query": request.GET.urlencode(),
        "definitions": rates.DEFINITIONS,
        "no_data_note": rates.NO_DATA_NOTE,
    }


def dashboard(request):
    context = _report(request)
    trend = rates.monthly_trend(rates.at_place(_scope(request.user), **context["form"].place()))
    peak = max([received for _month, received, _resolved in trend] + [1])
    context["trend"] = [
        (month, received, resolved, 100 * received / peak, 100 * resolved / peak)
        for month, received, resolved in trend
    ]
    return TemplateResponse(request, "committee/dashboard.html", context)


def report_print(request):
    return TemplateResponse(request, "committee/report_print.html", _report(request))


def report_xlsx(request):
    context = _report(request)
    sheets = {
        _("按工作室"): _table(context["by_studio"], context["total"], with_studio_figures=True),
        _("按类别"): _table(context["by_category"], context["total"]),
        _("按承办单位"): _table(context["by_unit"], context["total"]),
        _("按社区"): _table(context["by_community"], context["total"]),
        _("按小区"): _table(context["by_estate"], context["total"]),
    }
    spool = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by FileResponse)
    spreadsheets.xlsx_workbook(sheets, spool.name)
    spool.seek(0)
    period = context["period"]
    name = f"qiandeng-report-{period.start}-{context['last_day']}.xlsx"
    return FileResponse(spool, as_attachment=True, filename=name)


def _table(rows, total, with_studio_figures: bool = False):
    header = [
        _("名称"),
        _("受理"),
        _("办结"),
        _("超期"),
        _("响应率 %"),
        _("办结率 %"),
        _("满意率 %"),
        _("办结用时中位数（天）"),
    ]
    if with_studio_figures:
        header += [_("志愿服务时长（小时）"), _("调解成功率 %")]
    yield header
    for row in [*rows, total]:
        cells = [
            row.label or _("合计"),
            row.received,
            row.resolved,
            row.overdue,
            row.response_rate,
            row.resolution_rate,
            row.satisfaction_rate,
            row.median_resolution_days,
        ]
        if with_studio_figures:
            cells += [row.volunteer_hours, row.mediation_success_rate]
        yield cells  # numbers stay numbers; a rate with nothing to count is an empty cell


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
