"""Spreadsheets for Excel users: CSV with a BOM and streamed XLSX, where no cell is ever read as a formula.

A row holds text (``str``: references, phones and ID numbers stay text), numbers (``int`` counts, ``Decimal``
hours and amounts, ``float`` rates: numeric cells with a number format, so staff can sum and chart them) or
``None`` (an empty cell). Used by the case, i志愿 and committee exports.
"""

import csv
import io
import zoneinfo
from collections.abc import Iterator
from decimal import Decimal

from django.conf import settings
from django.db.models import CharField
from django.db.models.functions import Cast, Substr, TruncMinute

from cms.core import xlsx

Cell = str | int | float | Decimal | None

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def local_minute(moment: str) -> Substr:
    """The field ``moment`` as local time, "YYYY-MM-DD HH:MM" text (or None), formatted by the database.

    For exports of many rows: Django reads PostgreSQL's timestamps with psycopg's pure-Python loader
    (about 4 µs each), which at 100,000 rows cost more than building the rest of the table."""
    local = TruncMinute(moment, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return Substr(Cast(local, output_field=CharField()), 1, 16)


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
    xlsx_workbook({sheet_title: table}, path)


def xlsx_workbook(sheets: dict[str, Iterator[list[Cell]]], path: str) -> None:
    """Several tables, one sheet each (title → rows), streamed row by row (``cms.core.xlsx``): memory
    stays flat whatever the row count; text is always text, so a cell starting with "=" is no formula."""
    xlsx.write(sheets, path)
