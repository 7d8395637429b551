"""Logging in to the admin: five failures lock the account name and the client address for 15 minutes
(django-axes, database handler), superusers lift a lockout, idle staff sessions end, and a GET logout
ends the session on the server too."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.demo.pages import DEMO_PASSWORD
from tests.conftest import login

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def attempt(client: Client, username: str, password: str, address: str = "198.51.100.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client: Client, username: str, times: int, address: str = "198.51.100.1") -> None:
    """``times`` failed logins; the fifth is answered with the lockout page itself."""
    for _ in range(times):
        assert attempt(client, username, "wrong-password", address).status_code in (200, 429)


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="axes")
    for _ in range(4):
        assert attempt(client, "worker06", "wrong-password").status_code == 200
    refused = attempt(client, "worker06", "wrong-password")
    assert refused.status_code == 429
    for _ in range(25):
        attempt(client, "worker06", "wrong-password")
    right = attempt(client, "worker06", DEMO_PASSWORD)
    assert right.status_code == 429 and "登录已暂时锁定" in right.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # not logged in
    assert "Locking out" in caplog.text
    assert AccessFailureLog.objects.filter(username="worker06", locked_out=True).exists()


def test_four_failures_then_the_right_password_logs_in() -> None:
    client = Client()
    fail(client, "worker06", 4)
    assert attempt(client, "worker06", DEMO_PASSWORD).status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_account_is_locked_for_every_client() -> None:
    fail(Client(), "worker06", 5, address="198.51.100.1")
    elsewhere = attempt(Client(), "worker06", DEMO_PASSWORD, address="203.0.113.9")
    assert elsewhere.status_code == 429


def test_the_client_is_locked_for_every_account_name() -> None:
    guesser = Client()
    for username in ("admin", "office", "lead01", "lead02", "lead03"):
        fail(guesser, username, 1)
    assert attempt(guesser, "worker01", DEMO_PASSWORD).status_code == 429
    assert attempt(Client(), "worker01", DEMO_PASSWORD, address="203.0.113.9").status_code == 302


def test_the_lockout_ends_after_15_minutes() -> None:
    fail(Client(), "worker06", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert attempt(Client(), "worker06", DEMO_PASSWORD).status_code == 302


def test_a_superuser_lifts_a_lockout_and_others_cannot(client) -> None:
    fail(Client(), "worker06", 5)
    login(client, "office")
    assert client.get(reverse("core_lockouts")).status_code == 302  # Wagtail's PermissionDenied
    login(client, "admin")
    page = client.get(reverse("core_lockouts")).content.decode()
    assert "worker06" in page and "198.51.100.1" in page
    client.post(reverse("core_lockouts"), {"kind": "username", "value": "worker06"})
    assert attempt(Client(), "worker06", DEMO_PASSWORD, address="203.0.113.9").status_code == 302


def test_a_superuser_lifts_the_lockout_of_an_address(client) -> None:
    for username in ("office", "lead01", "lead02", "lead03", "lead04"):
        fail(Client(), username, 1, address="198.51.100.7")
    assert attempt(Client(), "worker01", DEMO_PASSWORD, address="198.51.100.7").status_code == 429
    login(client, "admin")
    client.post(reverse("core_lockouts"), {"kind": "ip_address", "value": "198.51.100.7"})
    assert attempt(Client(), "worker01", DEMO_PASSWORD, address="198.51.100.7").status_code == 302


def test_an_idle_staff_session_ends_after_30_minutes(client) -> None:
    login(client, "worker06")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    session = client.session
    assert session.get_expiry_age() == 30 * 60
    session["_last_seen"] -= 31 * 60
    session.save()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_the_idle_limit_is_a_setting(client, settings) -> None:
    settings.STAFF_IDLE_TIMEOUT_SECONDS = 120
    login(client, "worker06")
    client.get(reverse("wagtailadmin_home"))
    session = client.session
    session["_last_seen"] -= 100
    session.save()
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    session = client.session
    session["_last_seen"] -= 121
    session.save()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_a_get_logout_leaves_no_valid_session(client) -> None:
    login(client, "worker06")
    client.get(reverse("wagtailadmin_home"))
    key = client.session.session_key
    client.get("/admin/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    thief = Client()
    thief.cookies["sessionid"] = key
    assert thief.get(reverse("wagtailadmin_home")).status_code == 302
