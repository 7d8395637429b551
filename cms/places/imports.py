"""Importing communities, estates and grid cells from the spreadsheet a street office keeps (XLSX).

One workbook, up to three sheets (社区/村, 小区, 网格), each with a header row; the columns are ``SHEETS``.
A row is matched to an existing record by its key (community: 编码; estate and grid cell: 所属社区 + name),
so importing the same file twice changes nothing. Every row is checked; one bad row and nothing is saved
(one transaction). A dry run goes through the very same steps and rolls back, so what it shows is what an
import would do. Only the columns present in a sheet are written: an office may keep fewer columns.

Used by the committee office's import pages (``cms/places/wagtail_hooks.py``) and the tests.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from zipfile import BadZipFile

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from cms.core import history
from cms.places.models import Community, CommunityKind, Estate, GridCell

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024


class CellError(ValueError):
    """A cell's value cannot be read; the message says why, in Chinese."""


# Parsers turn a cell's value (str, int, float, None) into a field value or raise CellError.
def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def whole_number(value) -> int | None:
    if text(value) == "":
        return None
    try:
        number = Decimal(text(value))
    except InvalidOperation as error:
        raise CellError(_("请填写整数，如 600。")) from error
    if number != number.to_integral_value() or number < 0:
        raise CellError(_("请填写不小于 0 的整数。"))
    return int(number)


def decimal_number(value) -> Decimal | None:
    if text(value) == "":
        return None
    try:
        return Decimal(text(value))
    except InvalidOperation as error:
        raise CellError(_("请填写数字，如 23.031234。")) from error


_YES, _NO = ("是", "启用", "y", "yes", "true", "1"), ("否", "停用", "n", "no", "false", "0")


def yes_no(value) -> bool:
    answer = text(value).lower()
    if answer == "" or answer in _YES:
        return True  # an empty cell keeps the place in use
    if answer in _NO:
        return False
    raise CellError(_("请填写“是”或“否”。"))


def community_kind(value) -> str:
    answer = text(value)
    if answer in ("", "社区", CommunityKind.COMMUNITY.label, CommunityKind.COMMUNITY):
        return CommunityKind.COMMUNITY
    if answer in ("村", CommunityKind.VILLAGE.label, CommunityKind.VILLAGE):
        return CommunityKind.VILLAGE
    raise CellError(_("请填写“社区居委会”或“村委会”。"))


def zero_if_empty(value) -> int:
    return whole_number(value) or 0


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    parse: Callable = text
    required: bool = False  # the column must be present and the cell filled
    example: str = ""


@dataclass(frozen=True)
class Sheet:
    title: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # fields that identify an existing record


SHEETS = (
    Sheet(
        "社区",
        Community,
        (
            Column("编码", "code", required=True, example="dong-er"),
            Column("名称", "name", required=True, example="东二社区"),
            Column("类型", "kind", community_kind, example="社区居委会"),
            Column("办公地址", "address", example="桂城街道示例路 1 号"),
            Column("户数", "households", whole_number, example="5200"),
            Column("排序", "sort_order", zero_if_empty, example="1"),
            Column("启用", "active", yes_no, example="是"),
        ),
        key=("code",),
    ),
    Sheet(
        "小区",
        Estate,
        (
            Column("所属社区", "community", required=True, example="东二社区"),
            Column("小区名称", "name", required=True, example="示例花园"),
            Column("地址", "address", example="示例路 8 号"),
            Column("户数", "households", whole_number, required=True, example="600"),
            Column("建成年份", "year_built", whole_number, example="2005"),
            Column("物业服务企业", "property_company", example="示例物业服务有限公司"),
            Column("纬度", "latitude", decimal_number, example="23.031234"),
            Column("经度", "longitude", decimal_number, example="113.151234"),
            Column("启用", "active", yes_no, example="是"),
        ),
        key=("community", "name"),
    ),
    Sheet(
        "网格",
        GridCell,
        (
            Column("所属社区", "community", required=True, example="东二社区"),
            Column("网格名称", "name", required=True, example="第一网格"),
            Column("所在小区", "estate", example="示例花园"),
            Column("网格员账号", "workers", example="grid01，grid02"),
            Column("启用", "active", yes_no, example="是"),
        ),
        key=("community", "name"),
    ),
)


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


