"""The shared Redis cache (production): one Redis client per connection pool, and a site that keeps
working while Redis is unreachable.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` (with its table of ~170 response callbacks) for
every cache operation, and a page makes several (rate limits, page cache, site contact, catalogues). A
client holds no data, only its pool, and is safe to share between threads.

When Redis cannot be reached, ``SharedRedisCache`` answers like an empty cache that keeps nothing: pages
render uncached, catalogues are read from the database, Wagtail's site lookup works. ``StrictRedisCache``
(the rate limiter's alias) raises ``CacheUnavailableError`` instead, so each limit decides how to fail
(``cms.core.ratelimit``). Both stop trying Redis for ``RETRY_SECONDS`` after a failure, so a request does
not wait for a connection timeout on every cache call, and the outage is logged once per process, when it
starts, and once when Redis is back.
"""

import contextvars
import functools
import logging
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 10
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class CacheUnavailableError(Exception):
    """The shared cache cannot be reached: nothing was read or stored."""


class ReusingRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        if index not in clients:
            clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return clients[index]


class _Outage:
    """Whether Redis was found unreachable lately, shared by every cache alias of the process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._retry_at: float | None = None

    def skipping(self) -> bool:
        retry_at = self._retry_at
        return retry_at is not None and time.monotonic() < retry_at

    def begin(self, error: Exception) -> None:
        with self._lock:
            first = self._retry_at is None
            self._retry_at = time.monotonic() + RETRY_SECONDS
        if first:
            logger.error(
                "Redis unreachable (%s): pages are served uncached, lookups are refused and "
                "submissions are limited per process until it is back",
                error,
            )

    def forget(self) -> None:
        """Tries Redis again at the next call, as a new process would (tests)."""
        self._retry_at = None

    def end(self) -> None:
        if self._retry_at is None:
            return
        with self._lock:
            was_down, self._retry_at = self._retry_at is not None, None
        if was_down:
            logger.warning("Redis reachable again: shared cache and rate limits restored")


outage = _Outage()


class StrictRedisCache(RedisCache):
    """Raises ``CacheUnavailableError`` when Redis cannot be reached (used where a caller must know)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def _unavailable(self, fallback):
        raise CacheUnavailableError

    def _call(self, method, fallback, *args, **kwargs):
        """``method``'s answer; ``fallback()`` (or CacheUnavailableError) when Redis cannot be reached."""
        if outage.skipping():
            return self._unavailable(fallback)
        try:
            result = method(*args, **kwargs)
        except _UNREACHABLE as error:
            outage.begin(error)
            return self._unavailable(fallback)
        outage.end()
        return result

    def add(self, key, value, timeout=None, version=None):
        return self._call(super().add, lambda: False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, lambda: default, key, default, version)

    def set(self, key, value, timeout=None, version=None):
        return self._call(super().set, lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._call(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._call(super().incr, _missing, key, delta, version)

    def set_many(self, data, timeout=None, version=None):
        return self._call(super().set_many, lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, lambda: None, keys, version)

    def clear(self):
        return self._call(super().clear, lambda: False)

    def count_many(self, keys, timeout):
        """Adds one to each of ``keys`` (a missing key starts its ``timeout`` window), in one round trip:
        the counts. Rate limits use it so that a request's counters cost one wait for Redis, not one each."""
        return self._call(self._count_many, _missing, keys, timeout)

    def _count_many(self, keys, timeout):
        client = self._cache.get_client(write=True)
        # MULTI/EXEC: the counter is created with its expiry and counted at once, so it can neither
        # expire between the two (an INCR would then make a counter that never expires) nor miss a count.
        with client.pipeline(transaction=True) as pipe:
            for key in keys:
                key = self.make_and_validate_key(key)
                pipe.set(key, 0, ex=self.get_backend_timeout(timeout), nx=True)
                pipe.incr(key)
            return pipe.execute()[1::2]

    def give_back(self, keys):
        """Takes one off each of ``keys`` that is still above zero, in one round trip."""
        return self._call(self._give_back, lambda: None, keys)

    def _give_back(self, keys):
        client = self._cache.get_client(write=True)
        made = [self.make_and_validate_key(key) for key in keys]
        client.eval(_GIVE_BACK, len(made), *made)


# Only a counter still above zero: one that expired meanwhile is not recreated without an expiry, and one
# a new window started meanwhile is never taken below zero.
_GIVE_BACK = """
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
"""


def _missing():
    raise ValueError("the cache is unreachable: no value to increment")


# Values fetched ahead for the running request (``read_ahead``): {(id of the cache, made key): value}.
_ahead: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "cache_read_ahead", default=None
)
_ABSENT = object()  # not fetched ahead
_MISSING = object()  # fetched ahead, and not in the cache then


class SharedRedisCache(StrictRedisCache):
    """The default cache: behaves as an empty cache that keeps nothing while Redis is unreachable."""

    def _unavailable(self, fallback):
        return fallback()

    @contextmanager
    def reading_ahead(self, keys):
        """Fetches ``keys`` in one round trip; until the block ends, reading one of them answers from what
        was fetched (the same object each time: read-only, as every shared value is; a key not found
        reads as missing) and writing one forgets it, so the next read goes to Redis."""
        with ahead_scope():
            self.fetch(keys)
            yield

    def fetch(self, keys) -> dict:
        """Reads ``keys`` in one round trip: the values found. Within ``ahead_scope`` a later read of one
        of them answers from what was fetched, as in ``reading_ahead``."""
        found = self.get_many(keys)
        ahead = _ahead.get()
        if ahead is not None:
            ahead.update(
                {(id(self), self.make_and_validate_key(k)): found.get(k, _MISSING) for k in keys}
            )
        return found

    def _fetched(self, key, version):
        ahead = _ahead.get()
        if ahead is None:
            return _ABSENT
        return ahead.get((id(self), self.make_and_validate_key(key, version)), _ABSENT)

    def _forget_fetched(self, key, version=None):
        ahead = _ahead.get()
        if ahead:
            ahead.pop((id(self), self.make_and_validate_key(key, version)), None)

    def get(self, key, default=None, version=None):
        value = self._fetched(key, version)
        if value is _MISSING:
            return default
        if value is not _ABSENT:
            return value
        return super().get(key, default, version)

    def add(self, key, value, timeout=None, version=None):
        self._forget_fetched(key, version)
        return super().add(key, value, timeout, version)

    def set(self, key, value, timeout=None, version=None):
        self._forget_fetched(key, version)
        return super().set(key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        self._forget_fetched(key, version)
        return super().touch(key, timeout, version)

    def delete(self, key, version=None):
        self._forget_fetched(key, version)
        return super().delete(key, version)

    def incr(self, key, delta=1, version=None):
        self._forget_fetched(key, version)
        return super().incr(key, delta, version)

    def set_many(self, data, timeout=None, version=None):
        for key in data:
            self._forget_fetched(key, version)
        return super().set_many(data, timeout, version)

    def delete_many(self, keys, version=None):
        for key in keys:
            self._forget_fetched(key, version)
        return super().delete_many(keys, version)

    def clear(self):
        if _ahead.get():
            _ahead.get().clear()
        return super().clear()


@contextmanager
def ahead_scope():
    """What ``fetch_ahead`` reads in the block answers later reads until the block ends: open around one
    request, never longer (a thread serves many requests, and values read ahead are not watched)."""
    token = _ahead.set({})
    try:
        yield
    finally:
        _ahead.reset(token)


def reads_ahead() -> bool:
    """Whether the default cache keeps what is fetched ahead (Redis). Another cache would be asked for
    each value again: fetching ahead would only add a read."""
    return isinstance(caches["default"], SharedRedisCache)


def fetch_ahead(keys) -> dict:
    """``keys`` read from the default cache (Redis: ``reads_ahead``) in one round trip, kept for later
    reads within ``ahead_scope``."""
    return caches["default"].fetch(keys)


def read_ahead(*keys: str | Callable[[], list[str]]):
    """View decorator: the shared-cache keys a view reads on every request (small shared tables, never a
    user's data) are fetched together in one round trip when it starts, instead of one round trip each.
    A callable gives keys that depend on the request's language (``cms.core.routing.every_page_keys``).
    With another cache than Redis (tests, development) the view reads as usual."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not reads_ahead():
                return view(request, *args, **kwargs)
            named = [k for key in keys for k in (key() if callable(key) else [key])]
            with caches["default"].reading_ahead(named):
                return view(request, *args, **kwargs)

        return wrapper

    return decorator
