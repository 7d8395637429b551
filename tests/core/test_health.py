"""Health endpoints: /healthz answers while the process serves; /readyz checks what the site depends on."""

import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from cms.core import health
from tests.wsgi_client import WSGIClient

WORKER_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Tasks run inside the request: there is no worker whose heartbeat to check.
INLINE_BACKEND = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.django_db
def test_liveness_answers_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@override_settings(TASKS=INLINE_BACKEND)
def test_readiness_checks_the_database_and_skips_what_is_not_configured(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "redis": "skipped", "task_worker_heartbeat": "skipped"},
    }


@pytest.mark.django_db
def test_readiness_fails_without_saying_why_when_redis_does_not_answer(client, caplog):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "fail"
    assert "127.0.0.1:1" not in response.content.decode()  # the reason is logged, not published
    assert "Readiness check redis failed" in caplog.text


@pytest.mark.django_db
@override_settings(TASKS=WORKER_BACKEND, TASK_HEARTBEAT_MAX_AGE=60)
def test_readiness_follows_the_task_workers_heartbeat(client):
    assert client.get("/readyz").status_code == 503, "no worker has beaten yet"
    health.beat()
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["task_worker_heartbeat"] == "ok"
    cache.set(health.HEARTBEAT_KEY, time.time() - 61, timeout=None)
    assert client.get("/readyz").status_code == 503, "the worker stopped beating"


@pytest.mark.django_db
def test_health_is_never_served_from_the_page_cache_nor_rate_limited():
    health.beat()  # a worker is alive
    client = WSGIClient()  # through the page cache in front of Django
    for _ in range(40):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]


def test_the_worker_beats_every_minute_through_the_schedule():
    from cms.notifications import schedules

    beating = {job.name: job for job in schedules.jobs()}["worker-heartbeat"]
    assert beating.function == "cms.core.health.beat" and beating.every.total_seconds() == 60
