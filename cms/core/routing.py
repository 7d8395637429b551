"""Wagtail's page routing, remembered per content version.

Wagtail finds the page of a URL with six queries (the site, its root page, the page by its ``url_path``
(``HomePage.route``), its specific row, its ancestors and their view restrictions): about 5 ms of CPU on
PostgreSQL, on every request the page cache does not answer. The answer depends only on published content,
so the site, the specific page and its view restrictions are kept in the shared cache under the content
version (``cms.core.content_version``): one Redis read instead of six queries, never stale after a change.
"""

from django.core.cache import cache
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from cms.core import content_version

ROUTE_SECONDS = 3600


class RememberedRouteMiddleware:
    """Gives Wagtail's ``serve`` view its route from the shared cache, found once per content version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

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


def _remember_route(request, path: str) -> None:
    token = content_version.current(request)
    if token is None:
        return
    key = f"route:{token}:{request._get_raw_host()}:{path}"
    entry = cache.get(key)
    if entry is not None:
        request._wagtail_site, request._wagtail_route_for_request = entry
        return
    content_version.mark_cold(request)
    route = Page.route_for_request(request, path)
    if route is None:
        return  # not found: not worth a cache entry per junk address
    page = route[0]
    # Kept on the page, so Wagtail's view-restriction check (BasePage.get_view_restrictions) asks no query.
    page.remembered_view_restrictions = list(page.get_view_restrictions())
    content_version.keep(request, key, (request._wagtail_site, route), ROUTE_SECONDS)
