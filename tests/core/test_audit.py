"""The personal-data access log: unmasked views, downloads, prints and exports leave a row with who and what;
masked views leave none; only the committee office reads the log, and nobody changes it."""

import pytest
from django.urls import reverse

from cms.core.models import PersonalDataAccess
from tests.conftest import login
from tests.factories import cases as f
from tests.factories import mediation as m

pytestmark = pytest.mark.django_db
LOG = "core_personaldataaccess_modeladmin_index"


def logged(username: str) -> list[tuple[str, str]]:
    rows = PersonalDataAccess.objects.filter(user__username=username)
    return list(rows.values_list("action", "subject"))


def test_a_handler_opening_a_case_is_logged_and_the_masked_office_is_not(client):
    case = f.case_in("assigned", "06")
    url = reverse("cases_case_modeladmin_inspect", args=(case.pk,))
    login(client, "worker06")
    client.get(url)
    assert logged("worker06") == [("view", f"居民诉求 {case.reference}")]
    login(client, "office")
    client.get(url)
    assert logged("office") == []


def test_exports_and_mediation_prints_are_logged(client):
    file = m.file_in("agreed")
    login(client, "worker06")
    client.get(reverse("cases_export", args=("csv",)), {"status__exact": "received"})
    client.get(reverse("mediation_print_agreement", args=(file.pk,)))
    actions = logged("worker06")
    assert ("export", "居民诉求导出 status__exact=received") in actions
    assert ("print", f"调解卷宗 {file.case.reference}") in actions


def test_only_the_committee_office_reads_the_log_and_nobody_edits_it(client):
    login(client, "worker06")
    client.get(reverse("cases_case_modeladmin_inspect", args=(f.case_in("assigned", "06").pk,)))
    assert client.get(reverse(LOG)).status_code == 302
    login(client, "office")
    html = client.get(reverse(LOG)).content.decode()
    assert "worker06" in html and "居民诉求 GC-" in html
    entry = PersonalDataAccess.objects.first()
    assert (
        client.get(reverse("core_personaldataaccess_modeladmin_edit", args=(entry.pk,))).status_code
        == 302
    )
    assert client.get(reverse("core_personaldataaccess_modeladmin_create")).status_code == 302
