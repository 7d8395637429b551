"""A studio imports its register's existing ledger from XLSX: a dry run shows every row masked and saves
nothing, bad rows are named by row and column in Chinese and keep the whole file out, re-importing changes
nothing, a changed row corrects the member with history, and a worker imports into their own studio's
register only."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cms.core.imports import Action
from cms.registers import imports
from cms.registers.models import Member, MemberState, RegisterKind, WorkerProfile
from tests.conftest import login
from tests.factories import registers as f
from tests.factories.cases import user

pytestmark = pytest.mark.django_db
HEADERS = [
    "姓名",
    "手机号码",
    "所在社区/村",
    "已同意登记告知",
    "职业",
    "所在平台或企业",
    "党员（本人同意登记）",
]
DENIED = (302, 403, 404)


def rider(phone="13900002222", name="梁子豪", **changes) -> list:
    row = dict(zip(HEADERS, [name, phone, "", "是", "外卖骑手", "示例外卖平台", "否"], strict=True))
    row.update(changes)
    return [row[h] for h in HEADERS]


def workbook(*rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "登记人员"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(content, username="worker05", dry_run=False):
    register = f.register(RegisterKind.NEW_EMPLOYMENT)
    return imports.import_members(content, user(username), register, dry_run=dry_run)


def test_a_ledger_enrols_each_person_awaiting_verification_with_their_profile_and_history():
    report = run(workbook(rider(), rider("13900003333", "何家明", 职业="快递员")))
    assert report.ok and report.applied and report.count(Action.CREATE) == 2
    member = Member.objects.get(phone="13900002222")
    assert member.state == MemberState.SUBMITTED and member.studio.code == "05"
    assert WorkerProfile.objects.get(member__phone="13900003333").occupation == "courier"
    entry = member.history.get()
    assert entry.history_user.username == "worker05" and entry.history_type == "+"


def test_a_dry_run_shows_every_row_masked_and_saves_nothing():
    report = run(workbook(rider(), rider("13900003333", "何家明")), dry_run=True)
    assert report.ok and not report.applied
    assert [r.action for r in report.rows] == [Action.CREATE, Action.CREATE]
    assert report.rows[0].label == "梁** 139****2222"
    assert not Member.objects.filter(phone__in=["13900002222", "13900003333"]).exists()


def test_bad_rows_are_named_by_row_and_column_in_chinese_and_nothing_is_saved():
    report = run(
        workbook(
            rider(),
            rider("12345", "何家明"),
            rider("13900004444", "", 职业="宇航员"),
            rider("13900005555", "黄伟", 已同意登记告知="否"),
            rider("13900002222", "梁子豪"),
        )
    )
    assert not report.ok and not report.applied
    errors = report.all_errors
    assert any("第 3 行" in e and "“手机号码”列（B 列）" in e for e in errors)
    assert any("第 4 行" in e and "“姓名”列（A 列）" in e and "必须填写" in e for e in errors)
    assert any("第 4 行" in e and "“职业”列（E 列）" in e and "外卖骑手" in e for e in errors)
    assert any("第 5 行" in e and "未同意登记告知" in e for e in errors)
    assert any("第 6 行" in e and "与第 2 行重复" in e for e in errors)
    assert not Member.objects.filter(phone="13900002222").exists()  # all or nothing
    assert not any("12345" in e or "何家明" in e for e in errors)  # no personal data echoed


def test_re_importing_the_same_file_changes_nothing():
    content = workbook(rider(), rider("13900003333", "何家明"))
    run(content)
    history_rows = Member.history.count()
    again = run(content)
    assert again.ok and again.count(Action.UNCHANGED) == 2 and again.count(Action.CREATE) == 0
    assert Member.history.count() == history_rows
    assert Member.objects.filter(phone__in=["13900002222", "13900003333"]).count() == 2


def test_a_changed_row_corrects_the_member_and_its_profile_with_history():
    run(workbook(rider()))
    report = run(workbook(rider(name="梁志豪", 所在平台或企业="另一平台")))
    assert report.count(Action.UPDATE) == 1
    assert "姓名" in report.rows[0].changes[0] and "所在平台或企业" in report.rows[0].changes[0]
    member = Member.objects.get(phone="13900002222")
    assert member.name == "梁志豪" and member.worker.platform == "另一平台"
    latest = member.history.first()
    assert latest.history_change_reason == "表格导入" and latest.history_type == "~"


def test_a_missing_required_column_or_a_foreign_file_is_refused():
    assert "缺少必填列" in run(workbook(rider()[:2], headers=HEADERS[:2])).errors[0]
    assert "无法读取" in run(b"not a workbook").errors[0]


def test_a_worker_imports_into_their_own_studios_register_only(client):
    with pytest.raises(PermissionDenied):
        run(workbook(rider()), username="worker02")
    login(client, "worker02")
    url = reverse("registers_import", args=("new_employment",))
    assert client.get(url).status_code in DENIED
    upload = BytesIO(workbook(rider()))
    upload.name = "ledger.xlsx"
    assert client.post(url, {"spreadsheet": upload}).status_code in DENIED
    assert not Member.objects.filter(phone="13900002222").exists()


def test_the_studio_previews_masked_then_confirms_through_the_admin(client):
    login(client, "worker05")
    url = reverse("registers_import", args=("new_employment",))
    template = client.get(reverse("registers_import_template", args=("new_employment",)))
    headers = [c.value for c in next(load_workbook(BytesIO(template.content)).active.iter_rows())]
    assert "职业 *" in headers and "已同意登记告知 *" in headers
    upload = BytesIO(workbook(rider()))
    upload.name = "ledger.xlsx"
    preview = client.post(url, {"spreadsheet": upload})
    html = preview.content.decode()
    assert "梁**" in html and "139****2222" in html and "13900002222" not in html
    assert not Member.objects.filter(phone="13900002222").exists()
    done = client.post(url, {"token": preview.context["token"]})
    assert done.status_code == 302
    assert Member.objects.filter(phone="13900002222", studio__code="05").exists()
