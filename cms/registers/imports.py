"""Importing a register's existing ledger (XLSX): one sheet of members with the fields every register asks
and that register's own (新乡贤, 人才, 新就业群体), on the shared import flow (``cms/core/imports.py``).

A row is matched to a current member of the register by phone: a new phone is enrolled through
``services.enrol`` (state 待核实, consent to the register's current notice: the 同意告知 column must say 是,
as the paper form did), a known one is corrected through ``services.edit_member`` (with history), an
unchanged one is left alone, so importing the same file twice changes nothing. The whole file is applied in
one transaction: one bad row and nothing is saved; a dry run runs the very same steps and rolls back.
Only the register's own studio and the committee office import into it (``services`` checks each row).
The preview never shows a name or phone whole: rows are labelled masked, as in the register's list.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core import privacy
from cms.core.access import MANAGE_REGISTERS, can
from cms.core.imports import (
    Action,
    CellError,
    Column,
    ImportReport,
    RowOutcome,
    choice,
    choices,
    date_value,
    read_sheets,
    template_workbook,
    text,
    yes_no_blank_no,
)
from cms.places.models import Community, Estate
from cms.registers import services
from cms.registers.models import Member, Register, RegisterKind
from cms.registers.models.members import (
    ContactWay,
    Occupation,
    SageField,
    SageOffer,
    TalentField,
    TalentLevel,
    TalentNeed,
    TalentOffer,
)

SHEET = "登记人员"
_MEMBER_FIELDS = ("name", "phone", "id_number", "community", "estate", "named_publicly")


def _required_yes(value) -> bool:
    if not yes_no_blank_no(value):
        raise CellError(_("本人未同意登记告知的人员不能导入。"))
    return True


def common_columns(register: Register) -> list[Column]:
    columns = [
        Column("姓名", "name", required=True, example="张示例"),
        Column("手机号码", "phone", required=True, example="13800000000"),
        Column("所在社区/村", "community", example="东二社区"),
        Column("所在小区", "estate", example="示例花园"),
        Column("同意公开姓名", "named_publicly", yes_no_blank_no, example="否"),
        Column("登记日期", "enrolled_on", date_value, example="2025-06-01"),
        Column("已同意登记告知", "consented", _required_yes, required=True, example="是"),
    ]
    if register.needs_id_number:
        columns.insert(2, Column("身份证号码", "id_number", example=""))
    return columns


PROFILE_COLUMNS = {
    RegisterKind.SAGES: [
        Column("籍贯村（社区）", "origin", required=True, example="平洲村"),
        Column("现居城市", "current_city", required=True, example="广州"),
        Column("专长领域", "field", choice(SageField.choices), required=True, example="法律"),
        Column("可提供", "offers", choices(SageOffer.choices), example="议事协商、调解纠纷"),
        Column("联系方式偏好", "preferred_contact", choice(ContactWay.choices), example="电话"),
    ],
    RegisterKind.TALENTS: [
        Column("专业领域", "field", choice(TalentField.choices), required=True, example="工程技术"),
        Column(
            "人才层次",
            "level",
            choice(TalentLevel.choices),
            required=True,
            example="C类（市级领军）",
        ),
        Column("工作单位", "employer", example="示例科技有限公司"),
        Column("服务需求", "needs", choices(TalentNeed.choices), example="政策咨询"),
        Column("可提供", "offers", choices(TalentOffer.choices), example="科学家第二课堂授课"),
    ],
    RegisterKind.NEW_EMPLOYMENT: [
        Column("职业", "occupation", choice(Occupation.choices), required=True, example="外卖骑手"),
        Column("所在平台或企业", "platform", example="示例外卖平台"),
        Column("常跑区域", "usual_area", example="千灯湖片区"),
        Column("党员（本人同意登记）", "party_member", yes_no_blank_no, example="否"),
        Column("已加入志愿服务队", "volunteer_team", yes_no_blank_no, example="否"),
    ],
}


def columns(register: Register) -> list[Column]:
    return common_columns(register) + PROFILE_COLUMNS[register.kind]


def template(register: Register) -> bytes:
    return template_workbook({SHEET: columns(register)})


def import_members(content: bytes, user, register: Register, *, dry_run: bool) -> ImportReport:
    """Reads the sheet and applies it in one transaction; rolled back on a dry run or any error."""
    if not can(user, MANAGE_REGISTERS, register.studio_id):
        raise PermissionDenied
    report = ImportReport()
    sheets = read_sheets(content, report, {SHEET: columns(register)})
    if report.errors:
        return report
    places = _Places()
    current = {m.phone: m for m in Member.objects.current().filter(register=register)}
    seen: dict[str, int] = {}
    profile_fields = [c.field for c in PROFILE_COLUMNS[register.kind]]
    with transaction.atomic():
        for outcome, values in sheets.get(SHEET, []):
            outcome.label = _masked(values)
            if outcome.errors:
                continue
            _apply_row(register, user, outcome, values, profile_fields, places, current, seen)
        if dry_run or not report.ok:
            transaction.set_rollback(True)
        else:
            report.applied = True
    return report


def _apply_row(register, user, outcome: RowOutcome, values, profile_fields, places, current, seen):
    try:
        phone = privacy.validate_phone(values["phone"])
    except ValidationError as error:
        outcome.fail_on("phone", error.messages[0])
        return
    if phone in seen:
        outcome.fail_on("phone", _("手机号码与第 %(row)s 行重复。") % {"row": seen[phone]})
        return
    seen[phone] = outcome.row
    try:
        community, estate = places.resolve(values.get("community", ""), values.get("estate", ""))
    except CellError as error:
        outcome.fail_on("estate" if values.get("estate") else "community", str(error))
        return
    profile = {name: values[name] for name in profile_fields if name in values}
    member = current.get(phone)
    try:
        if member is None:
            enrolled = values.get("enrolled_on")
            services.enrol(
                register,
                name=values["name"],
                phone=phone,
                id_number=values.get("id_number", ""),
                community=community,
                estate=estate,
                named_publicly=values.get("named_publicly", False),
                profile=profile,
                user=user,
                enrolled_at=_start_of(enrolled) if enrolled else None,
            )
            outcome.action = Action.CREATE
            return
        fields = {"name": values["name"]}
        if "community" in outcome.positions or "estate" in outcome.positions:
            fields.update(community=community, estate=estate)
        for name in ("named_publicly", "id_number"):
            if name in outcome.positions:
                fields[name] = values.get(name, "")
        changed = services.edit_member(
            member, user, reason=_("表格导入"), profile=profile, **fields
        )
    except ValidationError as error:
        outcome.fail(error.messages[0])
        return
    if changed:
        outcome.action = Action.UPDATE
        outcome.changes.append(_("修改：%(fields)s") % {"fields": "、".join(changed)})


def _masked(values: dict) -> str:
    return (
        f"{privacy.mask_name(values.get('name', ''))} {privacy.mask_phone(values.get('phone', ''))}"
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


class _Places:
    """Communities and estates by name, read once per file."""

    def __init__(self):
        self.communities = {}
        for community in Community.objects.all():
            self.communities[community.name] = community
            self.communities[community.code] = community
        self.estates = {}
        for estate in Estate.objects.select_related("community"):
            self.estates.setdefault(estate.name, []).append(estate)

    def resolve(self, community_name: str, estate_name: str):
        community = None
        if text(community_name):
            community = self.communities.get(text(community_name))
            if community is None:
                raise CellError(_("找不到社区/村“%(name)s”。") % {"name": community_name})
        if not text(estate_name):
            return community, None
        found = [
            e
            for e in self.estates.get(text(estate_name), [])
            if community is None or e.community_id == community.pk
        ]
        if len(found) != 1:
            raise CellError(
                _("找不到小区“%(name)s”（同名小区请同时填写所在社区）。") % {"name": estate_name}
            )
        return found[0].community, found[0]
