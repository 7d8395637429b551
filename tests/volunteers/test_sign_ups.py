"""Every sign-up a resident makes on a public activity page reaches a staff screen (活动报名), whether or not a
service activity links the page; a page linked from two activities shows its sign-ups once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.core.privacy import mask_phone
from cms.studios.models import ActivityPage, StudioPage
from cms.volunteers.models import SignUp
from tests.conftest import login
from tests.factories import volunteers as v

pytestmark = pytest.mark.django_db

SIGN_UPS = "volunteers_signup_modeladmin_index"


def sign_up(client, page: ActivityPage, name: str, phone: str) -> None:
    """A resident signs up on the public page, each from their own phone (the limit counts per client)."""
    form = {"name": name, "phone": phone, "consent": "on"}
    address = f"10.9.{int(phone[-4:]) // 200}.{int(phone[-4:]) % 200 + 1}"
    response = client.post(reverse("activity_sign_up", args=(page.pk,)), form, REMOTE_ADDR=address)
    assert "报名成功" in response.content.decode()


def studio_code(page: ActivityPage) -> str:
    return StudioPage.objects.ancestor_of(page).get().studio.code


def test_every_activity_page_with_a_sign_up_button_reaches_a_staff_screen(client):
    pages = [p for p in ActivityPage.objects.live() if not p.is_past]
    assert len(pages) >= 6
    for n, page in enumerate(pages):
        assert "我要报名" in client.get(page.url).content.decode()
        sign_up(client, page, f"报名人{n}", f"1390000{n:04d}")
    for page in pages:
        login(client, f"worker{studio_code(page)}")
        html = client.get(reverse(SIGN_UPS), {"page_id": page.pk}).content.decode()
        signed = SignUp.objects.get(page=page)
        assert page.title in html and signed.name in html and signed.phone in html
    # The menu leads there.
    assert reverse(SIGN_UPS) in client.get("/admin/").content.decode()


def test_a_studio_sees_only_its_own_sign_ups_and_the_office_sees_them_masked(client):
    page = (
        ActivityPage.objects.live().descendant_of(StudioPage.objects.get(studio__code="04")).first()
    )
    sign_up(client, page, "王一", "13900000001")
    login(client, "worker06")
    assert "王一" not in client.get(reverse(SIGN_UPS)).content.decode()
    login(client, "office")
    html = client.get(reverse(SIGN_UPS)).content.decode()
    assert mask_phone("13900000001") in html and "13900000001" not in html


def test_a_page_linked_from_two_activities_shows_its_sign_ups_once(client):
    page = (
        ActivityPage.objects.live().descendant_of(StudioPage.objects.get(studio__code="04")).first()
    )
    sign_up(client, page, "王一", "13900000001")
    team = v.team("04")
    first = v.activity(team, starts_at=page.start_at, page=page)
    second = v.activity(team, starts_at=page.start_at.replace(hour=14), page=page)
    login(client, "worker04")
    html = client.get(reverse(SIGN_UPS)).content.decode()
    assert html.count("13900000001") == 1
    group = re.search(rf'data-page="{page.pk}">.*?</section>', html, re.S).group(0)
    assert first.title in group
    inspect = "volunteers_serviceactivity_modeladmin_inspect"
    assert "13900000001" in client.get(reverse(inspect, args=(first.pk,))).content.decode()
    other = client.get(reverse(inspect, args=(second.pk,))).content.decode()
    assert "13900000001" not in other and "报名名单在该活动中显示" in other


def test_a_sign_up_is_enrolled_from_the_staff_screen(client):
    page = (
        ActivityPage.objects.live().descendant_of(StudioPage.objects.get(studio__code="04")).first()
    )
    sign_up(client, page, "王一", "13900000001")
    signup = SignUp.objects.get()
    login(client, "worker06")
    client.post(reverse("volunteers_enrol_sign_up", args=(signup.pk,)))
    signup.refresh_from_db()
    assert signup.volunteer is None  # another studio's sign-up
    login(client, "worker04")
    response = client.post(reverse("volunteers_enrol_sign_up", args=(signup.pk,)), follow=True)
    signup.refresh_from_db()
    assert signup.volunteer.phone == "13900000001"
    assert "已登记为志愿者" in response.content.decode()


def queries_of(client, url: str) -> int:
    client.get(url)  # the first request after a change fills caches the next ones read
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_sign_ups_screen_reads_as_many_queries_for_eight_pages_as_for_two(client):
    pages = [p for p in ActivityPage.objects.live() if not p.is_past][:8]
    for n, page in enumerate(pages[:2]):
        sign_up(client, page, f"报名人{n}", f"1390000{n:04d}")
    login(client, "office")
    few = queries_of(client, reverse(SIGN_UPS))
    assert 0 < few <= 40
    for n, page in enumerate(pages[2:], start=2):
        sign_up(client, page, f"报名人{n}", f"1390000{n:04d}")
    assert queries_of(client, reverse(SIGN_UPS)) <= few
