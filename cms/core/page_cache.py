"""Whole-page cache for anonymous visitors, shared by every app process through the default cache (Redis).

Residents never log in and public pages are the same for all of them, so a rendered page is stored once
and served to everyone until content changes. Views opt in with ``cacheable_page``; only anonymous GET
requests (no session cookie) are served from it, so editors always see fresh pages and their userbar.
Any save or delete of content bumps one version number that is part of every key, which retires all
cached pages at once: pages show each other's content (the home page lists every studio's news), so
finer invalidation would be fragile. Time-dependent parts ("upcoming" activities) are bounded by the TTL.
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

VERSION_KEY = "page-cache:version"
PAGE_PARAMETERS = ("q", "page")
CACHEABLE_ATTRIBUTE = "cacheable_page"


def timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def cacheable_page(response):
    """Marks a response as the same for every anonymous visitor."""
    setattr(response, CACHEABLE_ATTRIBUTE, True)
    return response


def invalidate() -> None:
    """Retires every cached page (called when content changes)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)


def _is_anonymous_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and timeout() > 0
    )


def _key(request) -> str:
    # Only the parameters public pages read: junk parameters map to the same entry instead of filling
    # the cache with copies.
    params = urlencode(sorted((k, v) for k, v in request.GET.items() if k in PAGE_PARAMETERS))
    address = f"{request.LANGUAGE_CODE}:{request.get_host()}:{request.path}?{params}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page-cache:{cache.get(VERSION_KEY, 0)}:{digest}"


class PageCacheMiddleware:
    """Placed after the locale middleware (the key includes the language) and before everything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_anonymous_read(request):
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            response["Content-Language"] = request.LANGUAGE_CODE
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._storable(response):
            cache.set(key, (response.content, response["Content-Type"]), timeout())
            response["X-Page-Cache"] = "miss"
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
