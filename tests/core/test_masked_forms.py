"""Edit forms with personal data follow the inspect pages' masking rules (issue 16, item 3): a masked field
is shown masked and kept on save; "显示" reveals it to those allowed, and every reveal is logged.

Each form is checked per role: the committee office (oversees, never sees whole), the record's own studio
(masked until "显示"), another studio (no form at all), and for mediation parties the file's mediator.
"""

import pytest
from django.urls import reverse
from wagtail_modeladmin.options import ModelAdmin

from cms.core.admin import RowButtonHelper
from cms.core.models import PersonalDataAccess
from cms.demo.mediation import mediator_user
from cms.mediation.models import Stage
from tests.conftest import login
from tests.factories import cases as f
from tests.factories import mediation as m
from tests.factories import places as p
from tests.factories import registers as r
from tests.factories import volunteers as v

pytestmark = pytest.mark.django_db


def logged(user) -> int:
    return PersonalDataAccess.objects.filter(user=user).count()


def case_form(case, **overrides) -> dict:
    data = {
        "category": case.category_id,
        "source": case.source,
        "priority": case.priority,
        "location_text": case.location_text,
        "reporter_name": "冒名顶替",
        "reporter_phone": "13900000000",
        "title": "改过的标题",
        "description": case.description,
        "expected_version": case.version,
    }
    data.update(overrides)
    return data


# --- cases ------------------------------------------------------------------------------------


def test_the_committee_office_edits_a_case_with_the_reporter_masked_and_no_reveal(client):
    case = f.new_case()
    office = login(client, "office")
    url = reverse("cases_case_modeladmin_edit", args=(case.pk,))
    for address in (url, f"{url}?reveal=1"):
        html = client.get(address).content.decode()
        assert "张**" in html and "138****1234" in html
        assert "张小梅" not in html and "13800001234" not in html
        assert "显示</a>" not in html
    assert logged(office) == 0


def test_a_masked_reporter_is_kept_unchanged_when_the_office_saves(client):
    case = f.new_case()
    login(client, "office")
    url = reverse("cases_case_modeladmin_edit", args=(case.pk,))
    assert client.post(url, case_form(case)).status_code == 302
    case.refresh_from_db()
    assert case.title == "改过的标题"
    assert (case.reporter_name, case.reporter_phone) == ("张小梅", "13800001234")
    # Asking to reveal changes nothing for the office either.
    client.post(f"{url}?reveal=1", case_form(case, expected_version=case.version))
    case.refresh_from_db()
    assert (case.reporter_name, case.reporter_phone) == ("张小梅", "13800001234")


@pytest.mark.parametrize("username", ["worker06", "lead06"])
def test_the_studio_sees_the_reporter_masked_until_it_asks_and_the_reveal_is_logged(
    client, username
):
    case = f.new_case()
    user = login(client, username)
    url = reverse("cases_case_modeladmin_edit", args=(case.pk,))
    html = client.get(url).content.decode()
    assert "138****1234" in html and "13800001234" not in html
    assert f"{url}?reveal=1" in html and "显示" in html
    assert logged(user) == 0
    revealed = client.get(f"{url}?reveal=1").content.decode()
    assert 'value="张小梅"' in revealed and 'value="13800001234"' in revealed
    assert f'action="{url}?reveal=1"' in revealed
    entry = PersonalDataAccess.objects.get(user=user)
    assert entry.action == "view" and case.reference in entry.subject


def test_a_masked_save_by_the_studio_keeps_the_phone_and_a_revealed_one_changes_it(client):
    case = f.new_case()
    login(client, "worker06")
    url = reverse("cases_case_modeladmin_edit", args=(case.pk,))
    client.post(url, case_form(case))
    case.refresh_from_db()
    assert case.title == "改过的标题" and case.reporter_phone == "13800001234"
    client.post(f"{url}?reveal=1", case_form(case, expected_version=case.version))
    case.refresh_from_db()
    assert (case.reporter_name, case.reporter_phone) == ("冒名顶替", "13900000000")


def test_another_studio_gets_no_case_form(client):
    case = f.new_case()
    user = login(client, "worker01")
    url = reverse("cases_case_modeladmin_edit", args=(case.pk,))
    assert client.get(f"{url}?reveal=1").status_code == 302  # Wagtail's answer to PermissionDenied
    assert logged(user) == 0


# --- volunteers -------------------------------------------------------------------------------


def test_the_office_edits_a_volunteer_with_phone_and_id_masked_and_kept(client):
    volunteer = v.volunteer(id_number=m.valid_id())
    office = login(client, "office")
    url = reverse("volunteers_volunteer_modeladmin_edit", args=(volunteer.pk,))
    html = client.get(f"{url}?reveal=1").content.decode()
    assert "137****1234" in html and "13700001234" not in html
    assert volunteer.id_number not in html and volunteer.id_number[:6] in html
    assert "显示</a>" not in html
    assert logged(office) == 0
    form = {
        "studio": volunteer.studio_id,
        "name": "陈晓明",
        "phone": "13900000000",
        "id_number": "",
        "joined_on": "2026-11-01",
        "status": "active",
        "consent": "on",
    }
    assert client.post(url, form).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.phone == "13700001234" and volunteer.id_number == m.valid_id()


