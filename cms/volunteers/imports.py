"""Importing a studio's existing volunteer ledger (XLSX): a sheet of volunteers and a sheet of their service
records, on the shared import flow (``cms/core/imports.py``).

志愿者: matched by studio and phone; a new one is registered and a changed one corrected through
``services.save_volunteer`` (history), with the consent the paper form recorded (已同意隐私告知 must say 是).
服务记录: each names the volunteer by phone, the team and the activity; an activity is found by studio, team,
name and day, or created with the importing person as organiser; a record is added as a draft through
``services.save_record`` (hours, overlaps), to be verified by the organiser as usual; a record already there
for the same volunteer and times is left alone. So importing the same file twice changes nothing.
Each row's studio (工作室 column: the code, e.g. 05; empty when the importing person manages one studio
only) must be one the person manages. The whole file is one transaction: one bad row and nothing is saved;
a dry run runs the same steps and rolls back. The preview labels people masked.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core import history, privacy
from cms.core.access import MANAGE_VOLUNTEERS, studio_ids_for
from cms.core.imports import (
    Action,
    CellError,
    Column,
    ImportReport,
    RowOutcome,
    choice,
    date_value,
    decimal_number,
    moment,
    read_sheets,
    template_workbook,
    text,
    whole_number,
    yes_no_blank_no,
)
from cms.studios.models import Studio
from cms.volunteers import services
from cms.volunteers.models import ServiceActivity, ServiceRecord, Team, Volunteer

VOLUNTEERS = "志愿者"
RECORDS = "服务记录"


def _consented(value) -> bool:
    if not yes_no_blank_no(value):
        raise CellError(_("本人未同意隐私告知的志愿者不能导入。"))
    return True


SHEETS = {
    VOLUNTEERS: [
        Column("工作室", "studio", example="05"),
        Column("姓名", "name", required=True, example="张示例"),
        Column("手机号码", "phone", required=True, example="13800000000"),
        Column("性别", "gender", choice(Volunteer.Gender.choices), example="女"),
        Column("党员", "party_member", yes_no_blank_no, example="否"),
        Column("i志愿编号", "izhiyuan_number", example=""),
        Column("所属服务队", "teams", example="骑手志愿服务队"),
        Column("加入日期", "joined_on", date_value, example="2025-03-01"),
        Column("已同意隐私告知", "consented", _consented, required=True, example="是"),
    ],
    RECORDS: [
        Column("工作室", "studio", example="05"),
        Column("志愿者手机号码", "phone", required=True, example="13800000000"),
        Column("服务队", "team", required=True, example="骑手志愿服务队"),
        Column("活动名称", "activity", required=True, example="暖蜂驿站义诊"),
        Column("开始时间", "started_at", moment, required=True, example="2025-06-01 09:00"),
        Column("结束时间", "ended_at", moment, required=True, example="2025-06-01 11:30"),
        Column("扣除时间（分钟）", "break_minutes", whole_number, example="0"),
        Column("服务时长（小时）", "hours", decimal_number, example="2.5"),
        Column("时长调整理由", "hours_reason", example=""),
        Column("服务内容", "content", required=True, example="协助义诊登记"),
        Column("地点", "place", example="暖蜂驿站（千灯湖）"),
    ],
}


def template() -> bytes:
    return template_workbook(SHEETS)


def import_ledger(content: bytes, user, *, dry_run: bool) -> ImportReport:
    """Reads both sheets and applies them in one transaction; rolled back on a dry run or any error."""
    report = ImportReport()
    sheets = read_sheets(content, report, SHEETS)
    if report.errors:
        return report
    context = _Context(user)
    with transaction.atomic():
        seen: dict[tuple, int] = {}
        for outcome, values in sheets.get(VOLUNTEERS, []):
            outcome.label = _masked(values.get("name", ""), values.get("phone", ""))
            if not outcome.errors:
                _volunteer(context, outcome, values, seen)
        for outcome, values in sheets.get(RECORDS, []):
            outcome.label = privacy.mask_phone(values.get("phone", ""))
            if not outcome.errors:
                _record(context, outcome, values)
        if dry_run or not report.ok:
            transaction.set_rollback(True)
        else:
            report.applied = True
    return report


def _masked(name: str, phone: str) -> str:
    return f"{privacy.mask_name(name)} {privacy.mask_phone(phone)}"


class _Context:
    def __init__(self, user):
        self.user = user
        self.studio_ids = studio_ids_for(user, MANAGE_VOLUNTEERS)
        self.studios = {s.code: s for s in Studio.objects.filter(pk__in=self.studio_ids)}
        self.teams = {
            (t.studio_id, t.name): t for t in Team.objects.filter(studio_id__in=self.studio_ids)
        }
        self.activities: dict[tuple, ServiceActivity] = {}
        self.records_seen: dict[tuple, int] = {}

    def studio(self, outcome: RowOutcome, code: str) -> Studio | None:
        code = text(code).zfill(2) if text(code) else ""
        if not code:
            if len(self.studios) == 1:
                return next(iter(self.studios.values()))
            outcome.fail_on("studio", _("请填写工作室编号（如 05）。"))
            return None
        studio = self.studios.get(code)
        if studio is None:
            outcome.fail_on("studio", _("您不能导入到工作室“%(code)s”。") % {"code": code})
        return studio

    def team(self, outcome: RowOutcome, studio: Studio, name: str, field: str) -> Team | None:
        team = self.teams.get((studio.pk, name.strip()))
        if team is None:
            outcome.fail_on(
                field,
                _("工作室 %(code)s 没有服务队“%(name)s”，请先在后台添加。")
                % {"code": studio.code, "name": name.strip()},
            )
        return team


def _volunteer(context: _Context, outcome: RowOutcome, values: dict, seen) -> None:
    studio = context.studio(outcome, values.get("studio", ""))
    if studio is None:
        return
    try:
        phone = privacy.validate_phone(values["phone"])
    except ValidationError as error:
        outcome.fail_on("phone", error.messages[0])
        return
    if (studio.pk, phone) in seen:
        outcome.fail_on("phone", _("与第 %(row)s 行重复。") % {"row": seen[(studio.pk, phone)]})
        return
    seen[(studio.pk, phone)] = outcome.row
    teams = None
    if "teams" in values:
        names = [
            n
            for n in values["teams"].replace("，", "、").replace(",", "、").split("、")
            if n.strip()
        ]
        teams = [context.team(outcome, studio, n, "teams") for n in names]
        if outcome.errors:
            return
    volunteer = Volunteer.objects.filter(studio=studio, phone=phone).first()
    created = volunteer is None
    if created:
        volunteer = Volunteer(studio=studio, phone=phone, consented_at=timezone.now())
    changes = []
    for name in ("name", "gender", "party_member", "izhiyuan_number", "joined_on"):
        if name not in values or (name == "joined_on" and values[name] is None):
            continue
        if getattr(volunteer, name) != values[name]:
            changes.append(str(Volunteer._meta.get_field(name).verbose_name))
            setattr(volunteer, name, values[name])
    if teams is not None and not created and set(volunteer.teams.all()) != set(teams):
        changes.append(_("所属服务队"))
    if not created and not changes:
        return
    try:
        services.save_volunteer(context.user, volunteer, teams=teams)
    except ValidationError as error:
        outcome.fail(error.messages[0])
        return
    outcome.action = Action.CREATE if created else Action.UPDATE
    if not created:
        outcome.changes.append(_("修改：%(fields)s") % {"fields": "、".join(changes)})


def _record(context: _Context, outcome: RowOutcome, values: dict) -> None:
    studio = context.studio(outcome, values.get("studio", ""))
    if studio is None:
        return
    team = context.team(outcome, studio, values["team"], "team")
    if team is None:
        return
    try:
        phone = privacy.validate_phone(values["phone"])
    except ValidationError as error:
        outcome.fail_on("phone", error.messages[0])
        return
    volunteer = Volunteer.objects.filter(studio=studio, phone=phone).first()
    if volunteer is None:
        outcome.fail_on(
            "phone", _("本工作室没有这个手机号码的志愿者，请先在“志愿者”工作表中登记。")
        )
        return
    started, ended = values["started_at"], values["ended_at"]
    key = (volunteer.pk, started, ended)
    if key in context.records_seen:
        outcome.fail(_("与第 %(row)s 行重复。") % {"row": context.records_seen[key]})
        return
    context.records_seen[key] = outcome.row
    if ServiceRecord.objects.filter(
        volunteer=volunteer, started_at=started, ended_at=ended
    ).exists():
        return  # recorded already (an earlier import, or typed in): unchanged
    activity = _activity(context, studio, team, values)
    record = ServiceRecord(
        volunteer=volunteer,
        activity=activity,
        started_at=started,
        ended_at=ended,
        break_minutes=values.get("break_minutes") or 0,
        content=values["content"][:200],
    )
    hours = values.get("hours")
    try:
        services.save_record(
            context.user,
            record,
            hours=Decimal(hours) if hours is not None else None,
            reason=values.get("hours_reason", ""),
        )
    except ValidationError as error:
        outcome.fail(error.messages[0])
        return
    outcome.action = Action.CREATE


def _activity(context: _Context, studio, team, values: dict) -> ServiceActivity:
    """The activity a record belongs to: one of the team's with the same name on the same day, or a new one
    spanning the file's records of it, organised by the importing person."""
    day = timezone.localdate(values["started_at"])
    key = (team.pk, values["activity"].strip(), day)
    activity = context.activities.get(key)
    if activity is None:
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        activity = ServiceActivity.objects.filter(
            team=team,
            title=key[1],
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=1),
        ).first()
    if activity is None:
        activity = ServiceActivity(
            studio=studio,
            team=team,
            title=key[1][:100],
            organiser=context.user,
            starts_at=values["started_at"],
            ends_at=values["ended_at"],
            place=values.get("place") or _("（表格导入）"),
            content=values["content"],
        )
        history.save(activity, context.user, _("表格导入"))
    elif activity.starts_at > values["started_at"] or activity.ends_at < values["ended_at"]:
        activity.starts_at = min(activity.starts_at, values["started_at"])
        activity.ends_at = max(activity.ends_at, values["ended_at"])
        history.save(activity, context.user, _("表格导入"))
    context.activities[key] = activity
    return activity
