"""The case admin as a case worker uses it: intake, actions with their rules, edits, exports, dashboard."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cms.cases.models import Case, ExtensionRequest, Status
from cms.cases.services import hash_retrieval_code
from tests.conftest import login
from tests.exports.helpers import exported
from tests.factories import cases as f
from tests.factories import places as p


def intake_form(**overrides) -> dict:
    data = {
        "category": f.category("06", "投诉").pk,
        "source": "walk_in",
        "priority": "normal",
        "location_text": "示例花园",
        "reporter_name": "王小红",
        "reporter_phone": "＋86 139 0000 4321",
        "title": "电梯停运",
        "description": "3 号楼电梯停运两天。",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_walk_in_is_registered_and_the_code_shown_once(client):
    login(client, "worker06")
    response = client.post(reverse("cases_case_modeladmin_create"), intake_form(), follow=True)
    case = Case.objects.get(title="电梯停运")
    assert case.status == Status.RECEIVED and case.reporter_phone == "13900004321"
    html = response.content.decode()
    code = html.split("查询码 ")[1].split(" ")[0]
    assert case.retrieval_code_hash == hash_retrieval_code(code)
    assert case.history.get().history_user.username == "worker06"


@pytest.mark.django_db
def test_a_bad_phone_is_refused_with_a_chinese_message_and_the_form_kept(client):
    login(client, "worker06")
    response = client.post(
        reverse("cases_case_modeladmin_create"), intake_form(reporter_phone="123")
    )
    html = response.content.decode()
    assert "请填写正确的手机号码" in html
    assert "3 号楼电梯停运两天。" in html
    assert not Case.objects.filter(title="电梯停运").exists()


@pytest.mark.django_db
def test_a_case_worker_cannot_file_a_case_in_another_studio(client):
    login(client, "worker06")
    client.post(reverse("cases_case_modeladmin_create"), intake_form(category=f.category("01").pk))
    assert not Case.objects.filter(title="电梯停运").exists()


@pytest.mark.django_db
def test_resolving_without_a_reply_is_refused_then_accepted(client):
    login(client, "worker06")
    case = f.case_in(Status.IN_PROGRESS)
    url = reverse("cases_action", args=(case.pk, "resolve"))
    response = client.post(url, {"reply": "", "outcome": "已维修"})
    assert "必需字段" in response.content.decode()
    response = client.post(url, {"reply": "已维修完毕。", "outcome": "已维修"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.RESOLVED


@pytest.mark.django_db
def test_an_action_not_allowed_in_the_current_state_is_refused(client):
    login(client, "worker06")
    case = f.case_in(Status.RECEIVED)
    response = client.post(reverse("cases_action", args=(case.pk, "close")), follow=True)
    assert "该诉求当前不能执行此操作" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


@pytest.mark.django_db
def test_inspect_page_shows_actions_and_a_labelled_timeline(client):
    login(client, "worker06")
    case = f.case_in(Status.IN_PROGRESS)
    html = client.get(reverse("cases_case_modeladmin_inspect", args=(case.pk,))).content.decode()
    assert reverse("cases_action", args=(case.pk, "resolve")) in html
    assert reverse("cases_action", args=(case.pk, "close")) not in html
    assert "<td>状态</td><td>已派单</td><td>办理中</td>" in html
    assert "13800001234" in html


@pytest.mark.django_db
def test_committee_office_sees_phones_and_names_masked(client):
    login(client, "office")
    case = f.case_in(Status.IN_PROGRESS)
    html = client.get(reverse("cases_case_modeladmin_inspect", args=(case.pk,))).content.decode()
    assert "138****1234" in html and "13800001234" not in html
    assert "张**" in html and "张小梅" not in html


@pytest.mark.django_db
def test_extension_request_and_approval_through_the_admin(client):
    case = f.case_in(Status.IN_PROGRESS)
    login(client, "worker06")
    client.post(
        reverse("cases_action", args=(case.pk, "extend")), {"days": 5, "reason": "等待配件"}
    )
    extension = ExtensionRequest.objects.get(case=case)
    approve = reverse("cases_extension_decision", args=(case.pk, extension.pk, "approve"))
    client.post(approve)
    extension.refresh_from_db()
    assert extension.decision == ExtensionRequest.Decision.PENDING  # a worker cannot approve
    login(client, "lead06")
    client.post(approve)
    extension.refresh_from_db()
    assert extension.decision == ExtensionRequest.Decision.APPROVED


@pytest.mark.django_db
def test_the_second_of_two_concurrent_edits_is_refused(client):
    case = f.new_case()
    url = reverse("cases_case_modeladmin_edit", args=(case.pk,))
    login(client, "worker06")
    opened_version = case.version
    first = intake_form(title="第一位的修改", expected_version=opened_version)
    assert client.post(url, first).status_code == 302
    second = intake_form(title="第二位的修改", expected_version=opened_version)
    response = client.post(url, second)
    assert "请重新加载页面" in response.content.decode()
    case.refresh_from_db()
    assert case.title == "第一位的修改"


@pytest.mark.django_db
def test_exports_have_chinese_headers_labels_local_time_and_no_formulas(client):
    f.case_in(Status.ASSIGNED, title='=HYPERLINK("http://evil")')
    login(client, "worker06")
    csv = b"".join(client.get(reverse("cases_export", args=("csv",))).streaming_content)
    assert csv.startswith("\ufeff".encode())
    text = csv.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("编号,工作室,类别,来源,状态")
    assert "'=HYPERLINK" in text and "已派单" in text
    xlsx = exported(client, client.get(reverse("cases_export", args=("xlsx",))))
    sheet = load_workbook(io.BytesIO(xlsx)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "工作室", "类别")
    evil = next(r for r in rows if r[6] and "HYPERLINK" in r[6])
    assert evil[6] == '=HYPERLINK("http://evil")'
    cell = next(c for c in sheet.iter_rows() if c[6].value == evil[6])[6]
    assert cell.data_type == "s"


@pytest.mark.django_db
def test_exported_times_are_local_and_the_overdue_flag_follows_the_deadlines(client):
    late = f.case_in(Status.ASSIGNED, title="超期的诉求")
    on_time = f.case_in(Status.RESOLVED, title="办结的诉求")
    # 16:05 UTC on 1 March is five past midnight on 2 March in Shanghai.
    received = datetime.datetime(2026, 3, 1, 16, 5, 59, tzinfo=datetime.UTC)
    Case.objects.filter(pk=late.pk).update(
        received_at=received, handling_due=received + datetime.timedelta(days=1)
    )
    login(client, "worker06")
    xlsx = exported(client, client.get(reverse("cases_export", args=("xlsx",))))
    rows = {row[6]: row for row in load_workbook(io.BytesIO(xlsx)).active.values}
    assert rows["超期的诉求"][14:17] == ("2026-03-02 00:05", "2026-03-03 00:05", "是")
    assert rows["超期的诉求"][17] is None  # not resolved: an empty cell
    on_time.refresh_from_db()
    resolved = timezone.localtime(on_time.resolved_at).strftime("%Y-%m-%d %H:%M")
    assert rows["办结的诉求"][16:18] == ("否", resolved)
    csv = b"".join(client.get(reverse("cases_export", args=("csv",))).streaming_content)
    assert "2026-03-02 00:05,2026-03-03 00:05,是," in csv.decode()


@pytest.mark.django_db
def test_office_export_masks_personal_data(client):
    f.case_in(Status.ASSIGNED)
    login(client, "office")
    text = b"".join(client.get(reverse("cases_export", args=("csv",))).streaming_content).decode()
    assert "138****1234" in text and "13800001234" not in text


@pytest.mark.django_db
def test_dashboard_panel_lists_my_open_and_overdue_cases(client):
    case = f.case_in(Status.ASSIGNED, title="我的待办诉求")
    login(client, "worker06")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "我的待办" in html and case.reference in html


@pytest.mark.django_db
def test_a_photo_is_attached_privately_and_a_fake_one_refused(client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.core.test_uploads import png_bytes

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    case = f.case_in(Status.ASSIGNED)
    login(client, "worker06")
    url = reverse("cases_action", args=(case.pk, "attach"))
    fake = SimpleUploadedFile("现场.jpg", b"MZ\x90\x00 not an image")
    response = client.post(url, {"file": fake})
    assert "不是可接受的图片或 PDF" in response.content.decode()
    client.post(url, {"file": SimpleUploadedFile("现场.png", png_bytes())})
    item = case.attachments.get()
    assert item.content_type == "image/png" and item.original_name == "现场.png"
    assert str(tmp_path / "private") in item.file.path
    assert not (tmp_path / "media").exists()
    download = client.get(reverse("cases_attachment", args=(case.pk, item.pk)))
    assert download["Content-Type"] == "image/png"
    assert "no-store" in download["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["worker06", "office"])
def test_list_page_queries_do_not_grow_with_cases(client, username):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, username)
    url = reverse("cases_case_modeladmin_index")

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for status in Status:
        f.case_in(status)
    before = count()
    for status in list(Status) * 9:  # 72 more: past one page of 20
        f.case_in(status)
    assert count() == before


@pytest.mark.django_db
def test_search_finds_a_case_by_the_full_phone_but_the_list_does_not_show_it(client):
    case = f.case_in(Status.ASSIGNED, reporter_phone="13912345678")
    login(client, "worker06")
    html = client.get(reverse("cases_case_modeladmin_index"), {"q": "13912345678"}).content.decode()
    assert case.reference in html
    rows = html[html.index("<tbody") : html.index("</tbody>")]
    assert "13912345678" not in rows
    export = client.get(reverse("cases_export", args=("csv",)), {"q": "13912345678"})
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and case.reference in lines[1]


@pytest.mark.django_db
def test_a_closed_case_can_no_longer_be_edited(client):
    case = f.case_in(Status.CLOSED)
    login(client, "worker06")
    assert client.get(reverse("cases_case_modeladmin_edit", args=(case.pk,))).status_code == 302


@pytest.mark.django_db
def test_export_follows_the_list_filters_and_survives_bad_parameters(client):
    done = f.case_in(Status.CLOSED, title="已归档的诉求")
    open_case = f.case_in(Status.ASSIGNED, title="办理中的诉求")
    login(client, "worker06")
    url = reverse("cases_export", args=("csv",))
    text = b"".join(client.get(url, {"status__exact": "closed"}).streaming_content).decode()
    assert done.reference in text and open_case.reference not in text
    response = client.get(url, {"category": "abc", "studio__id__exact": "x", "overdue": "maybe"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_overdue_filter_lists_only_late_cases(client):
    import datetime

    from django.utils import timezone

    late = f.case_in(
        Status.ASSIGNED,
        title="早已超期的诉求",
        received_at=timezone.now() - datetime.timedelta(days=60),
    )
    fresh = f.case_in(Status.ASSIGNED, title="刚受理的诉求")
    login(client, "worker06")
    url = reverse("cases_case_modeladmin_index")
    overdue = client.get(url, {"overdue": "yes"}).content.decode()
    on_time = client.get(url, {"overdue": "no"}).content.decode()
    assert late.reference in overdue and fresh.reference not in overdue
    assert fresh.reference in on_time and late.reference not in on_time


@pytest.mark.django_db
def test_the_committee_office_routes_an_unsure_submission_from_the_admin(client):
    case = f.unrouted_case()
    login(client, "worker06")
    assert client.get(reverse("cases_case_modeladmin_inspect", args=(case.pk,))).status_code == 302
    login(client, "office")
    html = client.get(reverse("cases_case_modeladmin_inspect", args=(case.pk,))).content.decode()
    assert "待分派（委员会办公室）" in html
    route = reverse("cases_action", args=(case.pk, "route"))
    assert route in html
    client.post(route, {"category": f.category("06", "投诉").pk, "reason": "物业问题"})
    case.refresh_from_db()
    assert case.status == Status.RECEIVED and case.studio.code == "06"
    login(client, "worker06")
    assert client.get(reverse("cases_case_modeladmin_inspect", args=(case.pk,))).status_code == 200


@pytest.mark.django_db
def test_the_list_and_its_export_filter_by_community_and_estate(client):
    dong_er, xi_yue = p.community("dong-er", "东二社区"), p.community("xi-yue", "西约社区")
    garden, lake = p.estate(dong_er, "示例花园"), p.estate(dong_er, "湖景苑")
    in_garden = f.case_in(Status.ASSIGNED, title="花园的诉求", estate=garden)
    in_lake = f.case_in(Status.ASSIGNED, title="湖景苑的诉求", estate=lake)
    in_xi_yue = f.case_in(Status.ASSIGNED, title="西约的诉求", community=xi_yue)
    login(client, "worker06")
    url = reverse("cases_case_modeladmin_index")
    html = client.get(url, {"community": dong_er.pk}).content.decode()
    assert in_garden.reference in html and in_lake.reference in html
    assert in_xi_yue.reference not in html
    html = client.get(url, {"community": dong_er.pk, "estate": garden.pk}).content.decode()
    assert in_garden.reference in html and in_lake.reference not in html
    assert "东二社区 · 示例花园" not in html  # a chosen community lists its estates by their names
    export = client.get(reverse("cases_export", args=("csv",)), {"estate": lake.pk})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert in_lake.reference in text and in_garden.reference not in text
    assert "东二社区,湖景苑," in text
    assert client.get(url, {"community": "x", "estate": "y"}).status_code == 200
