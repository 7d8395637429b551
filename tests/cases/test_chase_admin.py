"""催办 and 预警设置 in the admin: leads and the office chase from the case page; the office edits the rules."""

import pytest

from cms.cases.models import Status, WarningRule
from tests.conftest import login
from tests.factories import cases as f

pytestmark = pytest.mark.django_db


def test_a_lead_chases_from_the_case_page(client):
    case = f.case_in(Status.IN_PROGRESS, "06")
    login(client, "lead06")
    page = client.get(f"/admin/cases/case/inspect/{case.pk}/").content.decode()
    assert "尚未催办" in page and f"/admin/cases/case/{case.pk}/chase/" in page
    response = client.post(f"/admin/cases/case/{case.pk}/chase/", {"text": "请今天内联系居民。"})
    assert response.status_code == 302
    page = client.get(f"/admin/cases/case/inspect/{case.pk}/").content.decode()
    assert "催办（1）" in page and "请今天内联系居民。" in page


def test_an_empty_note_is_refused_in_chinese_and_nothing_is_chased(client):
    case = f.case_in(Status.IN_PROGRESS, "06")
    login(client, "lead06")
    html = client.post(f"/admin/cases/case/{case.pk}/chase/", {"text": ""}).content.decode()
    assert "这个字段是必填项" in html or "必需" in html or "必填" in html
    assert not case.chases.exists()


def test_a_case_worker_sees_the_chasers_but_no_button_and_cannot_post(client):
    case = f.case_in(Status.IN_PROGRESS, "06")
    login(client, "worker06")
    page = client.get(f"/admin/cases/case/inspect/{case.pk}/").content.decode()
    assert "尚未催办" in page and f"/admin/cases/case/{case.pk}/chase/" not in page
    response = client.post(f"/admin/cases/case/{case.pk}/chase/", {"text": "自己催自己"})
    assert response.status_code == 302 and not case.chases.exists()


def test_another_studios_lead_cannot_reach_the_case(client):
    case = f.case_in(Status.IN_PROGRESS, "06")
    login(client, "lead01")
    client.post(f"/admin/cases/case/{case.pk}/chase/", {"text": "越权催办"})
    assert not case.chases.exists()


def test_the_office_edits_how_early_a_priority_is_warned(client):
    rule = WarningRule.objects.get(priority="urgent")
    login(client, "office")
    response = client.post(
        f"/admin/cases/warningrule/edit/{rule.pk}/", {"priority": "urgent", "hours": "6"}
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.hours == 6
    login(client, "lead06")
    assert client.get("/admin/cases/warningrule/").status_code == 302
