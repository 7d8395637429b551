"""Whole-page cache for anonymous visitors, shared by every app process through the default cache (Redis).

Residents never log in and public pages are the same for all of them, so a rendered page is stored once
and served to everyone until content changes. Views opt in with ``cacheable_page``; only anonymous GET
requests (no session cookie) are served from it, so editors always see fresh pages and their userbar.

Any save or delete of content replaces one version token (a random value, never reused) that every stored
page carries: a page stored under another token is a miss, so a change retires all cached pages at once
(pages show each other's content: the home page lists every studio's news, so finer invalidation would be
fragile). The token is replaced again when the change's transaction commits, so a page rendered from the
old rows while the change was being written is not kept. Time-dependent parts ("upcoming" activities) are
bounded by the TTL.

A hit is answered early (the middleware sits right after WhiteNoise: no session, CSRF, authentication or
routing work) with one Redis round trip (the token and the page in one MGET), replaying the headers the
page left the inner middleware with, and its body gzip-compressed once when stored, as sent to clients
that accept gzip (decompressed for the others).
"""

import gzip
import hashlib
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from cms.core.middleware import chosen_language

VERSION_KEY = "page-cache:token"
PAGE_PARAMETERS = ("q", "page")
CACHEABLE_ATTRIBUTE = "cacheable_page"
MESSAGES_COOKIE = CookieStorage.cookie_name
# Headers set by the middleware outside this one run again on a hit; these are not worth replaying.
_NOT_REPLAYED = frozenset({"content-length", "x-page-cache", "set-cookie"})


def timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def cacheable_page(response):
    """Marks a response as the same for every anonymous visitor."""
    setattr(response, CACHEABLE_ATTRIBUTE, True)
    return response


def invalidate() -> None:
    """Retires every cached page (called when content changes), and again once the change is committed."""
    _new_token()
    if connection.in_atomic_block:
        transaction.on_commit(_new_token)


def _new_token() -> str:
    token = uuid.uuid4().hex
    cache.set(VERSION_KEY, token, timeout=None)
    return token


def _is_anonymous_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES  # a flash message waiting for this visitor
        and timeout() > 0
    )


def _key(request) -> str:
    # Only the parameters public pages read: junk parameters map to the same entry instead of filling
    # the cache with copies.
    params = urlencode(sorted((k, v) for k, v in request.GET.items() if k in PAGE_PARAMETERS))
    address = f"{chosen_language(request)}:{request.get_host()}:{request.path}?{params}"
    return "page-cache:" + hashlib.sha256(address.encode()).hexdigest()


def _accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


class PageCacheMiddleware:
    """Placed right after WhiteNoise: everything inside it is skipped on a hit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_anonymous_read(request):
            return self.get_response(request)
        key = _key(request)
        found = cache.get_many([VERSION_KEY, key])
        token = found.get(VERSION_KEY)
        entry = found.get(key)
        if token is not None and entry is not None and entry[0] == token:
            return self._hit(request, entry)
        if token is None:
            # No token (a new Redis, or one that evicted it): a fresh one, so nothing stored before counts.
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            token = cache.get(VERSION_KEY)
        response = self.get_response(request)
        if token is not None and self._storable(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_REPLAYED]
            body = gzip.compress(response.content, compresslevel=6, mtime=0)
            cache.set(key, (token, headers, body), timeout())
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _hit(request, entry) -> HttpResponse:
        _token, headers, body = entry
        if _accepts_gzip(request):
            response = HttpResponse(body, headers=headers)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(body), headers=headers)
        response["Vary"] = ", ".join(filter(None, [response.get("Vary"), "Accept-Encoding"]))
        response["Content-Length"] = str(len(response.content))
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _storable(response) -> bool:
        storable = (
            getattr(response, CACHEABLE_ATTRIBUTE, False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        )
        if storable and hasattr(response, "render"):
            response.render()
        if storable:
            patch_cache_control(response, max_age=0, must_revalidate=True)
        return storable
