"""Public views outside the page tree: site search, the directory of every studio's services and the news
of one tag across studios."""

from django.core.paginator import Paginator
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import render
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from cms.core.cache import read_ahead
from cms.core.page_cache import cacheable_page
from cms.core.pagination import CappedPaginator
from cms.core.routing import every_page_keys, remember_site
from cms.studios.models import NewsPage, ServicePage, StudioPage
from cms.studios.models.listing import attach_studio_pages, with_cover
from cms.studios.models.news import NEWS_PER_PAGE

RESULTS_PER_PAGE = 10
# Results counted and offered (100 pages); a broader query says "more than 1000".
MAX_RESULTS = 1000
MAX_QUERY_LENGTH = 100


@read_ahead(every_page_keys)
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results_page = None
    if query:
        # Ranked among the newest MAX_RESULTS matches: those the pager counts and offers.
        results = get_search_backend().search(query, _searchable_pages(), rank_limit=MAX_RESULTS)
        paginator = CappedPaginator(results, RESULTS_PER_PAGE, limit=MAX_RESULTS)
        results_page = paginator.get_page(request.GET.get("page"))
        _attach_summaries(results_page.object_list)
        attach_studio_pages(results_page.object_list, StudioPage.live_pages(request))
    remember_site(request)  # for the results' URLs: no site query
    context = {"query": query, "results_page": results_page}
    return cacheable_page(render(request, "studios/search.html", context))


def _searchable_pages():
    """Live pages outside private sections. Wagtail's ``public()`` joins every view restriction to its
    page: with no restriction at all, SQLite (no statistics for an empty table) read every page for that
    join, ~15 ms a search at 100,000 pages. Asking whether there is any restriction costs nothing."""
    pages = Page.objects.live()
    return pages.public() if PageViewRestriction.objects.exists() else pages


def _attach_summaries(pages) -> None:
    """Sets ``summary`` on each result from the page types that have one, in one query whatever the mix
    of types on the page (``specific()`` would cost one query per type)."""
    summaries = dict(
        Page.objects.filter(pk__in=[page.pk for page in pages]).values_list(
            "pk", Coalesce("newspage__summary", "servicepage__summary", Value(""))
        )
    )
    for page in pages:
        page.summary = summaries.get(page.pk, "")


def service_directory(request):
    studio_pages = list(StudioPage.objects.live().select_related("studio").order_by("studio__code"))
    services = list(ServicePage.objects.live().order_by("path"))
    attach_studio_pages(services, studio_pages)
    groups = [(s, [svc for svc in services if svc.studio_page == s]) for s in studio_pages]
    return cacheable_page(render(request, "studios/service_directory.html", {"groups": groups}))


def news_by_tag(request, slug: str):
    """Every studio's live news with one tag, newest first, 20 a page (a tag nobody uses is a 404)."""
    tag = Tag.objects.filter(slug=slug, studios_newspagetag_items__isnull=False).first()
    if tag is None:
        raise Http404
    news = with_cover(NewsPage.objects.live().filter(tags=tag).order_by("-date", "-pk"))
    news_page = Paginator(news, NEWS_PER_PAGE).get_page(request.GET.get("page"))
    attach_studio_pages(news_page.object_list, list(StudioPage.objects.live()))
    context = {"tag": tag, "news_page": news_page}
    return cacheable_page(render(request, "studios/news_tag.html", context))
