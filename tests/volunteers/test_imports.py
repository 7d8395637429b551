"""A studio imports its volunteer ledger (volunteers and service records) from XLSX: a dry run shows each
row masked and saves nothing, bad rows are named by row and column in Chinese and keep the whole file out,
re-importing changes nothing, records come in as drafts through the hours and overlap rules, and a worker
imports into their own studio only."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook

from cms.core.imports import Action
from cms.volunteers import imports
from cms.volunteers.models import ServiceActivity, ServiceRecord, Volunteer
from tests.conftest import login
from tests.factories import volunteers as f
from tests.factories.cases import user

pytestmark = pytest.mark.django_db
PEOPLE = ["姓名", "手机号码", "所属服务队", "已同意隐私告知"]
RECORDS = [
    "志愿者手机号码",
    "服务队",
    "活动名称",
    "开始时间",
    "结束时间",
    "扣除时间（分钟）",
    "服务内容",
]
TEAM = "骑手志愿服务队"
START = datetime.datetime(2026, 3, 2, 9, 0)


@pytest.fixture(autouse=True)
def team():
    return f.team("05", TEAM)


def workbook(people=(), records=(), people_headers=PEOPLE) -> bytes:
    book = Workbook()
    book.remove(book.active)
    sheet = book.create_sheet("志愿者")
    sheet.append(people_headers)
    for row in people:
        sheet.append(row)
    sheet = book.create_sheet("服务记录")
    sheet.append(RECORDS)
    for row in records:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def person(phone="13700002222", name="梁子豪", **changes):
    row = dict(zip(PEOPLE, [name, phone, TEAM, "是"], strict=True))
    row.update(changes)
    return [row[h] for h in PEOPLE]


def service(phone="13700002222", hours=2, breaks=0, activity="暖蜂驿站义诊", start=START):
    return [
        phone,
        TEAM,
        activity,
        start,
        start + datetime.timedelta(hours=hours),
        breaks,
        "协助义诊",
    ]


def run(content, username="worker05", dry_run=False):
    return imports.import_ledger(content, user(username), dry_run=dry_run)


def test_volunteers_and_their_records_come_in_with_history_and_records_await_verification():
    content = workbook(
        [person(), person("13700003333", "何家明")], [service(), service("13700003333")]
    )
    report = run(content)
    assert report.ok and report.count(Action.CREATE) == 4
    volunteer = Volunteer.objects.get(phone="13700002222")
    assert volunteer.studio.code == "05" and [t.name for t in volunteer.teams.all()] == [TEAM]
    assert volunteer.history.get().history_user.username == "worker05"
    records = ServiceRecord.objects.filter(activity__team__name=TEAM)
    assert records.count() == 2 and {r.status for r in records} == {ServiceRecord.Status.DRAFT}
    assert records.first().hours == Decimal("2.0")
    assert ServiceActivity.objects.filter(team__name=TEAM).count() == 1  # one activity, two records


def test_a_dry_run_shows_every_row_masked_and_saves_nothing():
    report = run(workbook([person()], [service()]), dry_run=True)
    assert report.ok and not report.applied
    assert [r.label for r in report.rows] == ["梁** 137****2222", "137****2222"]
    assert not Volunteer.objects.filter(phone="13700002222").exists()


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_saved():
    report = run(
        workbook(
            [
                person(),
                person("13700003333", "何家明", 所属服务队="不存在的队"),
                person("123", "黄伟"),
            ],
            [
                service(),
                service("13700009999"),
                service(breaks=200, start=START + datetime.timedelta(days=1)),
                service(),
            ],
        )
    )
    assert not report.ok and not report.applied
    errors = report.all_errors
    assert any("“志愿者”第 3 行" in e and "“所属服务队”列（C 列）" in e for e in errors)
    assert any("“志愿者”第 4 行" in e and "“手机号码”列（B 列）" in e for e in errors)
    assert any("“服务记录”第 3 行" in e and "“志愿者手机号码”列（A 列）" in e for e in errors)
    assert any("“服务记录”第 4 行" in e and "大于 0" in e for e in errors)
    assert any("“服务记录”第 5 行" in e and "与第 2 行重复" in e for e in errors)
    assert not Volunteer.objects.filter(phone="13700002222").exists()


def test_re_importing_the_same_file_changes_nothing():
    content = workbook([person()], [service()])
    run(content)
    counts = (
        Volunteer.history.count(),
        ServiceRecord.history.count(),
        ServiceActivity.objects.count(),
    )
    again = run(content)
    assert again.ok and again.count(Action.UNCHANGED) == 2
    after = (
        Volunteer.history.count(),
        ServiceRecord.history.count(),
        ServiceActivity.objects.count(),
    )
    assert after == counts


def test_a_changed_volunteer_is_corrected_with_history():
    run(workbook([person()]))
    report = run(workbook([person(name="梁志豪")]))
    assert report.count(Action.UPDATE) == 1 and "姓名" in report.rows[0].changes[0]
    volunteer = Volunteer.objects.get(phone="13700002222")
    assert volunteer.name == "梁志豪" and volunteer.history.first().history_type == "~"


def test_a_worker_cannot_import_into_another_studio(client):
    report = run(workbook([person() + ["05"]], people_headers=[*PEOPLE, "工作室"]), "worker02")
    assert not report.ok and any("不能导入到工作室“05”" in e for e in report.all_errors)
    assert not Volunteer.objects.filter(phone="13700002222").exists()
    login(client, "comms")
    assert client.get(reverse("volunteers_import")).status_code in (302, 403)


def test_the_studio_previews_masked_and_confirms_through_the_admin(client):
    login(client, "worker05")
    url = reverse("volunteers_import")
    assert client.get(reverse("volunteers_import_template")).status_code == 200
    upload = BytesIO(workbook([person()], [service()]))
    upload.name = "ledger.xlsx"
    preview = client.post(url, {"spreadsheet": upload})
    html = preview.content.decode()
    assert "梁**" in html and "13700002222" not in html
    assert client.post(url, {"token": preview.context["token"]}).status_code == 302
    assert ServiceRecord.objects.filter(volunteer__phone="13700002222").count() == 1
