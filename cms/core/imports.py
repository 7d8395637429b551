"""The shared machinery of spreadsheet imports (XLSX): cell parsers that explain themselves in Chinese, the
columns of a sheet, and the report of a dry run or an import with every row's outcome and the errors by row
number and column.

Moved out of ``cms/places/imports.py``, its first user; each app's importer (places, 12345 work orders, ledgers)
describes its columns with ``Column`` and reports through ``ImportReport``, in the app that owns the records.

Why not django-import-export (4.4): it writes rows with ``Model.save()`` through its ``Resource`` (or bulk
operations that skip django-simple-history), while every change to our audited records goes through a service
that locks the row, checks the rules and writes history with a reason (a case is created by
``cases.services.create_case``, never by saving a row); its admin integration is for ``django.contrib.admin``'s
``ModelAdmin``, not wagtail-modeladmin; its errors are English field-level messages without the spreadsheet's
row and column as staff see them; and its export would bypass the masking rules of ``core.privacy``.
Adapting it would mean overriding its save, error and admin layers, that is, most of it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
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
