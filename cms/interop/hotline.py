"""12345 hotline work orders: importing the platform's spreadsheet as cases, and exporting the results in
the shape the platform takes back (办理结果, 答复内容, 回访情况).

The columns are read by their headers, as mapped in ``HotlineColumn`` (edited by the committee office when the
platform renames a column). Each order becomes a case with source "12345热线" as
``cases.services.create_case`` would register it, its handling deadline the order's own; new orders' cases
and orders are inserted in batches once the whole file is read (``cases.intake``: 10,000 orders in seconds
instead of minutes); the order number is unique, so a
re-import skips an unchanged order and updates the case of a changed one (``services.save_edit``, with
history). The whole file is checked and applied in one transaction: one bad row and nothing is saved, and a
dry run runs the very same steps and rolls back. An order's category is matched to a category's service code
or name; an unknown one leaves the case for the committee office to route.
"""

import datetime
import hashlib
import json
from io import BytesIO
from zipfile import BadZipFile

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from simple_history.utils import bulk_create_with_history

from cms.cases import intake, services
from cms.cases.models import Case, CaseCategory, CaseNote, Source
from cms.core import history, privacy
from cms.core.access import is_committee_office
from cms.core.imports import (
    MAX_BYTES,
    Action,
    CellError,
    Column,
    ImportReport,
    RowOutcome,
    moment,
    text,
)
from cms.interop import places
from cms.interop.models import HotlineColumn, HotlineOrder

Field = HotlineColumn.Field
# A day's export from the platform can be long; 20,000 orders import in well under a minute (bench/).
MAX_ROWS = 20_000
MAX_FILE_BYTES = 4 * MAX_BYTES
REQUIRED = {
    Field.ORDER_NUMBER,
    Field.RECEIVED_AT,
    Field.DEADLINE,
    Field.COMMUNITY,
    Field.REPORTER_PHONE,
}
EXAMPLE = {
    Field.ORDER_NUMBER: "GD20261130000123",
    Field.RECEIVED_AT: "2026-11-30 09:15",
    Field.DEADLINE: "2026-12-04 18:00",
    Field.CATEGORY: "投诉",
    Field.COMMUNITY: "千灯湖社区示例花园",
    Field.REPORTER_NAME: "陈先生",
    Field.REPORTER_PHONE: "13800000000",
    Field.TITLE: "小区路灯不亮",
    Field.DESCRIPTION: "示例花园 3 栋旁路灯连续一周不亮。",
}
# The columns of the reply the platform takes back, in its order.
REPLY_HEADERS = ("工单编号", "办理结果", "答复内容", "回访情况", "办结时间")


def columns() -> list[Column]:
    """The spreadsheet's columns as mapped now, in the order of ``HotlineColumn.Field``."""
    headers = dict(HotlineColumn.objects.values_list("field", "header"))
    return [
        Column(headers.get(f, f.label), f.value, required=f in REQUIRED, example=EXAMPLE[f])
        for f in Field
    ]


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("工单")
    mapped = columns()
    sheet.append([c.header + (" *" if c.required else "") for c in mapped])
    sheet.append([c.example for c in mapped])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_orders(content: bytes, user, *, dry_run: bool) -> ImportReport:
    """Reads the first sheet and applies it in one transaction; rolled back on a dry run or any error."""
    if not is_committee_office(user):
        raise PermissionDenied
    report = ImportReport()
    rows = _read(content, report)
    if report.errors or not rows:
        return report
    mapped = columns()
    headers = [text(h).rstrip("*").strip() for h in rows[0]]
    positions = {c.field: headers.index(c.header) for c in mapped if c.header in headers}
    missing = [c.header for c in mapped if c.required and c.field not in positions]
    if missing:
        report.errors.append(
            _("第 1 行缺少必填列：%(columns)s。") % {"columns": "、".join(missing)}
        )
        return report
    context = _Context(user)
    with transaction.atomic():
        for number, cells in enumerate(rows[1:], start=2):
            if all(text(c) == "" for c in cells):
                continue
            outcome = RowOutcome(_("工单"), number, label="")
            report.rows.append(outcome)
            _apply_row(mapped, positions, cells, outcome, context)
        if report.ok:
            _insert_new(context, report)
        if dry_run or not report.ok:
            transaction.set_rollback(True)
        else:
            report.applied = True
    return report


