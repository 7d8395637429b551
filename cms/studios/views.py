"""Public views outside the page tree: site search and the directory of every studio's services."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

from cms.core.page_cache import cacheable_page
from cms.studios.models import ServicePage, StudioPage
from cms.studios.models.listing import attach_studio_pages

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 100


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results_page = None
    if query:
        results = Page.objects.live().public().specific().search(query)
        results_page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        studio_pages = list(StudioPage.objects.live().select_related("studio"))
        attach_studio_pages(results_page.object_list, studio_pages)
    context = {"query": query, "results_page": results_page}
    return cacheable_page(render(request, "studios/search.html", context))


def service_directory(request):
    studio_pages = list(StudioPage.objects.live().select_related("studio").order_by("studio__code"))
    services = list(ServicePage.objects.live().order_by("path"))
    attach_studio_pages(services, studio_pages)
    groups = [(s, [svc for svc in services if svc.studio_page == s]) for s in studio_pages]
    return cacheable_page(render(request, "studios/service_directory.html", {"groups": groups}))
