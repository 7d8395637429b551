"""The registers' admin as the studios use it: only the owning studio and the committee office reach a
register, names and phones are whole only for the owning studio's staff (and then logged), the actions
go through the services, and the export follows the same masking."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cms.core.models import PersonalDataAccess
from cms.registers.models import Engagement, MemberState, RegisterKind, TalentService
from tests.conftest import login
from tests.exports.helpers import exported
from tests.factories import registers as f

pytestmark = pytest.mark.django_db
DENIED = (302, 403, 404)  # Wagtail answers PermissionDenied with a redirect to the admin home
LIST = "/admin/registers/member/"


def inspect_url(member) -> str:
    return reverse("registers_member_modeladmin_inspect", args=(member.pk,))


@pytest.fixture
def rider():
    return f.member(RegisterKind.NEW_EMPLOYMENT, phone="13900005678", name="梁子豪")


def test_a_studio_02_worker_cannot_open_studio_05s_register(client, rider):
    login(client, "worker02")
    assert client.get(inspect_url(rider)).status_code in DENIED
    for name in ("registers_verify", "registers_withdraw", "registers_care"):
        assert client.post(reverse(name, args=(rider.pk,)), {"reason": "x"}).status_code == 404
    assert client.get(reverse("registers_export", args=("new_employment",))).status_code in DENIED
    listing = client.get(LIST)
    assert listing.status_code == 200 and "梁**" not in listing.content.decode()
    rider.refresh_from_db()
    assert rider.state == MemberState.SUBMITTED


@pytest.mark.parametrize("username", ["comms", "editor05"])
def test_people_without_a_register_role_see_no_list(client, rider, username):
    login(client, username)
    assert client.get(LIST).status_code in DENIED
    assert client.get(inspect_url(rider)).status_code in DENIED


def test_the_owning_studio_sees_the_member_whole_and_the_view_is_logged(client, rider):
    login(client, "worker05")
    page = client.get(inspect_url(rider)).content.decode()
    assert "梁子豪" in page and "13900005678" in page
    assert PersonalDataAccess.objects.filter(user__username="worker05").count() == 1
    listing = client.get(LIST).content.decode()
    assert "梁**" in listing and "139****5678" in listing and "13900005678" not in listing


def test_the_committee_office_sees_the_member_masked_and_nothing_is_logged(client, rider):
    login(client, "office")
    page = client.get(inspect_url(rider)).content.decode()
    assert "139****5678" in page and "13900005678" not in page and "梁子豪" not in page
    assert not PersonalDataAccess.objects.filter(user__username="office").exists()


def test_verify_gives_an_observer_code_once_and_withdraw_needs_a_reason(client, rider):
    login(client, "worker05")
    response = client.post(reverse("registers_verify", args=(rider.pk,)), follow=True)
    assert "观察员码" in response.content.decode()
    response = client.post(
        reverse("registers_withdraw", args=(rider.pk,)), {"reason": ""}, follow=True
    )
    assert "请填写撤回原因" in response.content.decode()
    client.post(reverse("registers_withdraw", args=(rider.pk,)), {"reason": "本人申请"})
    rider.refresh_from_db()
    assert (rider.state, rider.phone) == (MemberState.WITHDRAWN, "")


def test_a_sages_engagement_links_a_case_the_worker_may_see(client):
    from tests.factories import cases

    sage, _code = f.verified(RegisterKind.SAGES)
    own = cases.new_case("02", "咨询")
    other = cases.new_case("06", "投诉")
    login(client, "worker02")
    url = reverse("registers_engagement", args=(sage.pk,))
    data = {"kind": "council", "happened_on": "2026-03-02", "summary": "参加议事会"}
    response = client.post(url, {**data, "case_reference": other.reference}, follow=True)
    assert "没有找到您可查看的这个诉求编号" in response.content.decode()
    client.post(url, {**data, "case_reference": own.reference})
    assert list(Engagement.objects.values_list("case", flat=True)) == [own.pk]


def test_a_talent_service_is_received_handled_and_answered_from_its_page(client):
    talent = f.member(RegisterKind.TALENTS)
    login(client, "worker04")
    client.post(
        reverse("registers_talent_service", args=(talent.pk,)),
        {"need": "housing", "description": "人才公寓申请"},
    )
    service = TalentService.objects.get()
    page = client.get(reverse("registers_talentservice_modeladmin_inspect", args=(service.pk,)))
    assert "答复时限" in page.content.decode()
    client.post(reverse("registers_service_step", args=(service.pk, "handle")))
    client.post(
        reverse("registers_service_step", args=(service.pk, "answer")), {"answer": "已受理申请。"}
    )
    service.refresh_from_db()
    assert service.state == TalentService.State.ANSWERED


def _export_rows(client, kind: str) -> list[tuple]:
    response = client.get(reverse("registers_export", args=(kind,)))
    sheet = load_workbook(io.BytesIO(exported(client, response))).active
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.parametrize(
    ("username", "name", "phone", "id_number"),
    [
        ("worker04", "陈志强", "13900001111", f.ID_NUMBER),
        ("office", "陈**", "139****1111", "440605********9997"),
    ],
)
def test_the_export_masks_for_the_committee_office_and_is_logged(
    client, username, name, phone, id_number
):
    f.member(RegisterKind.TALENTS, profile={"needs": ["schooling", "housing"]})
    login(client, username)
    header, row = _export_rows(client, "talents")
    assert header[:3] == ("姓名", "手机号码", "身份证号码")
    assert row[:3] == (name, phone, id_number)
    assert "子女入学、住房保障" in row and "C类（市级领军）" in row
    assert PersonalDataAccess.objects.filter(user__username=username, action="export").count() == 1


def test_the_station_is_studio_04s_and_bookings_are_settled_not_created_in_the_admin(client):
    import datetime

    from django.utils import timezone

    from cms.registers.models import Booking, StationDay

    day = StationDay.objects.create(day=timezone.localdate() - datetime.timedelta(days=1), seats=4)
    booking = Booking.objects.create(
        station_day=day, name="李嘉欣", phone="13900005555", code_hash="x"
    )
    login(client, "worker05")
    assert client.get("/admin/registers/booking/").status_code in DENIED
    assert client.get(reverse("registers_attendance", args=(booking.pk,))).status_code in DENIED
    login(client, "worker04")
    assert client.get("/admin/registers/booking/create/").status_code in DENIED
    listing = client.get("/admin/registers/booking/").content.decode()
    assert "李**" in listing and "13900005555" not in listing
    client.post(reverse("registers_attendance", args=(booking.pk,)), {"attended": "0"})
    booking.refresh_from_db()
    assert booking.state == Booking.State.NO_SHOW