def _insert_new(context: "_Context", report: ImportReport) -> None:
    """The new orders' cases and orders, with their history rows, in batches (``cases.intake``)."""
    intake.insert_cases([case for case, _order in context.new], context.user, _("受理"))
    orders = []
    for case, order in context.new:
        order.case = case
        orders.append(order)
    try:
        with transaction.atomic():
            bulk_create_with_history(
                orders,
                HotlineOrder,
                batch_size=intake.BATCH,
                default_user=context.user,
                default_change_reason=_("12345 工单导入"),
            )
    except IntegrityError:  # another import of the same orders committed meanwhile
        report.errors.append(_("其中部分工单刚由另一次导入登记，请重新上传表格核对。"))


class _Context:
    """What every row needs, read once per file: categories by code and name, and the known orders."""

    def __init__(self, user):
        self.user = user
        categories = list(CaseCategory.objects.filter(active=True).select_related("studio"))
        self.categories = {c.code: c for c in categories}
        names = {}
        for category in categories:
            names.setdefault(category.name, []).append(category)
        self.categories.update({name: found[0] for name, found in names.items() if len(found) == 1})
        self.orders = {o.order_number: o for o in HotlineOrder.objects.all()}
        self.seen: dict[str, int] = {}
        self.places = places.index()
        self.new: list[tuple[Case, HotlineOrder]] = []  # inserted together once every row is read
        self.due_memo: dict = {}


def _read(content: bytes, report: ImportReport) -> list[tuple]:
    if len(content) > MAX_FILE_BYTES:
        report.errors.append(_("文件超过 20 MB，请分批导入。"))
        return []
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError):
        report.errors.append(_("无法读取该文件：请上传 Excel（.xlsx）文件，可先下载模板。"))
        return []
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 2))
    finally:
        workbook.close()
    if len(rows) > MAX_ROWS + 1:
        report.errors.append(_("超过 %(max)s 行，请分批导入。") % {"max": MAX_ROWS})
    return rows


def _apply_row(
    mapped: list[Column], positions, cells, outcome: RowOutcome, context: _Context
) -> None:
    values = {}
    for column in mapped:
        if column.field not in positions:
            continue
        index = positions[column.field]
        raw = cells[index] if index < len(cells) else None
        try:
            value = _parse(column.field, raw)
        except CellError as error:
            outcome.fail(str(error), column, index)
            continue
        except ValidationError as error:
            outcome.fail(error.messages[0], column, index)
            continue
        if column.required and value in ("", None):
            outcome.fail(_("必须填写。"), column, index)
            continue
        values[column.field] = value
    number = values.get(Field.ORDER_NUMBER, "")
    outcome.label = number
    if outcome.errors:
        return
    if number in context.seen:
        outcome.fail(_("工单编号与第 %(row)s 行重复。") % {"row": context.seen[number]})
        return
    context.seen[number] = outcome.row
    if not values.get(Field.TITLE) and not values.get(Field.DESCRIPTION):
        outcome.fail(_("“标题”和“诉求内容”至少填写一项。"))
        return
    fields = _case_fields(values, context.places)
    digest = hashlib.sha256(json.dumps(values, default=str, sort_keys=True).encode()).hexdigest()
    order = context.orders.get(number)
    if order is None:
        _create(values, fields, digest, outcome, context)
    elif order.row_digest != digest:
        _update(order, values, fields, digest, outcome, context)


def _parse(field: str, raw):
    if field in (Field.RECEIVED_AT, Field.DEADLINE):
        return moment(raw)
    if field == Field.REPORTER_PHONE:
        return privacy.validate_phone(text(raw)) if text(raw) else ""
    return text(raw)


