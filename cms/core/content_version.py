"""The version of what public pages show, read once per request: what cached routes and fragments are
stored with, and shown only while it is still the version.

Two parts. The content token is the page cache's (``cms.core.page_cache``): every content change (a page,
site, image, view restriction or setting saved or deleted, and the records public pages show) replaces
it, and again when the change's transaction commits, so nothing stored with the token a request read is
served after a change, exactly as a cached page is not. The release is a digest of the code, templates and
translations this process runs: after a deploy, or while old and new app servers run side by side, no
process uses what another version of the code rendered or pickled.

Within a request, what is to be kept (routes, fragments) is written in one Redis round trip when the
response is ready (``ContentCacheMiddleware``), and after a route was not found for the current version
(the content changed, or the route was never kept or has expired) fragments are rendered without asking:
those stored are likely from an older version, and reading less never serves anything stale, it only
renders again. A route lists the fragments its page showed (``shown``), so the next request reads them
ahead, together (``cms.core.routing``).
"""

import functools
import hashlib
from collections import defaultdict
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.core.cache import cache

from cms.core import page_cache

_ATTRIBUTE = "_content_version"
_WRITES = "_content_cache_writes"
_COLD = "_content_cache_cold"
_SHOWN = "_content_cache_fragments"
_RELEASE_FILES = ("cms/**/*.py", "templates/**/*.html", "locale/**/*.mo")


def current(request) -> str | None:
    """Release and content token, or None when the shared cache cannot be reached (nothing is cached)."""
    if not hasattr(request, _ATTRIBUTE):
        # An anonymous reader's miss comes with the token the page cache looked it up with.
        token = request.META.get(page_cache.TOKEN_ENVIRON) or page_cache.current_token()
        setattr(request, _ATTRIBUTE, None if token is None else f"{release()}:{token}")
    return getattr(request, _ATTRIBUTE)


def mark_cold(request) -> None:
    """This request found no route for the current version: its fragments are most likely outdated too."""
    setattr(request, _COLD, True)


def is_cold(request) -> bool:
    return getattr(request, _COLD, False)


def shown(request, fragment_key: str) -> None:
    """The request's page shows this fragment (``{% fragment %}``) from the cache, or kept it there: its
    route lists it, to read ahead."""
    request.__dict__.setdefault(_SHOWN, []).append(fragment_key)


def fragments_shown(request) -> list[str]:
    return getattr(request, _SHOWN, [])


def keep(request, key: str, value, seconds: int) -> None:
    """Stores ``value``, with the request's other writes when the middleware collects them."""
    writes = getattr(request, _WRITES, None)
    if writes is None:
        cache.set(key, value, seconds)
    else:
        writes.append((key, value, seconds))


class ContentCacheMiddleware:
    """Writes what the request kept (routes, fragments) in one round trip per lifetime once it is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        setattr(request, _WRITES, [])
        response = self.get_response(request)
        by_lifetime = defaultdict(dict)
        for key, value, seconds in getattr(request, _WRITES):
            by_lifetime[seconds][key] = value
        for seconds, values in by_lifetime.items():
            cache.set_many(values, seconds)
        return response


@functools.cache
def release() -> str:
    """A digest of the code, templates and translations (~10 ms, once per process)."""
    digest = hashlib.sha256(f"{django.__version__}:{wagtail.__version__}".encode())
    base = Path(settings.BASE_DIR)
    for path in sorted(p for pattern in _RELEASE_FILES for p in base.glob(pattern)):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
