"""Staff edit a register's members and its notice in the admin: the owning studio corrects a member through
the service (history with the reason, the opening logged), other studios and those who see members masked
cannot, and a changed notice becomes a new version that members who agreed earlier keep theirs of."""

import pytest
from django.urls import reverse

from cms.core.models import PersonalDataAccess
from cms.registers.models import Register, RegisterKind
from tests.conftest import login
from tests.factories import registers as f

pytestmark = pytest.mark.django_db
DENIED = (302, 403, 404)


@pytest.fixture
def rider():
    return f.member(RegisterKind.NEW_EMPLOYMENT, phone="13900005678", name="梁子豪")


def edit_data(**changes) -> dict:
    data = {
        "name": "梁志豪",
        "phone": "139 0000 5678",
        "community": "",
        "estate": "",
        "occupation": "courier",
        "platform": "示例快递",
        "usual_area": "千灯湖片区",
        "volunteer_team": "on",
        "reason": "本人来电更正",
    }
    data.update(changes)
    return data


def test_the_owning_studio_corrects_a_member_with_history_and_the_opening_is_logged(client, rider):
    login(client, "worker05")
    url = reverse("registers_member_edit", args=(rider.pk,))
    page = client.get(url)
    assert page.status_code == 200 and "梁子豪" in page.content.decode()
    assert PersonalDataAccess.objects.filter(user__username="worker05").exists()
    assert client.post(url, edit_data()).status_code == 302
    rider.refresh_from_db()
    assert rider.name == "梁志豪" and rider.worker.occupation == "courier"
    latest = rider.history.first()
    assert latest.history_type == "~" and latest.history_user.username == "worker05"
    assert latest.history_change_reason == "修改：本人来电更正"
    assert rider.worker.history.first().history_change_reason == "修改：本人来电更正"


def test_an_edit_is_refused_with_chinese_messages_and_the_typed_values_kept(client, rider):
    login(client, "worker05")
    url = reverse("registers_member_edit", args=(rider.pk,))
    page = client.post(url, edit_data(phone="12345", reason=""))
    html = page.content.decode()
    assert page.status_code == 200 and "请填写此项" in html and "梁志豪" in html
    rider.refresh_from_db()
    assert rider.name == "梁子豪"


@pytest.mark.parametrize("username", ["worker02", "office"])
def test_other_studios_and_masked_viewers_cannot_edit_a_member(client, rider, username):
    login(client, username)
    url = reverse("registers_member_edit", args=(rider.pk,))
    assert client.get(url).status_code in DENIED
    assert client.post(url, edit_data()).status_code in DENIED
    rider.refresh_from_db()
    assert rider.name == "梁子豪"


def test_a_changed_notice_is_a_new_version_and_members_keep_theirs(client, rider):
    login(client, "worker05")
    register = Register.objects.get(kind=RegisterKind.NEW_EMPLOYMENT)
    url = reverse("registers_notice_edit", args=("new_employment",))
    data = {
        "title": register.title,
        "purpose": "为新就业群体提供关怀服务（修订）",
        "retention_months": 24,
        "withdrawal_text": register.withdrawal_text,
    }
    assert client.post(url, data).status_code == 302
    register.refresh_from_db()
    assert register.purpose.endswith("（修订）") and register.notice_version == 2
    assert register.history.first().history_user.username == "worker05"
    rider.refresh_from_db()
    assert rider.notice_version == 1
    assert client.post(url, data).status_code == 302  # unchanged: no new version
    register.refresh_from_db()
    assert register.notice_version == 2
    login(client, "worker02")
    assert client.post(url, {**data, "purpose": "x"}).status_code in DENIED
