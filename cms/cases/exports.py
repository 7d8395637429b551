"""Case exports for Excel: XLSX (streamed row by row) and CSV with a BOM, with labels, local times,
phones masked unless the viewer may see them, and no cell Excel would read as a formula."""

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from cms.cases.models import Case
from cms.core import privacy

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def columns() -> list[tuple[str, callable]]:
    return [
        (_("编号"), lambda c: c.reference),
        (_("工作室"), lambda c: c.studio.name),
        (_("类别"), lambda c: c.category.name),
        (_("来源"), lambda c: c.get_source_display()),
        (_("状态"), lambda c: c.get_status_display()),
        (_("优先级"), lambda c: c.get_priority_display()),
        (_("标题"), lambda c: c.title),
        (_("社区/小区"), lambda c: c.community),
        (_("反映人"), lambda c: c.reporter_name),
        (_("反映人电话"), lambda c: c.reporter_phone),
        (_("承办人"), lambda c: c.assignee.get_username() if c.assignee else ""),
        (_("承办单位"), lambda c: c.handling_unit.name if c.handling_unit else ""),
        (_("受理时间"), lambda c: _local(c.received_at)),
        (_("办理时限"), lambda c: _local(c.handling_due)),
        (_("是否超期"), lambda c: _("是") if c.is_overdue else _("否")),
        (_("办结时间"), lambda c: _local(c.resolved_at)),
        (_("回访评价"), lambda c: c.get_satisfaction_display()),
    ]


def safe_csv_cell(text: str) -> str:
    """Text that Excel shows as text when it opens a CSV: a leading formula character gets a quote."""
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def rows(cases: Iterable[Case], show_personal_data) -> Iterator[list[str]]:
    cols = columns()
    yield [title for title, _get in cols]
    for case in cases:
        row = [get(case) for _title, get in cols]
        if not show_personal_data(case):
            row[8] = privacy.mask_name(case.reporter_name)
            row[9] = privacy.mask_phone(case.reporter_phone)
        yield ["" if v is None else str(v) for v in row]


def csv_chunks(table: Iterator[list[str]]) -> Iterator[str]:
    yield "\ufeff"  # BOM: Excel on Chinese Windows reads the file as UTF-8
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in table:
        writer.writerow([safe_csv_cell(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def xlsx_file(table: Iterator[list[str]], path: str) -> None:
    """Writes the table with openpyxl's write-only mode: memory stays flat whatever the row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("居民诉求"))
    for row in table:
        sheet.append([_text_cell(sheet, value) for value in row])
    workbook.save(path)


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    # Typed as a string, a cell starting with "=" stays text: openpyxl would otherwise store a formula.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
