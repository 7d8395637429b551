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
import functools
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from cms.core.cache import CacheUnavailableError, StrictRedisCache


class WhenDown(enum.Enum):
    FAIL_CLOSED = "fail-closed"
    PER_PROCESS = "per-process"


_process_counters = LocMemCache("ratelimit-per-process", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def client_id(request) -> str:
    """The client's address: the socket's, unless the socket is one of ``TRUSTED_PROXIES``; then the
    address that proxy puts in ``RATELIMIT_CLIENT_IP_HEADER``. A header from anyone else is ignored, or
    any client could pick a fresh address for every attempt.

    The header may list several hops (X-Forwarded-For): the client is the last address not itself a
    trusted proxy, since each proxy appends what it saw and only our own proxies' entries are reliable.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    header = settings.RATELIMIT_CLIENT_IP_HEADER
    if not header or not _is_trusted_proxy(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if _address(hop) is None:
            return remote  # a garbled header: count it against the proxy, not a made-up client
        if not _is_trusted_proxy(hop):
            return hop
    return hops[0] if hops else remote


def client_ip(request) -> str | None:
    """``client_id`` when it is an IP address, else None (django-axes stores it in an address column)."""
    found = client_id(request)
    return found if _address(found) is not None else None


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted_proxy(text: str) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in _trusted_networks())


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted_networks() -> tuple:
    return _networks(tuple(settings.TRUSTED_PROXIES))


def refused(
    request,
    purpose: str,
    limit: int,
    window_seconds: int,
    *,
    when_down: WhenDown,
    subject: str = "",
    counting: bool = True,
    unavailable_template: str = "components/unavailable.html",
) -> HttpResponse | None:
    """Counts one attempt; None while allowed, else the page to answer with (429, or 503 when the shared
    counters cannot be reached and the limit fails closed).

    ``subject`` counts something other than the client (e.g. ``private_subject(phone)``). With
    ``counting=False`` the attempt is only checked against what ``count()`` recorded: for limits on what
    succeeded (a failed submission does not use up the resident's allowance).
    """
    key = _key(request, purpose, subject)
    try:
        count = _attempt(caches[settings.RATELIMIT_CACHE], key, window_seconds, counting)
    except CacheUnavailableError:
        if when_down is WhenDown.FAIL_CLOSED:
            refusal = _answer(request, unavailable_template, 503)
            # The outage is logged once by cms.core.cache; Django would log every 503 as an error.
            refusal._has_been_logged = True
            return refusal
        count = _attempt(_process_counters, key, window_seconds, counting)
    return None if count <= limit else _answer(request, "components/too_many.html", 429)


def count(request, purpose: str, window_seconds: int, *, subject: str = "") -> None:
    """Records one success for a limit checked with ``refused(..., counting=False)``; counted in this
    process while the shared cache is down (a limit that failed closed refused before the success)."""
    key = _key(request, purpose, subject)
    try:
        _count(caches[settings.RATELIMIT_CACHE], key, window_seconds)
    except CacheUnavailableError:
        _count(_process_counters, key, window_seconds)


@dataclass(frozen=True)
class Limit:
    """One of several limits checked together by ``over_limits``: ``allowed`` per window, counted per client
    or per ``subject``; with ``counting=False`` only checked against what ``count_many`` recorded."""

    purpose: str
    allowed: int
    subject: str = ""
    counting: bool = True


def over_limits(request, limits: Sequence[Limit], window_seconds: int) -> list[bool]:
    """Like ``refused`` for several limits at once, in one round trip to the shared cache: whether this
    attempt is over each. For limits that stay open while the cache is down (counted in this process)."""
    counted = [_key(request, limit.purpose, limit.subject) for limit in limits if limit.counting]
    read = [_key(request, limit.purpose, limit.subject) for limit in limits if not limit.counting]
    try:
        counts, values = _count_and_read(
            caches[settings.RATELIMIT_CACHE], counted, read, window_seconds
        )
    except CacheUnavailableError:
        counts, values = _count_and_read(_process_counters, counted, read, window_seconds)
    counts, seen = iter(counts), iter(values)
    return [
        (next(counts) if limit.counting else (next(seen) or 0) + 1) > limit.allowed
        for limit in limits
    ]


def count_many(request, counted: Sequence[tuple[str, str]], window_seconds: int) -> None:
    """``count`` for several (purpose, subject) pairs, in one round trip to the shared cache."""
    keys = [_key(request, purpose, subject) for purpose, subject in counted]
    try:
        _count_and_read(caches[settings.RATELIMIT_CACHE], keys, [], window_seconds)
    except CacheUnavailableError:
        _count_and_read(_process_counters, keys, [], window_seconds)


def too_many(request) -> HttpResponse:
    """The refusal page for a limit checked with ``over_limits``."""
    return _answer(request, "components/too_many.html", 429)


def private_subject(value: str) -> str:
    """A counter name for personal data (a phone number): keyed hash, so the cache never holds it."""
    return salted_hmac("cms.core.ratelimit", value).hexdigest()[:32]


def _key(request, purpose: str, subject: str) -> str:
    return f"ratelimit:{purpose}:{subject or client_id(request)}"


def _attempt(counters, key: str, window_seconds: int, counting: bool) -> int:
    """The count including this attempt: counted, or read (plus one) when only checking."""
    if counting:
        return _count(counters, key, window_seconds)
    return (counters.get(key) or 0) + 1


def allow_key(name: str, limit: int, window_seconds: int) -> bool:
    """A counter named by the caller (e.g. per API key rather than per address), for callers that answer
    a refusal in their own format; counted in this process while the shared cache is down."""
    key = f"ratelimit:{name}"
    try:
        count = _count(caches[settings.RATELIMIT_CACHE], key, window_seconds)
    except CacheUnavailableError:
        count = _count(_process_counters, key, window_seconds)
    return count <= limit


def _count(counters, key: str, window_seconds: int) -> int:
    if counters.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return counters.incr(key)
    except ValueError:  # expired between add and incr
        counters.add(key, 1, timeout=window_seconds)
        return 1


def _count_and_read(counters, counted: list[str], read: list[str], window_seconds: int):
    if isinstance(counters, StrictRedisCache):
        return counters.count_and_read(counted, read, window_seconds)
    counts = [_count(counters, key, window_seconds) for key in counted]
    return counts, [counters.get(key) for key in read]


def _answer(request, template: str, status: int) -> HttpResponse:
    response = render(request, template, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
