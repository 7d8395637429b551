"""The committee office's spreadsheet import: a good file, bad rows reported by row and column, a dry run
that saves nothing, re-importing the same file changes nothing, and one bad row keeps the whole file out."""

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from cms.places.imports import SHEETS, Action, import_places, template_workbook
from cms.places.models import Community, CommunityKind, Estate, GridCell
from tests.factories import places as p
from tests.factories.cases import user

pytestmark = pytest.mark.django_db

COMMUNITIES = [
    ["编码", "名称", "类型", "办公地址", "户数", "排序", "启用"],
    ["dong-er", "东二社区", "社区居委会", "东二路 1 号", 5200, 1, "是"],
    ["die-bei", "叠北村", "村委会", "", "", 2, ""],
]
ESTATES = [
    ["所属社区", "小区名称", "地址", "户数", "建成年份", "物业服务企业", "纬度", "经度"],
    ["东二社区", "示例花园", "示例路 8 号", 600, 2005, "甲物业", 23.031234, 113.151234],
    ["dong-er", "湖景苑", "", "320", "", "", "", ""],
    ["叠北村", "叠北新村", "", 150, 1998, "", "", ""],
]
CELLS = [
    ["所属社区", "网格名称", "所在小区", "网格员账号"],
    ["东二社区", "第一网格", "示例花园", "worker02，worker03"],
]


def workbook(**sheets: list[list]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_file() -> bytes:
    return workbook(社区=COMMUNITIES, 小区=ESTATES, 网格=CELLS)


def test_a_good_file_creates_communities_estates_and_grid_cells_with_history():
    office = user("office")
    report = import_places(good_file(), office, dry_run=False)
    assert report.ok and report.applied
    assert report.count(Action.CREATE) == 6
    dong_er = Community.objects.get(code="dong-er")
    assert (dong_er.name, dong_er.households, dong_er.sort_order) == ("东二社区", 5200, 1)
    assert Community.objects.get(code="die-bei").kind == CommunityKind.VILLAGE
    garden = Estate.objects.get(name="示例花园")
    assert (garden.community, garden.households, garden.year_built) == (dong_er, 600, 2005)
    assert str(garden.latitude) == "23.031234"
    assert Estate.objects.get(name="湖景苑").community == dong_er  # found by its code too
    cell = GridCell.objects.get(name="第一网格")
    assert cell.estate == garden
    assert sorted(w.username for w in cell.workers.all()) == ["worker02", "worker03"]
    first = garden.history.get()
    assert (first.history_type, first.history_user, first.history_change_reason) == (
        "+",
        office,
        "表格导入",
    )


def test_re_importing_the_same_file_changes_nothing():
    import_places(good_file(), user("office"), dry_run=False)
    history_rows = Estate.history.count() + GridCell.history.count() + Community.history.count()
    report = import_places(good_file(), user("office"), dry_run=False)
    assert report.ok
    assert {row.action for row in report.rows} == {Action.UNCHANGED}
    after = Estate.history.count() + GridCell.history.count() + Community.history.count()
    assert after == history_rows


def test_a_dry_run_shows_creates_updates_and_unchanged_rows_and_saves_nothing():
    dong_er = p.community(
        "dong-er", "东二社区", address="东二路 1 号", households=5000, sort_order=1
    )
    p.estate(dong_er, "示例花园", households=600, address="示例路 8 号", property_company="甲物业")
    report = import_places(good_file(), user("office"), dry_run=True)
    assert report.ok and not report.applied
    actions = {(row.sheet, row.label): row for row in report.rows}
    assert actions["社区", "dong-er"].action == Action.UPDATE
    assert actions["社区", "dong-er"].changes == ["户数：5000 → 5200"]
    assert actions["社区", "die-bei"].action == Action.CREATE
    assert (
        actions["小区", "东二社区 · 示例花园"].action == Action.UPDATE
    )  # year and map point added
    assert actions["小区", "东二社区 · 湖景苑"].action == Action.CREATE
    assert Community.objects.count() == 1
    assert Estate.objects.count() == 1
    assert Community.objects.get().households == 5000


def test_bad_rows_are_reported_in_chinese_with_row_and_column_and_nothing_is_saved():
    estates = [
        ESTATES[0],
        ESTATES[1],
        ["东二社区", "无户数小区", "", "", "", "", "", ""],
        ["东二社区", "错误户数", "", "六百", "", "", "", ""],
        ["不存在社区", "某小区", "", 10, "", "", "", ""],
        ["东二社区", "示例花园", "", 600, "", "", "", ""],
        ["东二社区", "年份错误", "", 10, 1700, "", "", ""],
    ]
    report = import_places(workbook(社区=COMMUNITIES, 小区=estates), user("office"), dry_run=False)
    assert not report.ok and not report.applied
    assert report.all_errors == [
        "工作表“小区”第 3 行“户数”列（D 列）：必须填写。",
        "工作表“小区”第 4 行“户数”列（D 列）：请填写整数，如 600。",
        "工作表“小区”第 5 行“所属社区”列（A 列）：找不到社区/村“不存在社区”，请先在“社区”工作表中添加。",
        "工作表“小区”第 6 行：与第 2 行重复。",
        "工作表“小区”第 7 行“建成年份”列（E 列）：确保该值大于或等于1900。",
    ]
    assert not Community.objects.exists()  # the good community rows were not kept either
    assert not Estate.objects.exists()


def test_a_file_that_is_not_a_workbook_or_misses_a_required_column_is_refused():
    report = import_places(b"name,households\n", user("office"), dry_run=False)
    assert report.errors == ["无法读取该文件：请上传 Excel（.xlsx）文件，可先下载模板。"]
    report = import_places(workbook(小区=[["小区名称", "户数"]]), user("office"), dry_run=False)
    assert report.errors == ["工作表“小区”第 1 行缺少必填列：所属社区。"]
    report = import_places(workbook(Sheet1=[["a"]]), user("office"), dry_run=False)
    assert "未找到工作表" in report.errors[0]


def test_unknown_grid_workers_and_an_estate_of_another_community_are_row_errors():
    cells = [CELLS[0], ["叠北村", "第二网格", "示例花园", "nobody"]]
    report = import_places(
        workbook(社区=COMMUNITIES, 小区=ESTATES, 网格=cells), user("office"), dry_run=True
    )
    assert report.all_errors == [
        "工作表“网格”第 2 行“所在小区”列（C 列）：“叠北村”下找不到小区“示例花园”。",
        "工作表“网格”第 2 行“网格员账号”列（D 列）：找不到账号：nobody。",
    ]


def test_the_template_has_every_sheet_with_its_headers_and_an_example_that_imports():
    book = load_workbook(BytesIO(template_workbook()))
    assert book.sheetnames == [s.title for s in SHEETS]
    assert [c.value for c in book["小区"][1]][:2] == ["所属社区 *", "小区名称 *"]
    report = import_places(template_workbook(), user("office"), dry_run=True)
    assert report.all_errors == [
        "工作表“网格”第 2 行“网格员账号”列（D 列）：找不到账号：grid01、grid02。"
    ]
