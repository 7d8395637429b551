"""Rate limits shared by every app process: counters live in the default cache (Redis in production).

A fixed window per client and purpose: simple, and enough to stop floods and code guessing.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render


def client_id(request) -> str:
    """The client's address; behind a proxy, the header it sets (``RATELIMIT_CLIENT_IP_HEADER``)."""
    header = getattr(settings, "RATELIMIT_CLIENT_IP_HEADER", "")
    forwarded = request.META.get(header, "") if header else ""
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "unknown")


def allow(request, purpose: str, limit: int, window_seconds: int) -> bool:
    """Counts one attempt; False once ``limit`` attempts were made in the current window."""
    return allow_key(f"{purpose}:{client_id(request)}", limit, window_seconds)


def allow_key(name: str, limit: int, window_seconds: int) -> bool:
    """``allow`` for a counter named by the caller (e.g. per API key rather than per address)."""
    key = f"ratelimit:{name}"
    if cache.add(key, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return True
    return count <= limit


def refusal(request) -> HttpResponse:
    """The "try again later" page a refused client gets (HTTP 429), never cached."""
    response = render(request, "components/too_many.html", status=429)
    response["Cache-Control"] = "private, no-store"
    return response
