"""12345 work orders: the platform's spreadsheet becomes cases (source 12345热线, the order's deadline), a dry
run saves nothing, bad rows are named by row and column in Chinese, one bad row keeps the whole file out,
re-importing changes nothing, a changed order updates its case with history, renamed columns are followed,
and the results go back in the platform's reply shape."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from cms.cases.models import Case, Source, Status
from cms.core.imports import Action
from cms.interop import hotline
from cms.interop.models import HotlineColumn, HotlineOrder
from tests.factories import cases as f

pytestmark = pytest.mark.django_db

HEADERS = [
    "工单编号",
    "受理时间",
    "办理时限",
    "事项分类",
    "所属社区",
    "来电人",
    "来电号码",
    "工单标题",
    "诉求内容",
]


def order(number="GD001", **changes) -> list:
    """A row of the platform's export; its category is given by our service code (投诉 is a name in
    several studios, so a name alone does not choose one)."""
    row = {
        "工单编号": number,
        "受理时间": "2026-11-30 09:15",
        "办理时限": datetime.datetime(2026, 12, 4, 18, 0),
        "事项分类": f.category("06", "投诉").code,
        "所属社区": "千灯湖社区示例花园",
        "来电人": "陈大文",
        "来电号码": "13700001111",
        "工单标题": "小区路灯不亮",
        "诉求内容": "3 栋旁路灯连续一周不亮。",
    }
    row.update(changes)
    return [row[h] for h in HEADERS]


def workbook(*rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(content, dry_run=False):
    return hotline.import_orders(content, f.user("office"), dry_run=dry_run)


def test_each_order_becomes_a_case_with_its_deadline_and_number():
    report = run(workbook(order("GD001"), order("GD002", 事项分类="不存在的类别")))
    assert report.ok and report.applied and report.count(Action.CREATE) == 2
    first = HotlineOrder.objects.get(order_number="GD001").case
    assert first.source == Source.HOTLINE and first.category == f.category("06", "投诉")
    assert timezone.localtime(first.handling_due).strftime("%m-%d %H:%M") == "12-04 18:00"
    assert timezone.localtime(first.received_at).strftime("%m-%d %H:%M") == "11-30 09:15"
    assert first.reporter_phone == "13700001111"
    unrouted = HotlineOrder.objects.get(order_number="GD002").case
    assert unrouted.status == Status.AWAITING_ROUTING
    assert "不存在的类别" in report.rows[1].changes[0]


def test_a_dry_run_shows_every_row_and_saves_nothing():
    report = run(workbook(order("GD001"), order("GD002")), dry_run=True)
    assert report.ok and not report.applied
    assert [r.action for r in report.rows] == [Action.CREATE, Action.CREATE]
    assert (
        not HotlineOrder.objects.exists()
        and not Case.objects.filter(source=Source.HOTLINE).exists()
    )


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_saved():
    report = run(
        workbook(
            order("GD001"),
            order("GD002", 来电号码="12345"),
            order("GD003", 办理时限="下周"),
            order("GD001"),
            order("", 所属社区=""),
        )
    )
    assert not report.ok and not report.applied
    errors = report.all_errors
    assert any("第 3 行" in e and "“来电号码”列（G 列）" in e for e in errors)
    assert any("第 4 行" in e and "“办理时限”列（C 列）" in e and "日期时间" in e for e in errors)
    assert any("第 5 行" in e and "与第 2 行重复" in e for e in errors)
    assert any("第 6 行" in e and "“工单编号”列" in e and "必须填写" in e for e in errors)
    assert not HotlineOrder.objects.exists()


def test_a_missing_column_is_reported_before_any_row():
    report = run(workbook(order()[:-2], headers=HEADERS[:6]))
    assert report.errors == ["第 1 行缺少必填列：来电号码。"]


def test_reimporting_the_same_file_changes_nothing():
    content = workbook(order("GD001"), order("GD002"))
    run(content)
    case = HotlineOrder.objects.get(order_number="GD001").case
    revisions = case.history.count()
    again = run(content)
    assert again.ok and again.count(Action.UNCHANGED) == 2 and again.count(Action.CREATE) == 0
    assert Case.objects.filter(source=Source.HOTLINE).count() == 2
    assert case.history.count() == revisions


def test_a_changed_order_updates_its_case_with_history():
    run(workbook(order("GD001")))
    later = datetime.datetime(2026, 12, 8, 18, 0)
    report = run(workbook(order("GD001", 诉求内容="路灯仍不亮，且有电线外露。", 办理时限=later)))
    assert report.count(Action.UPDATE) == 1
    case = HotlineOrder.objects.get(order_number="GD001").case
    assert case.description == "路灯仍不亮，且有电线外露。"
    assert timezone.localtime(case.handling_due).day == 8
    latest = case.history.first()
    assert latest.history_user == f.user("office")
    assert "诉求内容" in report.rows[0].changes


def test_renamed_platform_columns_are_followed_after_the_office_edits_the_mapping():
    HotlineColumn.objects.filter(field="order_number").update(header="工单号")
    headers = ["工单号", *HEADERS[1:]]
    assert run(workbook(order("GD009"), headers=headers)).ok
    assert HotlineOrder.objects.filter(order_number="GD009").exists()


def test_the_template_has_the_mapped_headers():
    sheet = load_workbook(BytesIO(hotline.template_workbook())).active
    assert [c.value.rstrip(" *") for c in sheet[1]] == HEADERS


def test_only_the_committee_office_imports():
    with pytest.raises(PermissionDenied):
        hotline.import_orders(workbook(order()), f.user("worker06"), dry_run=True)


def test_results_go_back_in_the_platforms_reply_shape():
    run(workbook(order("GD001"), order("GD002")))
    worker = f.user("worker06")
    from cms.cases import services

    case = HotlineOrder.objects.get(order_number="GD001").case
    services.assign(case, worker, assignee=worker)
    services.start(case, worker)
    services.resolve(case, worker, reply="已更换路灯。", outcome="已办结")
    rows = hotline.reply_rows(hotline.resolved_on(timezone.localdate()))
    assert rows[0] == ["工单编号", "办理结果", "答复内容", "回访情况", "办结时间"]
    assert rows[1][:4] == ["GD001", "已办结", "已更换路灯。", "未回访"]
    assert len(rows) == 2
    everything = hotline.reply_rows(HotlineOrder.objects.all())
    assert [r[0] for r in everything[1:]] == ["GD001", "GD002"]


def test_an_order_naming_a_known_estate_is_placed_there():
    from tests.factories import places as p

    estate = p.estate()
    run(workbook(order("GD001", 所属社区="东二社区 示例花园"), order("GD002", 所属社区="东二社区")))
    first = HotlineOrder.objects.get(order_number="GD001").case
    assert (first.community_id, first.estate_id) == (estate.community_id, estate.pk)
    second = HotlineOrder.objects.get(order_number="GD002").case
    assert (second.community_id, second.estate_id, second.location_text) == (
        estate.community_id,
        None,
        "",
    )
