"""The resource bank: pooled for every studio, kept by its owners, contacts masked for the others, the cases
and activities a resource served, and its public page."""

import pytest
from django.urls import reverse

from cms.committee.models import Kind, Resource
from cms.studios.models import Studio
from tests.conftest import login
from tests.factories import cases as f

pytestmark = pytest.mark.django_db


def lawyer(public: bool = True) -> Resource:
    resource = Resource.objects.create(
        kind=Kind.PERSON,
        category="lawyer",
        name="公益律师 测试",
        contact_name="梁律师",
        contact_phone="13600001234",
        availability="每周三下午",
        public=public,
    )
    resource.studios.set([Studio.objects.get(code="06")])
    return resource


def page(resource: Resource) -> str:
    return reverse("committee_resource_modeladmin_inspect", args=(resource.pk,))


@pytest.mark.parametrize(
    ("username", "sees_contact", "may_edit"),
    [("worker06", True, True), ("office", True, True), ("worker01", False, False)],
)
def test_owners_keep_a_resource_and_others_see_its_contact_masked(
    client, username, sees_contact, may_edit
):
    resource = lawyer()
    login(client, username)
    html = client.get(page(resource)).content.decode()
    assert ("13600001234" in html) is sees_contact
    assert ("136****1234" in html) is not sees_contact
    edit = client.get(reverse("committee_resource_modeladmin_edit", args=(resource.pk,)))
    assert (edit.status_code == 200) is may_edit


def test_a_resource_records_the_cases_it_served_without_showing_other_studios_cases(client):
    resource = lawyer()
    case = f.case_in("in_progress", "06", title="物业合同条款争议")
    login(client, "worker06")
    response = client.post(
        reverse("committee_resource_use", args=(resource.pk,)),
        {"reference": case.reference.lower(), "used_on": "2026-11-20", "note": "解答合同问题"},
        follow=True,
    )
    html = response.content.decode()
    assert "物业合同条款争议" in html and "解答合同问题" in html
    case_page = client.get(reverse("cases_case_modeladmin_inspect", args=(case.pk,)))
    assert (
        "使用的资源" in case_page.content.decode() and resource.name in case_page.content.decode()
    )
    login(client, "worker01")
    html = client.get(page(resource)).content.decode()
    assert case.reference in html and "物业合同条款争议" not in html


def test_a_use_needs_a_case_the_user_handles(client):
    resource = lawyer()
    case = f.case_in("in_progress", "06")
    login(client, "worker01")
    response = client.post(
        reverse("committee_resource_use", args=(resource.pk,)),
        {"reference": case.reference, "used_on": "2026-11-20", "note": "x"},
    )
    assert "没有找到您可以办理的该编号诉求" in response.content.decode()
    assert not resource.uses.exists()


def test_a_category_must_fit_the_kind(client):
    login(client, "worker06")
    response = client.post(
        reverse("committee_resource_modeladmin_create"),
        {"kind": "venue", "category": "lawyer", "name": "错配资源", "studios": [], "tags": ""},
    )
    assert "细分类别与资源类型不符" in response.content.decode()
    assert not Resource.objects.filter(name="错配资源").exists()


def test_the_public_page_lists_public_resources_without_contacts(client):
    shown, hidden = lawyer(public=True), lawyer(public=False)
    hidden.name = "内部资源"
    hidden.save()
    html = client.get(reverse("public_resources"), {"studio": "06"}).content.decode()
    assert shown.name in html and "内部资源" not in html
    assert "13600001234" not in html and "梁律师" not in html


def test_a_studio_page_lists_its_public_resources_and_follows_changes(client):
    resource = lawyer(public=True)
    page = client.get("/studio-06/").content.decode()
    assert "公益律师 测试" in page and "?studio=06" in page
    resource.public = False
    resource.save()
    assert "公益律师 测试" not in client.get("/studio-06/").content.decode()
    resource.public = True
    resource.save()
    resource.studios.set([Studio.objects.get(code="01")])
    assert "公益律师 测试" not in client.get("/studio-06/").content.decode()
    assert "公益律师 测试" in client.get("/studio-01/").content.decode()