def _case_fields(values: dict, place_index) -> dict:
    description = values.get(Field.DESCRIPTION) or values.get(Field.TITLE)
    return {
        **places.from_text(values[Field.COMMUNITY], place_index),
        "reporter_name": (values.get(Field.REPORTER_NAME) or _("未留姓名"))[:50],
        "reporter_phone": values[Field.REPORTER_PHONE],
        "title": (values.get(Field.TITLE) or description.splitlines()[0])[:100],
        "description": description,
    }


def _create(values, fields, digest, outcome: RowOutcome, context: _Context) -> None:
    category = context.categories.get(values.get(Field.CATEGORY, ""))
    case, _code = services.new_case(
        category=category,
        source=Source.HOTLINE,
        user=context.user,
        received_at=values[Field.RECEIVED_AT],
        handling_due=values[Field.DEADLINE],
        due_memo=context.due_memo,
        **fields,
    )
    order = HotlineOrder(
        order_number=values[Field.ORDER_NUMBER],
        deadline=values[Field.DEADLINE],
        row_digest=digest,
        imported_by=context.user,
    )
    context.new.append((case, order))
    outcome.action = Action.CREATE
    if category is None and values.get(Field.CATEGORY):
        outcome.changes.append(
            _("类别“%(name)s”未对应本系统类别，待委员会办公室分派。")
            % {"name": values[Field.CATEGORY]}
        )


def _update(
    order: HotlineOrder, values, fields, digest, outcome: RowOutcome, context: _Context
) -> None:
    case = Case.objects.get(pk=order.case_id)
    changed = {name: value for name, value in fields.items() if _current(case, name) != _id(value)}
    if values[Field.DEADLINE] != case.handling_due:
        changed["handling_due"] = values[Field.DEADLINE]
    if changed and not case.is_open:
        outcome.changes.append(
            _("诉求 %(ref)s 已办结，平台的变更未应用。") % {"ref": case.reference}
        )
        return
    for name, value in changed.items():
        setattr(case, name, value)
        outcome.changes.append(str(Case._meta.get_field(name).verbose_name))
    if changed:
        services.save_edit(case, context.user, expected_version=case.version)
    order.row_digest = digest
    order.deadline = values[Field.DEADLINE]
    history.save(order, context.user, _("12345 工单更新"))
    outcome.action = Action.UPDATE


def _current(case: Case, name: str):
    # Places are compared by id, so reading a case costs no query per place.
    return getattr(case, f"{name}_id") if name in ("community", "estate") else getattr(case, name)


def _id(value):
    return value.pk if hasattr(value, "pk") else value


# --- results back to the platform ---------------------------------------------------------------


def reply_rows(orders) -> list[list[str]]:
    """The platform's reply table for ``orders`` (a HotlineOrder queryset): one query for the orders and
    their cases, one for the latest public replies."""
    orders = list(orders.select_related("case").order_by("order_number"))
    replies = {}
    notes = CaseNote.objects.filter(
        case_id__in=[o.case_id for o in orders], kind=CaseNote.Kind.PUBLIC_REPLY
    ).order_by("created_at", "pk")
    for note in notes:
        replies[note.case_id] = note.text
    rows = [list(REPLY_HEADERS)]
    for order in orders:
        case = order.case
        rows.append(
            [
                order.order_number,
                case.outcome or case.get_status_display(),
                replies.get(case.pk, ""),
                case.get_satisfaction_display() or _("未回访"),
                timezone.localtime(case.resolved_at).strftime("%Y-%m-%d %H:%M")
                if case.resolved_at
                else "",
            ]
        )
    return rows


def resolved_on(day: datetime.date):
    """Orders whose cases were resolved on ``day`` (local time)."""
    start = timezone.make_aware(datetime.datetime(day.year, day.month, day.day))
    return HotlineOrder.objects.filter(
        case__resolved_at__gte=start, case__resolved_at__lt=start + datetime.timedelta(days=1)
    )
