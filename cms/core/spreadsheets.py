"""Spreadsheets for Excel users: CSV with a BOM and streamed XLSX, where no cell is ever read as a formula.

A row holds text (``str``: references, phones and ID numbers stay text), numbers (``int`` counts, ``Decimal``
hours and amounts, ``float`` rates: numeric cells with a number format, so staff can sum and chart them) or
``None`` (an empty cell). Used by the case, i志愿 and committee exports.
"""

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

Cell = str | int | float | Decimal | None

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Counts as whole numbers; hours, amounts and rates (already in per cent) to one decimal.
_NUMBER_FORMATS = {int: "0", Decimal: "0.0", float: "0.0"}


def safe_csv_cell(text: str) -> str:
    """Text that Excel shows as text when it opens a CSV: a leading formula character gets a quote."""
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def csv_chunks(table: Iterator[list[Cell]]) -> Iterator[str]:
    yield "\ufeff"  # BOM: Excel on Chinese Windows reads the file as UTF-8
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in table:
        writer.writerow([_csv_cell(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    return safe_csv_cell(value) if isinstance(value, str) else str(value)


def xlsx_file(table: Iterator[list[Cell]], path: str, sheet_title: str) -> None:
    """Writes the table with openpyxl's write-only mode: memory stays flat whatever the row count."""
    xlsx_workbook({sheet_title: table}, path)


def xlsx_workbook(sheets: dict[str, Iterator[list[Cell]]], path: str) -> None:
    """Several tables, one sheet each (title → rows), written the same way."""
    workbook = Workbook(write_only=True)
    for title, table in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in table:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(path)


def _xlsx_cell(sheet, value: Cell):
    if isinstance(value, str):
        return _text_cell(sheet, value) if value.startswith(_FORMULA_PREFIXES) else value
    if value is None or isinstance(value, bool):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = _NUMBER_FORMATS[type(value)]
    return cell


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    # Typed as a string, a cell starting with "=" stays text: openpyxl would otherwise store a formula.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
