"""Who may edit which pages: studio editors their own subtree, communications editors everything."""

import pytest
from django.urls import reverse

from cms.studios.models import NewsPage, Studio, StudioPage
from tests.conftest import login


def edit_status(client, page) -> int:
    return client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).status_code


@pytest.mark.django_db
def test_studio_editor_edits_only_their_studio(client):
    login(client, "editor06")
    own = NewsPage.objects.get(url_path__endswith="/studio-06/news/news-1/")
    other = NewsPage.objects.get(url_path__endswith="/studio-01/news/news-1/")
    assert edit_status(client, own) == 200
    assert edit_status(client, other) == 302  # Wagtail answers "permission denied" with a redirect
    assert edit_status(client, StudioPage.objects.get(studio__code="01")) == 302


@pytest.mark.django_db
def test_communications_editors_edit_every_studio(client):
    login(client, "comms")
    for studio_page in StudioPage.objects.all():
        assert edit_status(client, studio_page) == 200


@pytest.mark.django_db
def test_case_workers_cannot_edit_pages(client):
    login(client, "worker06")
    assert edit_status(client, StudioPage.objects.get(studio__code="06")) == 302


@pytest.mark.django_db
def test_each_studio_has_its_three_groups_and_groups_exist_for_every_role():
    from django.contrib.auth.models import Group

    assert Studio.objects.count() == 6
    names = set(Group.objects.values_list("name", flat=True))
    assert {"宣传编辑", "委员会办公室"} <= names
    for studio in Studio.objects.all():
        assert {f"工作室{studio.code}·编辑", f"工作室{studio.code}·负责人"} <= names
        assert f"工作室{studio.code}·案件办理" in names


@pytest.mark.django_db
def test_admin_speaks_chinese(client):
    login(client, "editor06")
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=(StudioPage.objects.get(studio__code="06").pk,))
    ).content.decode()
    assert "办公电话" in html
    assert "使命与职责" in html
