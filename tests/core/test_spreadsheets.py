"""Spreadsheets (cms/core/spreadsheets.py): numbers are numeric cells with a number format, text stays text
(an ID number or phone is never turned into a number), no cell becomes a formula, and CSV shows the same."""

from decimal import Decimal

from openpyxl import load_workbook

from cms.core import spreadsheets

ROW = [
    "GC-2026-000001",
    "440605198001019986",
    "13800001234",
    12,
    Decimal("3.5"),
    87.5,
    None,
    "=SUM(A1)",
]


def test_numbers_are_numbers_and_text_stays_text_in_xlsx(tmp_path):
    path = tmp_path / "t.xlsx"
    spreadsheets.xlsx_file(iter([ROW]), str(path), "表")
    sheet = load_workbook(path).active
    cells = [sheet.cell(1, column) for column in range(1, len(ROW) + 1)]
    assert [c.data_type for c in cells] == ["s", "s", "s", "n", "n", "n", "n", "s"]
    assert [c.value for c in cells[:6]] == [*ROW[:5], 87.5]
    assert [c.number_format for c in cells[3:6]] == ["0", "0.0", "0.0"]
    assert cells[6].value is None and cells[7].value == "=SUM(A1)"


def test_csv_writes_numbers_plainly_and_defuses_formulas():
    text = "".join(spreadsheets.csv_chunks(iter([ROW])))
    assert text == "\ufeffGC-2026-000001,440605198001019986,13800001234,12,3.5,87.5,,'=SUM(A1)\r\n"
