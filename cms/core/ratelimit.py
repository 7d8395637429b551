"""Rate limits shared by every app process: counters live in the ``RATELIMIT_CACHE`` alias (Redis in
production).

A fixed window per client and purpose: simple, and enough to stop floods and code guessing. When the shared
cache cannot be reached, each limit fails the way its purpose needs:

- ``FAIL_CLOSED`` (lookups by code, certificate checks): refused with a Chinese explanation (HTTP 503),
  because an uncounted lookup is an unlimited guess at a retrieval code;
- ``PER_PROCESS`` (submissions, sign-ups): counted in this process's memory instead, so residents can still
  submit and a flood is still bounded (by the limit times the number of processes).
"""

import contextlib
import enum
import functools
import ipaddress
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from redis.exceptions import RedisError

from cms.core.cache import CacheUnavailableError, StrictRedisCache

logger = logging.getLogger(__name__)


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
    unavailable_template: str = "components/unavailable.html",
) -> HttpResponse | None:
    """Counts one attempt; None while allowed, else the page to answer with (429, or 503 when the shared
    counters cannot be reached and the limit fails closed).

    ``subject`` counts something other than the client (e.g. ``private_subject(phone)``).
    """
    key = _key(request, purpose, subject)
    try:
        count = _count(caches[settings.RATELIMIT_CACHE], key, window_seconds)
    except CacheUnavailableError:
        if when_down is WhenDown.FAIL_CLOSED:
            refusal = _answer(request, unavailable_template, 503)
            # The outage is logged once by cms.core.cache; Django would log every 503 as an error.
            refusal._has_been_logged = True
            return refusal
        count = _count(_process_counters, key, window_seconds)
    return None if count <= limit else _answer(request, "components/too_many.html", 429)


@dataclass(frozen=True)
class Limit:
    """One of several limits counted together by ``over_limits``: ``allowed`` per window, counted per
    client or per ``subject``."""

    purpose: str
    allowed: int
    subject: str = ""


@dataclass(frozen=True)
class Counted:
    """What ``over_limits`` counted: whether the attempt is over each limit, and where it was counted."""

    over: list[bool]
    counters: BaseCache


def over_limits(request, limits: Sequence[Limit], window_seconds: int) -> Counted:
    """Like ``refused`` for several limits at once, in one round trip to the shared cache: whether this
    attempt is over each. For limits that stay open while the cache is down (counted in this process)."""
    keys = [_key(request, limit.purpose, limit.subject) for limit in limits]
    counters = caches[settings.RATELIMIT_CACHE]
    try:
        counts = _count_many(counters, keys, window_seconds)
    except CacheUnavailableError:
        counters = _process_counters
        counts = _count_many(counters, keys, window_seconds)
    over = [count > limit.allowed for count, limit in zip(counts, limits, strict=True)]
    return Counted(over, counters)


def give_back(request, counted: Counted, limits: Sequence[Limit]) -> None:
    """Takes one off what ``over_limits`` counted for ``limits``, where it counted them, in one round
    trip: for allowances counted when an attempt starts (so attempts running at once cannot together pass
    the limit) and given back when it ends without using them. When that cannot be done now (the shared
    cache unreachable, or a database cache, whose decrement would restart the window), they stay
    counted: a limit errs towards counting too much, never towards letting more through."""
    keys = [_key(request, limit.purpose, limit.subject) for limit in limits]
    counters = counted.counters
    if isinstance(counters, StrictRedisCache):
        try:
            counters.give_back(keys)
        except CacheUnavailableError:
            pass  # logged once by cms.core.cache
        except RedisError:
            logger.exception("rate-limit counts could not be given back; they stay counted")
    elif isinstance(counters, LocMemCache):  # keeps each counter's expiry when it decrements
        for key in keys:
            with contextlib.suppress(ValueError):  # expired meanwhile: nothing to give back
                counters.decr(key)


def too_many(request) -> HttpResponse:
    """The refusal page for a limit checked with ``over_limits``."""
    return _answer(request, "components/too_many.html", 429)


def private_subject(value: str) -> str:
    """A counter name for personal data (a phone number): keyed hash, so the cache never holds it."""
    return salted_hmac("cms.core.ratelimit", value).hexdigest()[:32]


def _key(request, purpose: str, subject: str) -> str:
    return f"ratelimit:{purpose}:{subject or client_id(request)}"


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


def _count_many(counters, keys: list[str], window_seconds: int) -> list[int]:
    if isinstance(counters, StrictRedisCache):
        return counters.count_many(keys, window_seconds)
    return [_count(counters, key, window_seconds) for key in keys]


def _answer(request, template: str, status: int) -> HttpResponse:
    response = render(request, template, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
