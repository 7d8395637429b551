"""Liveness and readiness: what the reverse proxy, the container engine and monitoring ask an app process.

``/healthz`` answers as long as the process serves requests. ``/readyz`` runs the checks named in the
``READINESS_CHECKS`` setting; each is a function that returns a short status word ("ok", "skipped") or
raises. Checks report no personal data and no error text (that goes to the log), only their names and
"ok" / "skipped" / "fail".

The task queue plugs in through ``task_worker_heartbeat``: a worker calls ``beat()`` at least every
``TASK_HEARTBEAT_INTERVAL`` seconds (for example as a periodic task, which also proves the queue drains),
and the check fails once the last beat is older than ``TASK_HEARTBEAT_MAX_AGE``. The check skips itself
while no task backend with a separate worker is configured (Wagtail runs its tasks inline by default).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

HEARTBEAT_KEY = "health:task-worker-heartbeat"
# Task backends that run tasks in the request's own process: no worker, so no heartbeat to expect.
INLINE_TASK_BACKENDS = ("ImmediateBackend", "DummyBackend")


def database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def redis() -> str:
    """Pings Redis directly, past the cache (which may be configured to hide a failing Redis)."""
    url = getattr(settings, "REDIS_URL", None)
    if not url:
        return "skipped"
    import redis as redis_client  # only installed where Redis is used

    client = redis_client.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def beat() -> None:
    """The worker's hook: records that a task worker is alive and taking work."""
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


def _worker_backend_configured() -> bool:
    backend = getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", "")
    return bool(backend) and not backend.endswith(INLINE_TASK_BACKENDS)


def task_worker_heartbeat() -> str:
    if not _worker_backend_configured():
        return "skipped"
    last = cache.get(HEARTBEAT_KEY)
    max_age = getattr(settings, "TASK_HEARTBEAT_MAX_AGE", 300)
    if last is None or time.time() - last > max_age:
        raise RuntimeError(f"no task worker heartbeat in the last {max_age} s")
    return "ok"
