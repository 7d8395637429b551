"""Spreadsheets for Excel users: CSV with a BOM and streamed XLSX, where no cell is ever read as a formula.

Used by the case export (``cms.cases.exports``) and the i志愿 export (``cms.volunteers.exports``).
"""

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_csv_cell(text: str) -> str:
    """Text that Excel shows as text when it opens a CSV: a leading formula character gets a quote."""
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def csv_chunks(table: Iterator[list[str]]) -> Iterator[str]:
    yield "\ufeff"  # BOM: Excel on Chinese Windows reads the file as UTF-8
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in table:
        writer.writerow([safe_csv_cell(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def xlsx_file(table: Iterator[list[str]], path: str, sheet_title: str) -> None:
    """Writes the table with openpyxl's write-only mode: memory stays flat whatever the row count."""
    xlsx_workbook({sheet_title: table}, path)


def xlsx_workbook(sheets: dict[str, Iterator[list[str]]], path: str) -> None:
    """Several tables, one sheet each (title → rows), written the same way."""
    workbook = Workbook(write_only=True)
    for title, table in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in table:
            sheet.append(
                [_text_cell(sheet, v) if v.startswith(_FORMULA_PREFIXES) else v for v in row]
            )
    workbook.save(path)


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    # Typed as a string, a cell starting with "=" stays text: openpyxl would otherwise store a formula.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
