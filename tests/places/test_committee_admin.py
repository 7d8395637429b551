"""Owners' committees in the admin: studio 06 and the committee office open them, studio 01 does not;
names and phones are whole for studio 06's staff only, and each such view is logged; the dashboard
reminds them of terms ending within 90 days."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.core.models import PersonalDataAccess
from tests.conftest import login
from tests.factories import places as p

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    committee = p.owners_committee()
    p.member(committee, "陈志强", party=True, phone="13912345678", role="chair")
    p.member(committee, "黄美玲", phone="13700001111")
    return committee


def inspect_url(committee) -> str:
    return reverse("places_ownerscommittee_modeladmin_inspect", args=(committee.pk,))


def test_a_studio_01_worker_cannot_open_owners_committees(client, committee):
    login(client, "worker01")
    member = committee.members.first()
    for url in (
        reverse("places_ownerscommittee_modeladmin_index"),
        inspect_url(committee),
        reverse("places_ownerscommittee_modeladmin_edit", args=(committee.pk,)),
        reverse("places_committeemember_modeladmin_index"),
        reverse("places_committeemember_modeladmin_edit", args=(member.pk,)),
        reverse("places_election_modeladmin_create"),
        reverse("places_redcommitteecriteria_modeladmin_index"),
    ):
        assert client.get(url).status_code == 302, url  # Wagtail's redirect on PermissionDenied
    assert "业委会换届提醒" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_studio_06_sees_members_whole_and_party_membership_and_the_view_is_logged(
    client, committee
):
    worker = login(client, "worker06")
    html = client.get(inspect_url(committee)).content.decode()
    assert "陈志强" in html and "13912345678" in html and "黄美玲" in html
    assert "红色业委会" in html
    log = PersonalDataAccess.objects.get(user=worker)
    assert str(committee) in log.subject
    member = committee.members.get(name="黄美玲")
    edit = reverse("places_committeemember_modeladmin_edit", args=(member.pk,))
    form = client.get(edit).content.decode()  # masked until "显示": not logged
    assert "黄**" in form and "黄美玲" not in form and f"{edit}?reveal=1" in form
    assert PersonalDataAccess.objects.filter(user=worker).count() == 1
    revealed = client.get(f"{edit}?reveal=1").content.decode()
    assert 'value="黄美玲"' in revealed
    assert PersonalDataAccess.objects.filter(user=worker).count() == 2


def test_the_committee_office_opens_committees_with_names_and_phones_masked(client, committee):
    office = login(client, "office")
    html = client.get(inspect_url(committee)).content.decode()
    assert "陈**" in html and "139****5678" in html
    for secret in ("陈志强", "13912345678", "黄美玲", "13700001111"):
        assert secret not in html
    assert "党员" in html  # party membership is shown to the office
    assert not PersonalDataAccess.objects.filter(user=office).exists()
    member = committee.members.first()
    edit = reverse("places_committeemember_modeladmin_edit", args=(member.pk,))
    assert client.get(edit).status_code == 302  # the form would show the phone whole
    listing = client.get(reverse("places_committeemember_modeladmin_index")).content.decode()
    assert "陈**" in listing and "陈志强" not in listing and "13912345678" not in listing


def test_studio_06_is_reminded_of_terms_ending_within_90_days(client):
    today = timezone.localdate()
    p.owners_committee(p.estate(name="将届满小区"), term_end=today + datetime.timedelta(days=30))
    p.owners_committee(p.estate(name="刚换届小区"), term_end=today + datetime.timedelta(days=1500))
    login(client, "worker06")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "业委会换届提醒" in html and "将届满小区业委会" in html and "还有 30 天" in html
    assert "刚换届小区业委会" not in html


def test_studio_06_records_a_re_election_from_the_admin(client, committee):
    login(client, "worker06")
    response = client.post(
        reverse("places_election_modeladmin_create"),
        {
            "committee": committee.pk,
            "kind": "re_election",
            "held_on": "2026-12-20",
            "term_start": "2027-01-01",
            "term_end": "2031-12-31",
            "note": "",
        },
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.term_end == datetime.date(2031, 12, 31)
