"""Spreadsheets (cms/core/spreadsheets.py): numbers are numeric cells with a number format, text stays text
(an ID number or phone is never turned into a number), no cell becomes a formula, and CSV shows the same."""

import zipfile
from decimal import Decimal

from django.utils.safestring import mark_safe
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


def test_xlsx_text_keeps_markup_characters_and_spaces_and_drops_what_xml_cannot_carry(tmp_path):
    path = tmp_path / "t.xlsx"
    texts = ['a & b <c> "d"', "  居中 ", "响\x00铃\x07\ud800", "x" * 40000]
    row = [*texts, True, float("nan"), mark_safe("<b>安全</b>")]
    spreadsheets.xlsx_file(iter([row]), str(path), "表")
    sheet = load_workbook(path).active
    assert [sheet.cell(1, c).value for c in range(1, 4)] == [texts[0], texts[1], "响铃"]
    assert sheet.cell(1, 4).value == "x" * 32767  # what Excel keeps in a cell
    assert sheet.cell(1, 5).value is True
    assert sheet.cell(1, 6).value is None  # not a number Excel can show
    assert sheet.cell(1, 7).value == "<b>安全</b>"  # a str subclass is text like any other


def test_xlsx_writes_one_sheet_per_table_in_order_with_titles_excel_accepts(tmp_path):
    path = tmp_path / "t.xlsx"
    sheets = {"汇总": iter([["总数", 3]]), "6/2026 [草稿]": iter([]), "长" * 40: iter([["x"]])}
    spreadsheets.xlsx_workbook(sheets, str(path))
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["汇总", "6_2026 _草稿_", "长" * 31]
    assert [list(row) for row in workbook["汇总"].values] == [["总数", 3]]
    assert workbook["6_2026 _草稿_"].max_row == 1 and workbook["6_2026 _草稿_"]["A1"].value is None
    with zipfile.ZipFile(path) as package:
        types = package.read("[Content_Types].xml").decode()
        assert all(f"/xl/worksheets/sheet{n}.xml" in types for n in (1, 2, 3))
        assert package.testzip() is None