ACTION_LABELS = {
    Action.CREATE: _l("新增"),
    Action.UPDATE: _l("更新"),
    Action.UNCHANGED: _l("无变化"),
    Action.ERROR: _l("错误"),
}


@dataclass
class RowOutcome:
    sheet: str
    row: int  # the spreadsheet's own row number (the header is row 1)
    label: str
    action: str = Action.UNCHANGED
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def fail(self, message: str, column: Column | None = None, index: int | None = None) -> None:
        where = _("工作表“%(sheet)s”第 %(row)s 行") % {"sheet": self.sheet, "row": self.row}
        if column is not None:
            where += _("“%(header)s”列（%(letter)s 列）") % {
                "header": column.header,
                "letter": get_column_letter(index + 1) if index is not None else "?",
            }
        self.errors.append(f"{where}：{message}")
        self.action = Action.ERROR

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass
class ImportReport:
    rows: list[RowOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # problems with the file itself
    applied: bool = False

    @property
    def all_errors(self) -> list[str]:
        return self.errors + [e for row in self.rows for e in row.errors]

    @property
    def ok(self) -> bool:
        return not self.all_errors

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {label: self.count(action) for action, label in ACTION_LABELS.items()}


def template_workbook() -> bytes:
    """The blank workbook offered for download: every sheet with its headers and one example row."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.title)
        worksheet.append([c.header + (" *" if c.required else "") for c in sheet.columns])
        worksheet.append([c.example for c in sheet.columns])
        for index, _column in enumerate(sheet.columns, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = 16
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_places(content: bytes, user, *, dry_run: bool) -> ImportReport:
    """Reads the workbook and applies it in one transaction; rolled back on a dry run or any error."""
    report = ImportReport()
    tables = _read(content, report)
    if report.errors:
        return report
    with transaction.atomic():
        for sheet, rows in tables:
            _apply_sheet(sheet, rows, user, report)
        if dry_run or not report.ok:
            transaction.set_rollback(True)
        else:
            report.applied = True
    return report


def _read(content: bytes, report: ImportReport) -> list[tuple[Sheet, list[tuple]]]:
    if len(content) > MAX_BYTES:
        report.errors.append(_("文件超过 5 MB，请分批导入。"))
        return []
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError):
        report.errors.append(_("无法读取该文件：请上传 Excel（.xlsx）文件，可先下载模板。"))
        return []
    tables = []
    try:
        for sheet in SHEETS:
            if sheet.title not in workbook.sheetnames:
                continue
            rows = list(workbook[sheet.title].iter_rows(values_only=True, max_row=MAX_ROWS + 2))
            if len(rows) > MAX_ROWS + 1:
                report.errors.append(
                    _("工作表“%(sheet)s”超过 %(max)s 行，请分批导入。")
                    % {"sheet": sheet.title, "max": MAX_ROWS}
                )
            tables.append((sheet, rows))
    finally:
        workbook.close()
    if not tables:
        report.errors.append(_("未找到工作表“社区”“小区”或“网格”，请使用模板中的工作表名称。"))
    return tables


def _apply_sheet(sheet: Sheet, rows: list[tuple], user, report: ImportReport) -> None:
    if not rows:
        return
    headers = [text(h).rstrip("*").strip() for h in rows[0]]
    positions = {c.header: headers.index(c.header) for c in sheet.columns if c.header in headers}
    missing = [c.header for c in sheet.columns if c.required and c.header not in positions]
    if missing:
        report.errors.append(
            _("工作表“%(sheet)s”第 1 行缺少必填列：%(columns)s。")
            % {"sheet": sheet.title, "columns": "、".join(missing)}
        )
        return
    seen: dict[tuple, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if all(text(c) == "" for c in cells):
            continue
        outcome = RowOutcome(sheet.title, number, label="")
        report.rows.append(outcome)
        _apply_row(sheet, positions, cells, outcome, seen, user)


def _apply_row(sheet: Sheet, positions, cells, outcome: RowOutcome, seen, user) -> None:
    values = {}
    for column in sheet.columns:
        if column.header not in positions:
            continue
        index = positions[column.header]
        raw = cells[index] if index < len(cells) else None
        try:
            value = _resolve(column, raw, values)
        except CellError as error:
            outcome.fail(str(error), column, index)
            continue
        if column.required and value in ("", None):
            outcome.fail(_("必须填写。"), column, index)
            continue
        values[column.field] = value
    outcome.label = " · ".join(str(values.get(k, "")) for k in sheet.key)
    if outcome.errors:
        return
    key = tuple(getattr(values[k], "pk", values[k]) for k in sheet.key)
    if key in seen:
        outcome.fail(_("与第 %(row)s 行重复。") % {"row": seen[key]})
        return
    seen[key] = outcome.row
    workers = values.pop("workers", None)
    instance = sheet.model.objects.filter(**{k: values[k] for k in sheet.key}).first()
    created = instance is None
    instance = instance or sheet.model()
    for name, value in values.items():
        before = None if created else getattr(instance, name)
        if created or before != value:
            setattr(instance, name, value)
        if not created and before != value:
            outcome.changes.append(_change(sheet.model, name, before, value))
    try:
        instance.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = next((c for c in sheet.columns if c.field == name), None)
            index = positions.get(column.header) if column else None
            for message in messages:
                outcome.fail(message, column, index)
        return
    if not created and workers is not None and set(instance.workers.all()) != set(workers):
        names = "、".join(w.username for w in workers) or _("（空）")
        outcome.changes.append(_("网格员") + "：" + names)
    if not created and not outcome.changes:
        return  # unchanged: nothing saved, no history written
    outcome.action = Action.CREATE if created else Action.UPDATE
    try:
        with transaction.atomic():
            history.save(instance, user, _("表格导入"))
            if workers is not None:
                instance.workers.set(workers)
    except IntegrityError:
        outcome.fail(_("与已有记录冲突，请检查名称和编码是否重复。"))


def _resolve(column: Column, raw, values: dict):
    """A cell's value as the field wants it; names of communities, estates and users become records."""
    if column.field == "community":
        name = text(raw)
        if name == "":
            return None
        found = Community.objects.filter(models.Q(name=name) | models.Q(code=name)).first()
        if found is None:
            raise CellError(
                _("找不到社区/村“%(name)s”，请先在“社区”工作表中添加。") % {"name": name}
            )
        return found
    if column.field == "estate":
        name = text(raw)
        if name == "" or values.get("community") is None:
            return None
        found = Estate.objects.filter(community=values["community"], name=name).first()
        if found is None:
            raise CellError(
                _("“%(community)s”下找不到小区“%(name)s”。")
                % {"community": values["community"], "name": name}
            )
        return found
    if column.field == "workers":
        return _users(text(raw).replace("，", ",").replace("、", ",").split(","))
    return column.parse(raw)


def _users(usernames: Iterable[str]) -> list:
    wanted = [u.strip() for u in usernames if u.strip()]
    found = {u.username: u for u in get_user_model().objects.filter(username__in=wanted)}
    unknown = [u for u in wanted if u not in found]
    if unknown:
        raise CellError(_("找不到账号：%(names)s。") % {"names": "、".join(unknown)})
    return [found[u] for u in wanted]


def _change(model, name: str, before, after) -> str:
    model_field = model._meta.get_field(name)
    choices = dict(model_field.flatchoices)

    def shown(value) -> str:
        if value in (None, ""):
            return _("（空）")
        if value in choices:
            return str(choices[value])
        if isinstance(value, bool):
            return _("是") if value else _("否")
        return str(value)

    return f"{model_field.verbose_name}：{shown(before)} → {shown(after)}"
