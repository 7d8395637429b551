"""No public page costs more queries as content grows: counts with 5 and with 50 news items are equal.

Measured with the page cache off: these are the queries of a real render, which every cache miss pays;
both right after a content change (no route or fragment cached: cms/core/routing.py,
cms/core/templatetags/fragments.py) and with them.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.core import page_cache
from cms.demo import factories as f
from cms.studios.models import NewsIndexPage

PAGES = [
    "/",
    "/studio-06/",
    "/studio-06/news/",
    "/studio-06/news/news-1/",
    "/search/?q=调解",
    "/news/tags/基层治理/",
]
MAX_QUERIES = 12


def count_queries(client, url: str, after_a_change: bool = True) -> int:
    client.get(url)  # first render creates image renditions once; measure the steady state
    if after_a_change:
        page_cache.invalidate()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_news(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    index = NewsIndexPage.objects.get(url_path__endswith="/studio-06/news/")
    assert index.get_children().count() == 5
    with_five = {url: count_queries(client, url) for url in PAGES}
    cached_with_five = {url: count_queries(client, url, after_a_change=False) for url in PAGES}
    for _ in range(45):
        f.NewsPageFactory(parent=index, summary="关于物业纠纷调解的工作简报。", tags=["基层治理"])
    with_fifty = {url: count_queries(client, url) for url in PAGES}
    cached_with_fifty = {url: count_queries(client, url, after_a_change=False) for url in PAGES}
    assert with_fifty == with_five
    assert cached_with_fifty == cached_with_five
    assert max(with_five.values()) <= MAX_QUERIES, with_five
    # Routes and fragments kept: the home page, a news index and a news page ask nothing at all.
    assert cached_with_five["/"] == cached_with_five["/studio-06/news/"] == 0, cached_with_five
    assert cached_with_five["/studio-06/news/news-1/"] == 0, cached_with_five


@pytest.mark.django_db
def test_the_studio_page_costs_the_same_with_one_or_five_public_teams(client, settings):
    from tests.factories import volunteers

    settings.PAGE_CACHE_SECONDS = 0
    volunteers.team("06", "第一服务队")
    with_one = count_queries(client, "/studio-06/")
    for n in range(4):
        volunteers.team("06", f"服务队{n}")
    assert count_queries(client, "/studio-06/") == with_one <= MAX_QUERIES
