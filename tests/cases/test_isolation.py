"""Isolation over every URL of the case module: a case worker reaches only their studio's cases, the
committee office reaches all, communications editors none; deleting is for superusers only."""

import pytest
from django.urls import reverse

from cms.cases.models import CaseAttachment, Status
from tests.conftest import login
from tests.factories import cases as f

DENIED = (302, 403, 404)  # Wagtail answers PermissionDenied with a redirect to the admin home


def case_urls(case) -> dict[str, str]:
    return {
        "inspect": reverse("cases_case_modeladmin_inspect", args=(case.pk,)),
        "edit": reverse("cases_case_modeladmin_edit", args=(case.pk,)),
        "delete": reverse("cases_case_modeladmin_delete", args=(case.pk,)),
        "action": reverse("cases_action", args=(case.pk, "start")),
        "note": reverse("cases_action", args=(case.pk, "note")),
        "attachment": reverse(
            "cases_attachment", args=(case.pk, case.attachments.values_list("pk", flat=True)[0])
        ),
    }


@pytest.fixture
def studio06_case(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    case = f.case_in(Status.ASSIGNED, title="六号工作室的诉求")
    from django.core.files.base import ContentFile

    item = CaseAttachment(case=case, original_name="现场.png", content_type="image/png", size=4)
    item.file.save("x.png", ContentFile(b"\x89PNG"), save=True)
    return case


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["worker06", "lead06", "office"])
def test_handlers_reach_every_view_of_the_case(client, studio06_case, username):
    login(client, username)
    urls = case_urls(studio06_case)
    for name in ("inspect", "edit", "action", "note", "attachment"):
        assert client.get(urls[name]).status_code == 200, name
    assert client.get(urls["delete"]).status_code in DENIED


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["worker01", "lead01", "comms", "editor06"])
def test_others_reach_no_view_of_the_case(client, studio06_case, username):
    login(client, username)
    for name, url in case_urls(studio06_case).items():
        assert client.get(url).status_code in DENIED, name
        assert client.post(url, {"text": "越权备注", "reason": "x"}).status_code in DENIED, name
    studio06_case.refresh_from_db()
    assert studio06_case.status == Status.ASSIGNED
    assert not studio06_case.notes.filter(text="越权备注").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "sees"), [("worker06", True), ("worker01", False), ("office", True)]
)
def test_list_and_exports_show_only_visible_cases(client, studio06_case, username, sees):
    login(client, username)
    listing = client.get(reverse("cases_case_modeladmin_index")).content.decode()
    csv = b"".join(client.get(reverse("cases_export", args=("csv",))).streaming_content).decode()
    assert (studio06_case.reference in listing) is sees
    assert (studio06_case.reference in csv) is sees


@pytest.mark.django_db
def test_communications_editors_do_not_see_the_case_menu(client, studio06_case):
    login(client, "comms")
    assert client.get(reverse("cases_case_modeladmin_index")).status_code in DENIED
    assert client.get(reverse("cases_export", args=("xlsx",))).status_code in DENIED
    assert "案件管理" not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_history_view_of_modeladmin_is_not_reachable(client, studio06_case):
    login(client, "worker01")
    assert client.get(f"/admin/cases/case/history/{studio06_case.pk}/").status_code == 404


@pytest.mark.django_db
def test_only_a_superuser_deletes_a_case(client, studio06_case):
    login(client, "office")
    client.post(reverse("cases_case_modeladmin_delete", args=(studio06_case.pk,)))
    assert type(studio06_case).objects.filter(pk=studio06_case.pk).exists()
    login(client, "admin")
    client.post(reverse("cases_case_modeladmin_delete", args=(studio06_case.pk,)))
    assert not type(studio06_case).objects.filter(pk=studio06_case.pk).exists()
