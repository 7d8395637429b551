"""A streaming XLSX writer for our exports (``cms.core.spreadsheets``): each sheet's XML goes row by row
straight into the zip, text as inline strings (no shared-strings table held in memory), numbers with one of
two number formats, and nothing else — no styles, formulas, widths or dates to support.

Why not a library: writing the case export's 100,000 rows × 19 columns took openpyxl's write-only mode
14-16 s of CPU and XlsxWriter's ``constant_memory`` mode 7-8 s, most of it per-cell object work; this
writer takes 1.4 s (``bench/README.md``, section ``case_export.py``). Openpyxl reads back the same values,
cell types and number formats as from the file its write-only mode made (which used inline strings too).
"""

import math
import re
import zipfile
from collections.abc import Iterable
from decimal import Decimal

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

# Style indexes in styles.xml: 1 is "0" (counts), 2 is "0.0" (hours, amounts, rates).
_INT_STYLE, _DECIMAL_STYLE = 1, 2
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

# What plain text cannot carry as is: markup characters, characters XML forbids, and leading or trailing
# white space (kept only with xml:space="preserve"). Most cells have none, and pass with one search.
_NEEDS_CARE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|^\s|\s$")
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MAX_TEXT = 32767  # characters Excel keeps in a cell
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
_ROWS_PER_WRITE = 1000
_PLAIN_TYPES = (str, bool, int, Decimal, float, type(None))  # bool before int: it is one


def write(sheets: dict[str, Iterable[list]], path: str) -> None:
    """Writes one sheet per (title → rows) to ``path``; a row is a list of ``str``, ``int``, ``Decimal``,
    ``float``, ``bool`` or ``None`` (an empty cell)."""
    titles = _sheet_titles(sheets)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for number, rows in enumerate(sheets.values(), start=1):
            with package.open(f"xl/worksheets/sheet{number}.xml", "w") as stream:
                _write_sheet(stream, rows)
        package.writestr("[Content_Types].xml", _content_types(len(titles)))
        package.writestr("_rels/.rels", _package_rels())
        package.writestr("xl/workbook.xml", _workbook(titles))
        package.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(titles)))
        package.writestr("xl/styles.xml", _STYLES)


def _write_sheet(stream, rows: Iterable[list]) -> None:
    stream.write(f'{_XML}<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
    letters: list[str] = []
    chunk: list[str] = []
    for number, row in enumerate(rows, start=1):
        if len(row) > len(letters):
            letters = [_column_letter(i) for i in range(len(row))]
        chunk.append(_row(number, row, letters))
        if len(chunk) == _ROWS_PER_WRITE:
            stream.write("".join(chunk).encode())
            chunk.clear()
    chunk.append("</sheetData></worksheet>")
    stream.write("".join(chunk).encode())


def _row(number: int, row: list, letters: list[str]) -> str:
    cells = [f'<row r="{number}">']
    for letter, value in zip(letters, row, strict=False):
        kind = type(value)
        if kind not in _PLAIN_TYPES:
            value = _plain(value)
            kind = type(value)
        if kind is str:
            if not value:
                continue
            if _NEEDS_CARE.search(value) or len(value) > _MAX_TEXT:
                cells.append(f'<c r="{letter}{number}" t="inlineStr">{_text(value)}</c>')
            else:
                cells.append(f'<c r="{letter}{number}" t="inlineStr"><is><t>{value}</t></is></c>')
        elif value is None:
            continue
        elif kind is int:
            cells.append(f'<c r="{letter}{number}" s="{_INT_STYLE}"><v>{value}</v></c>')
        elif kind is bool:
            cells.append(f'<c r="{letter}{number}" t="b"><v>{int(value)}</v></c>')
        elif math.isfinite(value):  # a Decimal or a float
            cells.append(f'<c r="{letter}{number}" s="{_DECIMAL_STYLE}"><v>{value}</v></c>')
    cells.append("</row>")
    return "".join(cells)


def _plain(value):
    """A subclass (a SafeString, a TextChoices member) as the plain value it stands for."""
    for plain in _PLAIN_TYPES:
        if isinstance(value, plain):
            return plain.__str__(value) if plain is str else plain(value)
    raise TypeError(f"no XLSX cell for {type(value).__name__}")


def _text(value: str) -> str:
    value = _FORBIDDEN.sub("", value[:_MAX_TEXT])
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if value != value.strip():
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _sheet_titles(sheets: dict) -> list[str]:
    # Excel refuses a title over 31 characters or with any of \ / * ? : [ ].
    titles = (_FORBIDDEN.sub("", _SHEET_TITLE_FORBIDDEN.sub("_", str(t))) for t in sheets)
    return [title[:31] or "Sheet" for title in titles]


def _attribute(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_TYPE}"/>'
        for n in range(1, count + 1)
    )
    return (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{sheets}</Types>"
    )


def _package_rels() -> str:
    return (
        f'{_XML}<Relationships xmlns="{_PACKAGE_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )


def _workbook(titles: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{_attribute(title)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, title in enumerate(titles, start=1)
    )
    return (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets></workbook>'
    )


def _workbook_rels(count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    styles = f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    return f'{_XML}<Relationships xmlns="{_PACKAGE_REL}">{sheets}{styles}</Relationships>'
