"""The notifications in the admin: my notices (menu count, dashboard panel, list, opening one), the outbox
for the committee office with residents' numbers masked, the SMS records for superusers only."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.notifications import outbox
from cms.notifications.models import Channel, Message, Notice, State
from tests.conftest import login
from tests.notifications import helpers  # noqa: F401 (registers the test template)

pytestmark = pytest.mark.django_db


def notice_for(username: str, key: str, case_id: int = 7) -> Notice:
    user = get_user_model().objects.get(username=username)
    message = Message.objects.create(
        channel=Channel.NOTICE,
        template="test-hello",
        idempotency_key=key,
        context={"reference": f"GC2026113000{case_id}", "case_id": case_id},
        user=user,
    )
    outbox.deliver(message.pk)
    return Notice.objects.get(message=message)


def test_my_notices_show_in_the_menu_count_the_dashboard_and_the_list(client):
    notice_for("worker06", "n1", 7)
    notice_for("worker06", "n2", 8)
    notice_for("worker01", "other-studio", 9)
    login(client, "worker06")
    home = client.get("/admin/").content.decode()
    assert json.dumps("我的通知（2）")[1:-1] in home  # the sidebar's menu is JSON in the page
    assert "我的通知（2 条未读）" in home  # the dashboard panel
    assert "GC20261130007" in home and "GC20261130009" not in home
    listing = client.get("/admin/notices/").content.decode()
    assert "GC20261130008" in listing and "GC20261130009" not in listing
    assert listing.count("【未读】") == 2


def test_opening_a_notice_marks_it_read_and_follows_its_link(client):
    notice = notice_for("worker06", "open", 7)
    login(client, "worker06")
    response = client.get(f"/admin/notices/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == "/admin/test/7/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert json.dumps("我的通知（")[1:-1] not in client.get("/admin/notices/").content.decode()


def test_nobody_opens_someone_elses_notice(client):
    notice = notice_for("worker01", "theirs", 7)
    login(client, "worker06")
    assert client.get(f"/admin/notices/{notice.pk}/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read(client):
    notice_for("worker06", "all-1")
    notice_for("worker06", "all-2")
    user = login(client, "worker06")
    client.post("/admin/notices/read/")
    assert not Notice.objects.filter(user=user, read_at__isnull=True).exists()


def test_the_notice_list_costs_the_same_queries_for_3_or_30_notices(client):
    login(client, "worker06")
    for n in range(3):
        notice_for("worker06", f"q-{n}")
    client.get(
        "/admin/notices/"
    )  # the first request fills per-user caches (rights, menu): not measured
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/notices/")
    for n in range(3, 30):
        notice_for("worker06", f"q-{n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/notices/")
    assert len(many) == len(few)


def test_the_office_sees_the_outbox_with_states_reasons_and_masked_numbers(client):
    Message.objects.create(
        channel=Channel.SMS,
        template="test-hello",
        idempotency_key="office-view",
        context={"reference": "GC1", "case_id": 1},
        address="13812345678",
        state=State.FAILED,
        attempts=5,
        last_error="isv.BUSINESS_LIMIT_CONTROL: 触发流控",
    )
    login(client, "office")
    html = client.get("/admin/notifications/message/").content.decode()
    assert "138****5678" in html and "13812345678" not in html
    assert "发送失败" in html and "isv.BUSINESS_LIMIT_CONTROL" in html


@pytest.mark.parametrize(
    ("username", "url", "allowed"),
    [
        ("worker06", "/admin/notifications/message/", False),
        ("lead06", "/admin/notifications/message/", False),
        ("office", "/admin/notifications/scheduledrun/", True),
        ("office", "/admin/notifications/smsrecord/", False),
        ("admin", "/admin/notifications/smsrecord/", True),
    ],
)
def test_who_may_read_the_outbox_the_runs_and_the_sms_records(client, username, url, allowed):
    login(client, username)
    response = client.get(url)
    assert (response.status_code == 200) is allowed
    if not allowed:
        assert response.status_code == 302  # Wagtail turns PermissionDenied into a redirect


def test_a_long_notice_list_pages_through_the_shared_admin_pager(client):
    for n in range(31):
        notice_for("worker06", f"page-{n}", n)
    login(client, "worker06")
    first = client.get("/admin/notices/").content.decode()
    assert "第 1 / 2 页" in first and 'href="?p=2"' in first and "?p=0" not in first
    second = client.get("/admin/notices/", {"p": 2}).content.decode()
    assert "第 2 / 2 页" in second and 'href="?p=1"' in second
    assert second.count("<li>") == 1
