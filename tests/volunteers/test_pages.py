"""Volunteer pages through the real stack: the public certificate check and sign-up, the studio page's
teams, and the admin's isolation, ledger page and i志愿 export."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cms.studios.models import ActivityPage, StudioPage
from cms.volunteers import services
from cms.volunteers.models import Volunteer
from tests.conftest import login
from tests.exports.helpers import exported
from tests.factories import volunteers as v
from tests.factories.cases import user

pytestmark = pytest.mark.django_db


def certified():
    volunteer = v.volunteer(id_number="440605198001019997")
    team = v.team()
    services.verify(user("worker04"), v.record(volunteer, v.activity(team)))
    certificate = services.issue_certificate(
        user("worker04"),
        volunteer=volunteer,
        team=team,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        responsible_person="示例负责人",
    )
    return volunteer, certificate


def test_the_public_check_confirms_a_certificate_and_shows_nothing_else(client):
    volunteer, certificate = certified()
    response = client.get(reverse("certificate_check"), {"number": certificate.number.lower()})
    html = response.content.decode()
    assert "该证明真实有效" in html and "陈**" in html and "3.0 小时" in html
    assert "科学家第二课堂志愿服务队" in html
    for secret in (
        volunteer.name,
        volunteer.phone,
        volunteer.id_number,
        "GD1234567890",
        "科普进校园",
    ):
        assert secret not in html
    assert "no-store" in response["Cache-Control"]
    missing = client.get(reverse("certificate_check"), {"number": "ZY-2026-AAAAAAAA"})
    assert "没有找到该编号" in missing.content.decode()


def test_the_sign_up_page_enforces_capacity_with_a_clear_message(client):
    page = ActivityPage.objects.live().first()
    page.capacity = 1
    page.start_at = timezone.now() + datetime.timedelta(days=2)
    page.end_at = page.start_at + datetime.timedelta(hours=2)
    page.save_revision().publish()
    url = reverse("activity_sign_up", args=(page.pk,))
    form = {"name": "王一", "phone": "139 0000 0001", "consent": "on"}
    assert "报名成功" in client.post(url, form).content.decode()
    full = client.post(url, {**form, "phone": "13900000002"}).content.decode()
    assert "名额已满" in full and 'value="王一"' in full
    bad = client.post(url, {"name": "王三", "phone": "12345"}).content.decode()
    assert "请填写正确的手机号码" in bad and "请阅读并同意" in bad


def test_the_studio_page_lists_its_public_teams_only(client):
    v.team("04", "科学家第二课堂志愿服务队", public=True)
    v.team("04", "内部筹备组", public=False)
    page = StudioPage.objects.get(studio__code="04")
    html = client.get(page.url).content.decode()
    assert "科学家第二课堂志愿服务队" in html and "内部筹备组" not in html


def test_another_studio_cannot_open_a_volunteer_or_see_them_listed(client):
    volunteer = v.volunteer()
    login(client, "worker01")
    listing = client.get(reverse("volunteers_volunteer_modeladmin_index")).content.decode()
    assert volunteer.name not in listing
    inspect = reverse("volunteers_volunteer_modeladmin_inspect", args=(volunteer.pk,))
    assert client.get(inspect).status_code == 302  # Wagtail's answer to PermissionDenied
    edit = reverse("volunteers_volunteer_modeladmin_edit", args=(volunteer.pk,))
    assert client.get(edit).status_code == 302
    login(client, "comms")
    assert client.get(reverse("volunteers_volunteer_modeladmin_index")).status_code == 302


def test_a_volunteer_is_registered_in_the_admin_with_checked_id_and_consent(client):
    worker = login(client, "worker04")
    url = reverse("volunteers_volunteer_modeladmin_create")
    form = {
        "studio": v.team().studio_id,
        "name": "林小雨",
        "phone": "137 0000 8888",
        "id_number": "440605198001019990",
        "joined_on": "2026-11-01",
        "status": "active",
        "skills": "急救, 摄影",
    }
    refused = client.post(url, form).content.decode()
    assert "身份证号码不正确" in refused and "请" in refused
    form["id_number"] = "440605198001019997"
    without_consent = client.post(url, form).content.decode()
    assert "请确认志愿者本人已同意隐私告知" in without_consent
    assert not Volunteer.objects.filter(name="林小雨").exists()
    form["consent"] = "on"
    client.post(url, form)
    volunteer = Volunteer.objects.get(name="林小雨")
    assert volunteer.phone == "13700008888" and volunteer.consented_at is not None
    assert sorted(t.name for t in volunteer.skills.all()) == ["急救", "摄影"]
    assert volunteer.history.get().history_user == worker


def test_the_ledger_page_keeps_its_query_count_as_records_grow(
    client, django_assert_max_num_queries
):
    volunteer, team = v.volunteer(), v.team()
    for day in range(2):
        start = v.MORNING + datetime.timedelta(days=day)
        services.verify(user("lead04"), v.record(volunteer, v.activity(team, starts_at=start)))
    login(client, "worker04")
    url = reverse("volunteers_volunteer_modeladmin_inspect", args=(volunteer.pk,))
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for day in range(2, 12):
        start = v.MORNING + datetime.timedelta(days=day)
        services.verify(user("lead04"), v.record(volunteer, v.activity(team, starts_at=start)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "累计 36.0 小时" in html, html[html.find("累计") - 50 : html.find("累计") + 50]


def test_the_izhiyuan_export_has_the_upload_columns_verified_rows_and_no_formulas(client):
    volunteer = v.volunteer(name="=HYPERLINK(1)")
    team = v.team()
    services.verify(user("lead04"), v.record(volunteer, v.activity(team)))
    later = v.MORNING + datetime.timedelta(days=1)
    v.record(volunteer, v.activity(team, starts_at=later))  # a draft: not exported
    login(client, "worker04")
    response = client.get(
        reverse("volunteers_export"), {"start": "2026-03-01", "end": "2026-03-31"}
    )
    sheet = load_workbook(io.BytesIO(exported(client, response))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "志愿者姓名",
        "i志愿编号",
        "服务活动",
        "服务日期",
        "开始时间",
        "结束时间",
        "服务时长（小时）",
        "服务内容",
        "组织者",
    ]
    assert rows[1:] == [
        [
            "=HYPERLINK(1)",
            "GD1234567890",
            "科普进校园",
            "2026-03-02",
            "09:00",
            "12:00",
            3,  # a number Excel can sum, shown to one decimal
            "科普进校园",
            user("worker04").first_name,  # the organiser by their real name
        ]
    ]
    assert sheet.cell(2, 1).data_type == "s"
    assert (sheet.cell(2, 7).data_type, sheet.cell(2, 7).number_format) == ("n", "0.0")
    assert sheet.cell(2, 2).data_type == "s"  # an identifier stays text
    login(client, "worker01")
    other = client.get(reverse("volunteers_export"), {"start": "2026-03-01", "end": "2026-03-31"})
    assert len(list(load_workbook(io.BytesIO(exported(client, other))).active.iter_rows())) == 1
