"""Redis unreachable (a cache pointing at a closed port): the site keeps working through the real views.
Pages render uncached, submissions are saved and limited per process, lookups fail closed with a Chinese
message, staff stay logged in (sessions in the database), and the outage is logged once."""

import logging
import os
import socket

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.urls import reverse

from cms.cases.models import Case
from cms.core import cache as shared_cache
from cms.core import ratelimit
from cms.core.models import SiteContact
from tests.cases.test_public import form as intake_form
from tests.factories import cases as f
from tests.wsgi_client import WSGIClient

REDIS_DB = 2
# xdist runs these modules side by side: each test process keeps its keys under a prefix of its own, and
# clears only those (``clear_redis``).
KEY_PREFIX = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def redis_caches(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "cms.core.cache.SharedRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": KEY_PREFIX,
        },
        "ratelimit": {
            "BACKEND": "cms.core.cache.StrictRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": KEY_PREFIX,
        },
    }


def clear_redis() -> None:
    """Deletes this test process's keys (``cache.clear()`` would empty the database for every process)."""
    client = caches["ratelimit"]._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{KEY_PREFIX}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def redis_down(settings, tmp_path):
    shared_cache.outage.forget()
    ratelimit._process_counters.clear()
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/{REDIS_DB}")
    settings.RATELIMIT_CACHE = "ratelimit"
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    yield
    shared_cache.outage.forget()


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("redis_down")]


def test_public_pages_render_uncached() -> None:
    client = WSGIClient()  # through the page cache in front of Django
    for url in ("/", "/services/", "/", reverse("case_submit")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get("X-Page-Cache") != "hit"


def test_a_submission_is_saved(client) -> None:
    response = client.post(reverse("case_submit"), intake_form(title="Redis 停了也能提交"))
    assert response.status_code == 200 and "查询码" in response.content.decode()
    assert Case.objects.filter(title="Redis 停了也能提交").exists()


def test_submissions_are_still_limited_per_process(client) -> None:
    statuses = [
        client.post(
            reverse("case_submit"), intake_form(title="限流", reporter_phone=f"1380000{n:04d}")
        ).status_code
        for n in range(11)
    ]
    assert statuses == [200] * 10 + [429]


def test_a_lookup_fails_closed_with_a_chinese_message(client) -> None:
    response = client.post(reverse("case_status"), {"reference": "GC-2026-000001", "code": "X"})
    assert response.status_code == 503
    assert "暂时无法查询" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_certificate_check_fails_closed(client) -> None:
    response = client.get(reverse("certificate_check"), {"number": "ZY-2026-ABCDEFGH"})
    assert response.status_code == 503


def test_staff_log_in_and_stay_logged_in(client) -> None:
    worker = f.user("worker06")
    worker.set_password("qiandeng-demo")
    worker.save()
    login = client.post(
        reverse("wagtailadmin_login"), {"username": "worker06", "password": "qiandeng-demo"}
    )
    assert login.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert Session.objects.filter(session_key=client.session.session_key).exists()


def test_content_can_still_be_saved(client) -> None:
    contact = SiteContact.load()
    contact.phone = "0757-86000001"
    contact.save()  # retires the page cache and the footer's copy: both unreachable, both skipped
    assert "0757-86000001" in client.get("/").content.decode()


def test_counts_made_while_redis_was_down_are_given_back_where_they_were_made(
    rf, settings, monkeypatch
) -> None:
    monkeypatch.setattr(shared_cache, "RETRY_SECONDS", 0)
    request = rf.post("/issues/new/", REMOTE_ADDR="203.0.113.5")
    limits = [ratelimit.Limit("probe", 5)]
    counted = ratelimit.over_limits(request, limits, 60)  # Redis down: counted in this process
    settings.CACHES = redis_caches(f"redis://127.0.0.1:6379/{REDIS_DB}")
    clear_redis()
    ratelimit.over_limits(request, limits, 60)  # Redis back: another attempt, counted there
    ratelimit.give_back(request, counted, limits)
    assert caches["ratelimit"].get("ratelimit:probe:203.0.113.5") == 1
    assert ratelimit._process_counters.get("ratelimit:probe:203.0.113.5") == 0
    clear_redis()


def test_the_outage_is_logged_once_not_per_request(client, caplog) -> None:
    caplog.set_level(logging.WARNING)
    for _ in range(3):
        client.get("/")
        client.post(reverse("case_status"), {"reference": "GC-2026-000001", "code": "X"})
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(errors) == 1 and "Redis unreachable" in errors[0].getMessage()


def test_with_redis_back_the_limits_are_shared_again(client, settings, caplog, monkeypatch) -> None:
    monkeypatch.setattr(shared_cache, "RETRY_SECONDS", 0)
    caplog.set_level(logging.WARNING, logger="cms.core.cache")
    client.post(reverse("case_status"), {"reference": "GC-2026-000001", "code": "X"})
    settings.CACHES = redis_caches(f"redis://127.0.0.1:6379/{REDIS_DB}")
    clear_redis()
    for _ in range(30):
        client.post(reverse("case_status"), {"reference": "GC-2026-000001", "code": "X"})
    assert caches["ratelimit"].get("ratelimit:lookup:127.0.0.1") == 30
    assert "Redis reachable again" in caplog.text
    clear_redis()
