"""The "三审" review: editor submits → the studio's own lead approves → committee office approves → live.

Driven through the Wagtail admin's own forms, as the communications staff would.
"""

import re

import pytest
from django.urls import reverse
from wagtail.models import Page, TaskState
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from cms.studios.models import StandardPage, StudioPage
from tests.conftest import login


def submit_new_page(client, parent: Page, title: str, action: str = "action-submit"):
    """Fills the admin's "add standard page" form and presses submit (or another action button)."""
    url = reverse("wagtailadmin_pages:add", args=("studios", "standardpage", parent.pk))
    form = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    form["title"] = title
    form["slug"] = "review-test"
    form["intro"] = "待审核页面"
    body = nested_form_data({"body": streamfield([("paragraph", rich_text("<p>正文</p>"))])})
    for key, value in body.items():
        form[key] = value
    form[action] = "1"
    return client.post(url, form)


def approve(client, page: Page):
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    return client.post(url, {"comment": ""})


def current_task(page: Page) -> str | None:
    state = TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    ).first()
    return state.task.name if state else None


@pytest.mark.django_db
def test_a_studio_page_goes_live_only_after_lead_and_committee_approve(client):
    studio_page = StudioPage.objects.get(studio__code="06")
    login(client, "editor06")
    submit_new_page(client, studio_page, "业委会选举须知")
    page = StandardPage.objects.get(title="业委会选举须知")
    assert not page.live
    assert current_task(page) == "工作室负责人审核"

    login(client, "lead01")  # the lead of another studio cannot approve it
    approve(client, page)
    assert current_task(page) == "工作室负责人审核"

    login(client, "office")  # nor can the committee office skip the lead's step
    approve(client, page)
    assert current_task(page) == "工作室负责人审核"

    login(client, "lead06")
    approve(client, page)
    page.refresh_from_db()
    assert not page.live
    assert current_task(page) == "委员会办公室审核"

    login(client, "office")
    approve(client, page)
    page.refresh_from_db()
    assert page.live
    assert client.get("/studio-06/review-test/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["editor06", "comms", "lead06", "office"])
def test_nobody_but_a_superuser_can_publish_without_review(client, username):
    login(client, username)
    submit_new_page(
        client, StudioPage.objects.get(studio__code="06"), "直接发布尝试", "action-publish"
    )
    page = StandardPage.objects.get(title="直接发布尝试")
    assert not page.live


@pytest.mark.django_db
def test_a_site_level_page_is_reviewed_by_the_committee_office_twice_over(client):
    login(client, "comms")
    submit_new_page(client, Page.objects.get(depth=2), "关于网站")
    page = StandardPage.objects.get(title="关于网站")
    login(client, "lead06")
    approve(client, page)
    assert current_task(page) == "工作室负责人审核"
    login(client, "office")
    approve(client, page)
    approve(client, page)
    page.refresh_from_db()
    assert page.live


@pytest.mark.django_db
def test_a_lead_sees_only_their_own_studios_pages_awaiting_review(client):
    login(client, "editor06")
    submit_new_page(client, StudioPage.objects.get(studio__code="06"), "待审页面")
    login(client, "lead06")
    assert "待审页面" in client.get(reverse("wagtailadmin_home")).content.decode()
    login(client, "lead01")
    assert "待审页面" not in client.get(reverse("wagtailadmin_home")).content.decode()


def review_buttons(client, page: Page) -> list[str]:
    """The labels of the review actions offered on the page's edit form."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    labels = re.findall(r"</svg>\s*([^<]+?)\s*<", html)
    return [label for label in labels if label.startswith(("通过", "退回", "批准", "请求修改"))]


@pytest.mark.django_db
def test_both_review_steps_name_their_buttons_alike(client):
    studio_page = StudioPage.objects.get(studio__code="06")
    login(client, "editor06")
    submit_new_page(client, studio_page, "业委会选举须知")
    page = StandardPage.objects.get(title="业委会选举须知")

    login(client, "lead06")
    assert review_buttons(client, page) == ["退回修改", "通过", "通过并留言"]
    approve(client, page)
    login(client, "office")  # the last step publishes too
    assert review_buttons(client, page) == ["退回修改", "通过并发布", "通过并留言并发布"]
