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

The cache sits in front of Django, as a WSGI application wrapping it (``cms/wsgi.py``): a hit costs no
middleware, signal or routing work, only one Redis round trip (the token and the page in one MGET) and the
access log line, so it is served about as cheaply as a static file. It replays the headers the page left
Django with (security headers and CSP included) and its body gzip-compressed once when stored, as sent to
clients that accept gzip (decompressed for the others). Static files pass through untouched.
"""

import gzip
import hashlib
import time
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection, transaction
from django.utils.cache import patch_cache_control

from cms.core.logs import log_access, request_id_from
from cms.core.middleware import chosen_language

VERSION_KEY = "page-cache:token"
PAGE_PARAMETERS = ("q", "page")
MESSAGES_COOKIE = CookieStorage.cookie_name
# Set by ``cacheable_page`` for this module alone: removed from every response before it leaves.
STORABLE_HEADER = "X-Page-Cache-Storable"
# Headers that belong to one response (or to this module) and are not stored with the page.
_NOT_STORED = frozenset(
    {"content-length", "x-page-cache", "set-cookie", "x-request-id", STORABLE_HEADER.lower()}
)
# The token a miss was looked up with, handed to Django in the WSGI environ: what the render keeps
# (routes, fragments: ``cms.core.content_version``) is keyed on it without reading it again.
TOKEN_ENVIRON = "qiandeng.page_cache_token"
# Static and uploaded files are served behind the cache, never from it.
_FILE_PREFIXES = (settings.STATIC_URL, settings.MEDIA_URL)


def timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def cacheable_page(response):
    """Marks a response as the same for every anonymous visitor (stored only for anonymous reads)."""
    response[STORABLE_HEADER] = "1"
    patch_cache_control(response, max_age=0, must_revalidate=True)
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


def current_token(found: dict | None = None) -> str | None:
    """The version token (``found``: an answer of ``cache.get_many`` that asked for it), or None when the
    shared cache cannot be reached."""
    token = (found if found is not None else {VERSION_KEY: cache.get(VERSION_KEY)}).get(VERSION_KEY)
    if token is None:
        # No token (a new Redis, or one that evicted it): a fresh one, so nothing stored before counts.
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(VERSION_KEY)
    return token


def _is_anonymous_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path_info.startswith(_FILE_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES  # a flash message waiting for this visitor
        and timeout() > 0
    )


def _key(request) -> str:
    # Only the parameters public pages read: junk parameters map to the same entry instead of filling
    # the cache with copies. The scheme: behind TLS the stored headers carry HSTS, and a plain-HTTP request
    # must reach the redirect. get_host() refuses hosts Django would refuse (DisallowedHost).
    params = urlencode(sorted((k, v) for k, v in request.GET.items() if k in PAGE_PARAMETERS))
    address = (
        f"{request.scheme}:{chosen_language(request)}:{request.get_host()}:{request.path}?{params}"
    )
    return "page-cache:" + hashlib.sha256(address.encode()).hexdigest()


def _accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def _without_marker(headers) -> list[tuple[str, str]]:
    return [(name, value) for name, value in headers if name != STORABLE_HEADER]


class PageCacheApplication:
    """WSGI application in front of Django: serves hits itself, stores what Django marked as cacheable."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        request = WSGIRequest(environ)  # for its parsing only: Django builds its own on a miss
        try:
            key = _key(request) if _is_anonymous_read(request) else None
        except DisallowedHost:
            key = None  # Django answers it
        if key is None:
            return self._uncached(environ, start_response)
        found = cache.get_many([VERSION_KEY, key])
        entry = found.get(key)
        if entry is not None and entry[0] == found.get(VERSION_KEY):
            return self._hit(request, start_response, entry)
        token = current_token(found)
        if token is not None:
            environ[TOKEN_ENVIRON] = token
        return self._miss(request, start_response, key, token)

    def _uncached(self, environ, start_response):
        def without_marker(status, headers, exc_info=None):
            return start_response(status, _without_marker(headers), exc_info)

        return self.application(environ, without_marker)

    @staticmethod
    def _hit(request, start_response, entry):
        started = time.monotonic()
        _token, headers, body = entry
        headers = list(headers)
        if _accepts_gzip(request):
            headers.append(("Content-Encoding", "gzip"))
        else:
            body = gzip.decompress(body)
        headers += [
            ("Content-Length", str(len(body))),
            ("X-Page-Cache", "hit"),
            ("X-Request-ID", request_id_from(request)),
        ]
        start_response("200 OK", headers)
        log_access(request.method, request.path, 200, started)
        return [b""] if request.method == "HEAD" else [body]

    def _miss(self, request, start_response, key, token):
        answer = {}

        def capture(status, headers, exc_info=None):
            answer.update(status=status, headers=headers, exc_info=exc_info)

        body = self.application(request.environ, capture)
        headers = answer["headers"]
        names = {name.lower() for name, _value in headers}
        storable = (
            request.method == "GET"
            and token is not None
            and answer["status"].startswith("200 ")
            and STORABLE_HEADER.lower() in names
            and "set-cookie" not in names
            and not getattr(body, "streaming", False)
        )
        if not storable:
            start_response(answer["status"], _without_marker(headers), answer["exc_info"])
            return body
        try:
            content = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        stored = [(name, value) for name, value in headers if name.lower() not in _NOT_STORED]
        stored = _with_accept_encoding_vary(stored)
        cache.set(key, (token, stored, gzip.compress(content, compresslevel=6, mtime=0)), timeout())
        start_response(answer["status"], _without_marker(headers) + [("X-Page-Cache", "miss")])
        return [content]


def _with_accept_encoding_vary(headers) -> list[tuple[str, str]]:
    """The stored headers with ``Vary: Accept-Encoding`` (hits differ by it), added once when stored."""
    vary = [value for name, value in headers if name.lower() == "vary"]
    others = [(name, value) for name, value in headers if name.lower() != "vary"]
    return others + [("Vary", ", ".join([*vary, "Accept-Encoding"]))]
