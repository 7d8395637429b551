"""The committee's report: the figures a user may see for a period and place (the dashboard, the print
page and the XLSX), and the XLSX itself, built by a task (``cms.exports``, registered in
``CommitteeConfig.ready``)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.utils.translation import gettext as _

from cms.cases.models import Case
from cms.committee import forms, rates
from cms.core.access import SEE_FIGURES, is_committee_office, studio_ids_for
from cms.core.snapshot_reads import at_once
from cms.exports.registry import NotAllowedError, Spreadsheet


def scope(user):
    """The cases whose figures ``user`` may see: all for the committee office, else their studios'."""
    if is_committee_office(user):
        return Case.objects.all()
    ids = studio_ids_for(user, SEE_FIGURES)
    if not ids:
        raise PermissionDenied
    return Case.objects.filter(studio_id__in=ids)


def context(user, params) -> dict:
    form = forms.PeriodForm(params or None)
    return _context(form, rates.at_place(scope(user), **form.place()), params)


def dashboard_context(user, params) -> dict:
    """The report's context with the last 12 months' trend (``trend``): both read a million cases, so
    they are read at once, on one snapshot."""
    form = forms.PeriodForm(params or None)
    cases = rates.at_place(scope(user), **form.place())
    figures, trend = at_once(
        lambda: _context(form, cases, params), lambda: rates.monthly_trend(cases)
    )
    return {**figures, "trend": trend}


def _context(form: forms.PeriodForm, cases, params) -> dict:
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
        "query": params.urlencode(),
        "definitions": rates.DEFINITIONS,
        "no_data_note": rates.NO_DATA_NOTE,
    }


def spreadsheet(user, params: dict) -> Spreadsheet:
    try:
        figures = context(user, QueryDict(params.get("query", "")))
    except PermissionDenied:
        raise NotAllowedError from None
    sheets = {
        _("按工作室"): _table(figures["by_studio"], figures["total"], with_studio_figures=True),
        _("按类别"): _table(figures["by_category"], figures["total"]),
        _("按承办单位"): _table(figures["by_unit"], figures["total"]),
        _("按社区"): _table(figures["by_community"], figures["total"]),
        _("按小区"): _table(figures["by_estate"], figures["total"]),
    }
    keys = ("by_studio", "by_category", "by_unit", "by_community", "by_estate")
    period = figures["period"]
    return Spreadsheet(
        file_name=f"qiandeng-report-{period.start}-{figures['last_day']}.xlsx",
        sheets=sheets,
        rows_total=sum(len(figures[k]) + 2 for k in keys),
        subject=_("基层治理工作月报 %(start)s–%(end)s")
        % {"start": period.start, "end": figures["last_day"]},
    )


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
        header += [
            _("志愿服务时长（小时）"),
            _("调解成功率 %"),
            _("催办（次）"),
            _("被催办诉求（件）"),
        ]
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
            cells += [row.volunteer_hours, row.mediation_success_rate, row.chases, row.chased_cases]
        yield cells  # numbers stay numbers; a rate with nothing to count is an empty cell
