"""The i志愿 export: verified service records of a period, in the columns the provincial platform's
batch upload takes, so the team uploads hours there (i志愿 stays the system of record)."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cms.core import staff
from cms.core.access import MANAGE_VOLUNTEERS, studio_ids_for
from cms.core.spreadsheets import Cell, local_minute
from cms.exports.registry import NotAllowedError, Spreadsheet
from cms.volunteers.models import ServiceRecord


def header() -> list[str]:
    return [
        _("志愿者姓名"),
        _("i志愿编号"),
        _("服务活动"),
        _("服务日期"),
        _("开始时间"),
        _("结束时间"),
        _("服务时长（小时）"),
        _("服务内容"),
        _("组织者"),
    ]


def verified_in(records: QuerySet, start, end) -> QuerySet:
    return (
        records.verified().filter(started_at__date__range=(start, end)).order_by("started_at", "pk")
    )


def rows(records: QuerySet) -> Iterator[list[Cell]]:
    """The header, then one row per record: plain tuples, times as local text formatted by the database
    (flat memory, and no datetimes to read at 100,000 rows)."""
    organisers = staff.names_by_id()
    yield header()
    values = records.annotate(
        started=local_minute("started_at"), ended=local_minute("ended_at")
    ).values_list(
        "volunteer__name",
        "volunteer__izhiyuan_number",
        "activity__title",
        "started",
        "ended",
        "hours",
        "content",
        "activity__organiser_id",
    )
    for name, number, activity, started, ended, hours, content, organiser_id in values.iterator(
        chunk_size=1000
    ):
        yield [
            name,
            number,
            activity,
            started[:10],
            started[11:],
            ended[11:],
            hours,
            content,
            organisers.get(organiser_id, ""),
        ]


def spreadsheet(user, params: dict) -> Spreadsheet:
    """The i志愿 XLSX of the user's studios for a period, built by a task (``cms.exports``, registered
    in ``VolunteersConfig.ready``); ``params`` holds the period's first and last day (ISO dates)."""
    ids = studio_ids_for(user, MANAGE_VOLUNTEERS)
    if not ids:
        raise NotAllowedError
    start, end = params["start"], params["end"]
    records = verified_in(ServiceRecord.objects.filter(activity__studio_id__in=ids), start, end)
    return Spreadsheet(
        file_name=f"izhiyuan-{start}-{end}.xlsx",
        sheets={_("志愿服务记录"): rows(records)},
        rows_total=records.count() + 1,
        subject=subject(start, end),
    )


def subject(start, end) -> str:
    return _("i志愿导出 %(start)s–%(end)s") % {"start": start, "end": end}
