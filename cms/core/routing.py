"""Wagtail's page routing, remembered per content version, and what a page reads from the shared cache
read ahead in two round trips.

Wagtail finds the page of a URL with six queries (the site, its root page, the page by its ``url_path``
(``HomePage.route``), its specific row, its ancestors and their view restrictions): about 5 ms of CPU on
PostgreSQL, on every request the page cache does not answer. The answer depends only on published content,
so the site, the specific page and its view restrictions are kept in the shared cache with the content
version (``cms.core.content_version``) they were found under, and used only while it is still the version:
one Redis read instead of six queries, never stale after a change.

As the route's key does not hold the version, the first round trip reads the version (already read when
the page cache passed it on), the route and what every page shows (the site contact, the header and footer
fragments) together; the route lists the page's own fragments in the request's language, read in the
second. Before, each of these was a round trip of its own: six or seven for a news page.
"""

from django.core.cache import cache
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from cms.core import content_version, page_cache
from cms.core.cache import ahead_scope, fetch_ahead, reads_ahead
from cms.core.models import SITE_CONTACT_CACHE_KEY
from cms.core.templatetags import fragments

ROUTE_SECONDS = 3600
_FOUND = "_route_to_keep"


class RememberedRouteMiddleware:
    """Gives Wagtail's ``serve`` view its route from the shared cache, found once per content version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with ahead_scope():
            response = self.get_response(request)  # rendered: its fragments were shown
        _keep_route(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_views.serve:
            _remember_route(request, view_args[0])


def remember_site(request) -> None:
    """Sets the request's Wagtail site (what ``pageurl`` asks for) from the shared cache."""
    if hasattr(request, "_wagtail_site"):
        return
    token = content_version.current(request)
    if token is None:
        return
    key = f"site:{token}:{request._get_raw_host()}"
    site = cache.get(key)
    if site is None:
        site = Site.find_for_request(request)
        if site is not None:
            content_version.keep(request, key, site, ROUTE_SECONDS)
    request._wagtail_site = site


def every_page_keys() -> list[str]:
    """What every public page reads from the shared cache: the content version, the site contact (the
    footer) and the header and footer fragments; for ``cms.core.cache.read_ahead``."""
    return [page_cache.VERSION_KEY, SITE_CONTACT_CACHE_KEY, *fragments.site_keys()]


def _remember_route(request, path: str) -> None:
    # Per language as well: the fragments a route lists are.
    language = translation.get_language() or ""
    key = f"route:{content_version.release()}:{language}:{request._get_raw_host()}:{path}"
    every_page = every_page_keys()
    entry = fetch_ahead([key, *every_page]).get(key) if reads_ahead() else cache.get(key)
    token = content_version.current(request)  # the version just read, or the page cache's
    if token is None:
        return
    if entry is not None and entry[0] == token:
        _token, request._wagtail_site, request._wagtail_route_for_request, listed = entry
        if listed and reads_ahead():
            fetch_ahead(listed)
        return
    content_version.mark_cold(request)
    route = Page.route_for_request(request, path)
    if route is None:
        return  # not found: not worth a cache entry per junk address
    page = route[0]
    # Kept on the page, so Wagtail's view-restriction check (BasePage.get_view_restrictions) asks no query.
    page.remembered_view_restrictions = list(page.get_view_restrictions())
    setattr(request, _FOUND, (key, token, request._wagtail_site, route, every_page))


def _keep_route(request) -> None:
    """Keeps a route found this request, listing the page's own fragments (those it showed that are not
    read ahead on every page anyway)."""
    found = getattr(request, _FOUND, None)
    if found is None:
        return
    key, token, site, route, every_page = found
    listed = [
        k for k in dict.fromkeys(content_version.fragments_shown(request)) if k not in every_page
    ]
    content_version.keep(request, key, (token, site, route, listed), ROUTE_SECONDS)
