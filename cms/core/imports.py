"""The shared machinery of spreadsheet imports (XLSX): cell parsers that explain themselves in Chinese, the
columns of a sheet, and the report of a dry run or an import with every row's outcome and the errors by row
number and column.

Moved out of ``cms/places/imports.py``, its first user; each app's importer (places, 12345 work orders, the
ledgers of cases, volunteers and registers) describes its columns with ``Column``, reads them with
``read_sheets`` and reports through ``ImportReport``, in the app that owns the records; the upload → dry run →
confirm pages are one view and one template (``cms/core/import_views.py``).

Why not django-import-export (4.4): it writes rows with ``Model.save()`` through its ``Resource`` (or bulk
operations that skip django-simple-history), while every change to our audited records goes through a service
that locks the row, checks the rules and writes history with a reason (a case is built by
``cases.services.new_case`` with its rules and saved with its history row, never as a bare row); its admin integration is for ``django.contrib.admin``'s
``ModelAdmin``, not wagtail-modeladmin; its errors are English field-level messages without the spreadsheet's
row and column as staff see them; its export would bypass the masking rules of ``core.privacy``, and its preview
shows every imported value whole (ours labels people masked, and checks each row's studio against the
importing person's, as the services do). Adapting it would mean overriding its save, error, preview and
admin layers, that is, most of it; what is kept is openpyxl, which it uses too.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

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


def zero_if_empty(value) -> int:
    return whole_number(value) or 0


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    parse: Callable = text
    required: bool = False  # the column must be present and the cell filled
    example: str = ""


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
    # field → (column, index) of the columns present, to name the cell of a later error (``fail_on``)
    positions: dict = field(default_factory=dict)

    def fail_on(self, field_name: str, message: str) -> None:
        """An error about a field's cell found after parsing (a rule, a missing record)."""
        column, index = self.positions.get(field_name, (None, None))
        self.fail(message, column, index)

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


def choice(choices) -> Callable:
    """A parser for a choice field: the cell holds a label (or the key); an empty cell gives ""."""

    def parse(value) -> str:
        answer = text(value)
        if answer == "":
            return ""
        for key, label in choices:
            if answer in (str(label), key):
                return key
        raise CellError(
            _("请填写以下之一：%(labels)s。")
            % {"labels": "、".join(str(label) for _k, label in choices)}
        )

    return parse


def choices(choices) -> Callable:
    """A parser for a list of choices, labels separated by 、 or commas."""
    one = choice(choices)

    def parse(value) -> list[str]:
        parts = text(value).replace("，", "、").replace(",", "、").split("、")
        return [one(part) for part in parts if part.strip()]

    return parse


def yes_no_blank_no(value) -> bool:
    """是/否, an empty cell meaning 否 (opt-ins: nobody is opted in by an empty cell)."""
    return False if text(value) == "" else yes_no(value)


def date_value(value) -> datetime.date | None:
    if text(value) == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"):
        try:
            return datetime.datetime.strptime(text(value), pattern).date()
        except ValueError:
            continue
    raise CellError(_("请填写日期，如 2026-11-30。"))


def moment(value) -> datetime.datetime | None:
    """A date-time cell (a real Excel date, or text such as 2026-11-30 09:15), in local time."""
    if text(value) == "":
        return None
    if isinstance(value, datetime.datetime):
        found = value
    elif isinstance(value, datetime.date):
        found = datetime.datetime(value.year, value.month, value.day)
    else:
        found = None
        for pattern in _MOMENT_FORMATS:
            try:
                found = datetime.datetime.strptime(text(value), pattern)
                break
            except ValueError:
                continue
        if found is None:
            raise CellError(_("请填写日期时间，如 2026-11-30 09:15。"))
    return found if timezone.is_aware(found) else timezone.make_aware(found)


_MOMENT_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
)


def template_workbook(sheets: dict[str, list[Column]]) -> bytes:
    """A blank workbook to download: each sheet with its headers (required ones marked *) and an example."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, sheet_columns in sheets.items():
        worksheet = workbook.create_sheet(title)
        worksheet.append([c.header + (" *" if c.required else "") for c in sheet_columns])
        worksheet.append([c.example for c in sheet_columns])
        for index in range(1, len(sheet_columns) + 1):
            worksheet.column_dimensions[get_column_letter(index)].width = 18
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_sheets(
    content: bytes, report: ImportReport, sheets: dict[str, list[Column]]
) -> dict[str, list[tuple[RowOutcome, dict]]]:
    """The workbook's sheets named in ``sheets`` (any may be missing, not all), each row parsed by its
    columns: the row's outcome (errors by row number and column, in Chinese) and its values by field.
    Problems with the file itself go to ``report.errors``; every non-empty row is added to the report."""
    if len(content) > MAX_BYTES:
        report.errors.append(_("文件超过 5 MB，请分批导入。"))
        return {}
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError):
        report.errors.append(_("无法读取该文件：请上传 Excel（.xlsx）文件，可先下载模板。"))
        return {}
    found = {}
    try:
        for title in sheets:
            if title in workbook.sheetnames:
                found[title] = list(
                    workbook[title].iter_rows(values_only=True, max_row=MAX_ROWS + 2)
                )
    finally:
        workbook.close()
    if not found:
        report.errors.append(
            _("未找到工作表%(names)s，请使用模板中的工作表名称。")
            % {"names": "、".join(f"“{t}”" for t in sheets)}
        )
    parsed = {}
    for title, rows in found.items():
        if len(rows) > MAX_ROWS + 1:
            report.errors.append(
                _("工作表“%(sheet)s”超过 %(max)s 行，请分批导入。")
                % {"sheet": title, "max": MAX_ROWS}
            )
            continue
        parsed[title] = _parse_rows(title, rows, sheets[title], report)
    return parsed


def _parse_rows(title: str, rows: list[tuple], columns: list[Column], report: ImportReport):
    if not rows:
        return []
    headers = [text(h).rstrip("*").strip() for h in rows[0]]
    positions = {c.field: headers.index(c.header) for c in columns if c.header in headers}
    missing = [c.header for c in columns if c.required and c.field not in positions]
    if missing:
        report.errors.append(
            _("工作表“%(sheet)s”第 1 行缺少必填列：%(columns)s。")
            % {"sheet": title, "columns": "、".join(missing)}
        )
        return []
    parsed = []
    for number, cells in enumerate(rows[1:], start=2):
        if all(text(c) == "" for c in cells):
            continue
        outcome = RowOutcome(title, number, label="")
        report.rows.append(outcome)
        values = {}
        for column in columns:
            if column.field not in positions:
                continue
            index = positions[column.field]
            raw = cells[index] if index < len(cells) else None
            try:
                value = column.parse(raw)
            except CellError as error:
                outcome.fail(str(error), column, index)
                continue
            except ValidationError as error:
                outcome.fail(error.messages[0], column, index)
                continue
            if column.required and value in ("", None, []):
                outcome.fail(_("必须填写。"), column, index)
                continue
            values[column.field] = value
        outcome.positions = {
            c.field: (c, positions[c.field]) for c in columns if c.field in positions
        }
        parsed.append((outcome, values))
    return parsed
