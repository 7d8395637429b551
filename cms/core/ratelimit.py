"""Rate limits shared by every app process: counters live in the ``RATELIMIT_CACHE`` alias (Redis in
production).

A fixed window per client and purpose: simple, and enough to stop floods and code guessing. When the shared
cache cannot be reached, each limit fails the way its purpose needs:

- ``FAIL_CLOSED`` (lookups by code, certificate checks): refused with a Chinese explanation (HTTP 503),
  because an uncounted lookup is an unlimited guess at a retrieval code;
- ``PER_PROCESS`` (submissions, sign-ups): counted in this process's memory instead, so residents can still
  submit and a flood is still bounded (by the limit times the number of processes).
"""

import enum

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.shortcuts import render

from cms.core.cache import CacheUnavailableError


class WhenDown(enum.Enum):
    FAIL_CLOSED = "fail-closed"
    PER_PROCESS = "per-process"


_process_counters = LocMemCache("ratelimit-per-process", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def client_id(request) -> str:
    """The client's address; behind a proxy, the header it sets (``RATELIMIT_CLIENT_IP_HEADER``)."""
    header = getattr(settings, "RATELIMIT_CLIENT_IP_HEADER", "")
    forwarded = request.META.get(header, "") if header else ""
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "unknown")


def refused(
    request, purpose: str, limit: int, window_seconds: int, *, when_down: WhenDown
) -> HttpResponse | None:
    """Counts one attempt; None while allowed, else the page to answer with (429, or 503 when the shared
    counters cannot be reached and the limit fails closed)."""
    key = f"ratelimit:{purpose}:{client_id(request)}"
    try:
        count = _count(caches[settings.RATELIMIT_CACHE], key, window_seconds)
    except CacheUnavailableError:
        if when_down is WhenDown.FAIL_CLOSED:
            refusal = _answer(request, "components/unavailable.html", 503)
            # The outage is logged once by cms.core.cache; Django would log every 503 as an error.
            refusal._has_been_logged = True
            return refusal
        count = _count(_process_counters, key, window_seconds)
    return None if count <= limit else _answer(request, "components/too_many.html", 429)


def _count(counters, key: str, window_seconds: int) -> int:
    if counters.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return counters.incr(key)
    except ValueError:  # expired between add and incr
        counters.add(key, 1, timeout=window_seconds)
        return 1


def _answer(request, template: str, status: int) -> HttpResponse:
    response = render(request, template, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