def test_the_volunteers_studio_reveals_them_and_it_is_logged(client):
    volunteer = v.volunteer(id_number=m.valid_id())
    worker = login(client, "worker04")
    url = reverse("volunteers_volunteer_modeladmin_edit", args=(volunteer.pk,))
    html = client.get(url).content.decode()
    assert "13700001234" not in html and f"{url}?reveal=1" in html
    revealed = client.get(f"{url}?reveal=1").content.decode()
    assert 'value="13700001234"' in revealed and f'value="{volunteer.id_number}"' in revealed
    assert logged(worker) == 1
    login(client, "worker01")
    assert client.get(url).status_code == 302


# --- mediation parties ------------------------------------------------------------------------


def party_url(file, party) -> str:
    return reverse("mediation_step_item", args=(file.pk, "party", party.pk))


def test_the_party_form_shows_id_numbers_whole_only_to_the_files_mediator(client):
    account = mediator_user()
    file = m.file_in(Stage.MEDIATING, presiding=m.mediator("梁志远", account=account))
    party = file.parties.get(side="applicant")
    url = party_url(file, party)

    office = login(client, "office")
    html = client.get(f"{url}?reveal=1").content.decode()
    assert party.id_number not in html and party.phone not in html and party.name not in html
    assert "显示</a>" not in html
    assert logged(office) == 0

    worker = login(client, "worker06")  # handles the case, does not mediate it
    html = client.get(url).content.decode()
    assert party.phone not in html and f"{url}?reveal=1" in html
    revealed = client.get(f"{url}?reveal=1").content.decode()
    assert f'value="{party.phone}"' in revealed and f'value="{party.name}"' in revealed
    assert party.id_number not in revealed
    assert logged(worker) == 1

    login(client, "mediator06")
    assert party.id_number not in client.get(url).content.decode()
    revealed = client.get(f"{url}?reveal=1").content.decode()
    assert f'value="{party.id_number}"' in revealed
    assert logged(account) == 1


def test_a_party_saved_by_someone_who_may_not_see_its_id_number_keeps_it(client):
    file = m.file_in(Stage.MEDIATING)
    party = file.parties.get(side="applicant")
    login(client, "worker06")
    form = {
        "side": party.side,
        "kind": party.kind,
        "name": party.name,
        "phone": "13900009999",
        "id_number": m.valid_id("44060519900101999"),
        "address": party.address,
        "agent": "",
    }
    client.post(f"{party_url(file, party)}?reveal=1", form)
    party.refresh_from_db()
    assert party.phone == "13900009999" and party.id_number == m.valid_id()


# --- owners' committee members, register members ----------------------------------------------


def test_committee_members_form_is_masked_for_their_keepers_until_shown(client):
    committee = p.owners_committee()
    member = p.member(committee, "陈志强", phone="13912345678")
    worker = login(client, "worker06")
    url = reverse("places_committeemember_modeladmin_edit", args=(member.pk,))
    html = client.get(url).content.decode()
    assert "陈**" in html and "陈志强" not in html and "13912345678" not in html
    form = {
        "committee": committee.pk,
        "name": "改名",
        "phone": "13900000000",
        "role": member.role,
        "serving": "on",
    }
    assert client.post(url, form).status_code == 302
    member.refresh_from_db()
    assert (member.name, member.phone) == ("陈志强", "13912345678")
    assert logged(worker) == 0
    assert 'value="陈志强"' in client.get(f"{url}?reveal=1").content.decode()
    assert logged(worker) == 1
    login(client, "office")
    assert client.get(url).status_code == 302  # the office opens committees, never members' forms


@pytest.mark.parametrize("username", ["office", "worker02", "lead02"])
def test_register_members_have_no_edit_form_at_all(client, username):
    member = r.member()
    login(client, username)
    url = reverse("registers_member_modeladmin_edit", args=(member.pk,))
    assert client.get(f"{url}?reveal=1").status_code == 302


# --- history views and row buttons ------------------------------------------------------------


@pytest.mark.parametrize("model", ["casecategory", "handlingunit", "calendarday"])
def test_catalogue_history_views_are_closed(client, model):
    login(client, "worker01")
    assert client.get(f"/admin/cases/{model}/history/1/").status_code == 404


def test_every_modeladmin_offers_inspect_only_where_it_has_the_view():
    """Rows link through ``RowButtonHelper`` everywhere, so no list links an inspect page that is not
    there (it answered 500 once rows existed)."""

    def admins(classes):
        for cls in classes:
            yield cls
            yield from admins(cls.__subclasses__())

    found = [a for a in admins(ModelAdmin.__subclasses__()) if getattr(a, "model", None)]
    assert len(found) > 30
    for admin_class in found:
        assert issubclass(admin_class.button_helper_class, RowButtonHelper), admin_class


def test_a_list_without_inspect_view_offers_no_inspect_button(client):
    f.new_case()
    login(client, "office")
    html = client.get(reverse("cases_warningrule_modeladmin_index")).content.decode()
    assert "/inspect/" not in html
    html = client.get(reverse("cases_casecategory_modeladmin_index")).content.decode()
    assert "/inspect/" not in html and "/edit/" in html
