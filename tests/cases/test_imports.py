"""A studio imports its case ledger from XLSX: each row becomes a received case with its deadlines,
reference and history; a dry run shows every row masked and saves nothing; bad rows are named by row and
column in Chinese and keep the whole file out; re-importing changes nothing; a worker imports only cases of
their own studio's categories."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook

from cms.cases import imports
from cms.cases.models import Case, Source, Status
from cms.core.imports import Action
from tests.conftest import login
from tests.factories import cases as f

pytestmark = pytest.mark.django_db
HEADERS = ["受理时间", "类别", "来源", "地点", "反映人", "反映人电话", "标题", "诉求内容"]
RECEIVED = datetime.datetime(2026, 3, 2, 9, 30)


def row(phone="13700001111", title="小区路灯不亮", **changes) -> list:
    values = dict(
        zip(
            HEADERS,
            [
                RECEIVED,
                f.category("06", "投诉").code,
                "来电",
                "某地某路",
                "陈大文",
                phone,
                title,
                "",
            ],
            strict=True,
        )
    )
    values.update(changes)
    return [values[h] for h in HEADERS]


def workbook(*rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "诉求"
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(content, username="worker06", dry_run=False):
    return imports.import_cases(content, f.user(username), dry_run=dry_run)


def test_each_row_becomes_a_received_case_with_deadlines_reference_and_history():
    report = run(workbook(row(), row("13700002222", "楼道堆放杂物")))
    assert report.ok and report.applied and report.count(Action.CREATE) == 2
    case = Case.objects.get(reporter_phone="13700001111")
    assert case.status == Status.RECEIVED and case.source == Source.PHONE
    assert case.studio.code == "06" and case.reference.startswith("GC-2026-")
    assert case.handling_due > case.first_contact_due > case.received_at
    entry = case.history.get()
    assert entry.history_type == "+" and entry.history_user.username == "worker06"
    assert entry.history_change_reason == "表格导入"


def test_a_dry_run_shows_every_row_masked_and_saves_nothing():
    report = run(workbook(row()), dry_run=True)
    assert report.ok and not report.applied and report.rows[0].label == "陈** 137****1111"
    assert not Case.objects.filter(reporter_phone="13700001111").exists()


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_saved():
    report = run(
        workbook(
            row(),
            row("123"),
            row(title="另一件事", 类别="不存在"),
            row(受理时间="昨天"),
            row(标题=""),
        ),
    )
    assert not report.ok and not report.applied
    errors = report.all_errors
    assert any("第 3 行" in e and "“反映人电话”列（F 列）" in e for e in errors)
    assert any("第 4 行" in e and "“类别”列（B 列）" in e and "找不到类别" in e for e in errors)
    assert any("第 5 行" in e and "“受理时间”列（A 列）" in e for e in errors)
    assert any("第 6 行" in e and "“标题”列（G 列）" in e for e in errors)
    assert not Case.objects.filter(reporter_phone="13700001111").exists()


def test_re_importing_the_same_file_changes_nothing():
    content = workbook(row(), row("13700002222", "楼道堆放杂物"))
    run(content)
    again = run(content)
    assert again.ok and again.count(Action.UNCHANGED) == 2 and again.count(Action.CREATE) == 0
    assert Case.objects.filter(reporter_phone__in=["13700001111", "13700002222"]).count() == 2


def test_a_worker_imports_only_cases_of_their_own_studio(client):
    report = run(workbook(row()), username="worker02")
    assert not report.ok and any("不能为工作室" in e for e in report.all_errors)
    assert not Case.objects.filter(reporter_phone="13700001111").exists()
    login(client, "comms")
    assert client.get(reverse("cases_import")).status_code in (302, 403)


def test_the_studio_previews_masked_and_confirms_through_the_admin(client):
    login(client, "worker06")
    url = reverse("cases_import")
    upload = BytesIO(workbook(row()))
    upload.name = "ledger.xlsx"
    preview = client.post(url, {"spreadsheet": upload})
    html = preview.content.decode()
    assert "陈**" in html and "13700001111" not in html
    assert client.post(url, {"token": preview.context["token"]}).status_code == 302
    assert Case.objects.filter(reporter_phone="13700001111").count() == 1
