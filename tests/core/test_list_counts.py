"""Admin lists at any size (``cms.core.list_counts``): a large list with nothing chosen shows PostgreSQL's
estimate of its size ("约 N") instead of counting it; a filtered list, a small one and any list on SQLite
is counted exactly; counts are made once a request; every page holding rows opens."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.cases.models import Case, Status
from cms.core import list_counts
from cms.core.list_counts import Estimate, ListPaginator
from tests.conftest import login
from tests.factories import cases as f

pytestmark = pytest.mark.django_db
LIST = reverse("cases_case_modeladmin_index")
POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def eight_cases():
    for status in [Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED] * 2:
        f.case_in(status)
    if POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE cases_case")  # as autovacuum keeps the planner's statistics


def listing(client, **params) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


def case_counts(queries: list[str]) -> list[str]:
    return [sql for sql in queries if "COUNT(" in sql.upper() and '"cases_case"' in sql]


def test_a_small_list_is_counted_exactly_and_once(client, eight_cases):
    login(client, "worker06")
    html, queries = listing(client)
    assert 'result-count">8 / 8<' in html
    assert "约" not in html.split('result-count">')[1][:30]
    assert len(case_counts(queries)) == 1


def test_a_large_list_with_nothing_chosen_shows_the_planners_estimate(
    client, eight_cases, settings
):
    settings.ADMIN_LIST_ESTIMATE_ABOVE = 3
    login(client, "office")
    html, queries = listing(client)
    if not POSTGRESQL:  # SQLite keeps no statistics: exact, as every list there
        assert 'result-count">8 / 8<' in html and len(case_counts(queries)) == 1
        return
    assert case_counts(queries) == []
    assert any(sql.startswith("EXPLAIN") for sql in queries)
    count = html.split('result-count">')[1].split("<")[0]
    assert count.startswith("约 ") and " / 约 " in count
    assert "条居民诉求" in html  # the pager's label says it is an estimate too


def test_a_filtered_list_is_counted_exactly(client, eight_cases, settings):
    settings.ADMIN_LIST_ESTIMATE_ABOVE = 3
    login(client, "office")
    html, queries = listing(client, status__exact=Status.ASSIGNED)
    filtered = html.split('result-count">')[1].split(" / ")[0]
    assert filtered == "2"
    counted = case_counts(queries)
    assert len(counted) == (1 if POSTGRESQL else 2)  # the whole list is estimated on PostgreSQL
    assert all("WHERE" in sql for sql in counted) if POSTGRESQL else True


def test_the_queries_of_an_estimated_list_do_not_grow_with_its_rows(client, eight_cases, settings):
    settings.ADMIN_LIST_ESTIMATE_ABOVE = 3
    login(client, "office")
    listing(client)  # warm the caches every admin page reads
    before = len(listing(client)[1])
    for status in [Status.RECEIVED] * 25:  # past the first page
        f.case_in(status)
    assert len(listing(client)[1]) == before


def test_an_estimate_is_shown_to_three_digits():
    assert list_counts.display(Estimate(1_003_412)) == "约 1,000,000"
    assert list_counts.display(Estimate(168_523)) == "约 169,000"
    assert list_counts.display(Estimate(512)) == "约 512"
    assert list_counts.display(168_523) == "168523"


def test_pages_past_an_estimate_that_fell_short_still_open(eight_cases):
    cases = Case.objects.order_by("-received_at", "-id")
    pager = ListPaginator(cases, 3)
    pager.count = Estimate(4)  # the planner expected 4 rows: two pages; there are 8
    assert pager.num_pages == 2
    assert [c.pk for c in pager.page(3).object_list] == [c.pk for c in cases[6:8]]
    assert list(pager.page(9).object_list) == []
    exact = ListPaginator(cases, 3)
    assert [c.pk for c in exact.page(3).object_list] == [c.pk for c in cases[6:8]]


def test_a_deep_page_reads_the_ids_of_its_rows_first(eight_cases, monkeypatch):
    monkeypatch.setattr(list_counts, "DEEP_PAGE_ROWS", 4)
    cases = Case.objects.order_by("-received_at", "-id")
    expected = [c.pk for c in cases[4:6]]
    with CaptureQueriesContext(connection) as captured:
        page = ListPaginator(cases, 2).page(3)
        assert [c.pk for c in page.object_list] == expected
    ids_first = [q["sql"] for q in captured.captured_queries if "OFFSET 4" in q["sql"]]
    assert len(ids_first) == 1 and ids_first[0].startswith('SELECT "cases_case"."id" AS "pk"')


def test_a_list_filtered_by_nothing_counts_zero_without_a_query(rf):
    listed = Case.objects.filter(pk__in=[]).as_list(rf.get(LIST))
    with CaptureQueriesContext(connection) as captured:
        assert listed.count() == 0
    assert captured.captured_queries == []


def test_a_filtered_list_past_the_cap_shows_it_and_stops_counting_there(
    client, eight_cases, settings
):
    settings.ADMIN_LIST_COUNT_CAP = 3
    login(client, "office")
    html, queries = listing(client, status__exact=Status.RECEIVED)  # 2 rows: under the cap
    assert html.split('result-count">')[1].split(" / ")[0] == "2"
    html, queries = listing(client, status__in=",".join([Status.RECEIVED, Status.ASSIGNED]))
    shown = html.split('result-count">')[1].split(" / ")[0]
    assert shown == "3+"
    capped = [sql for sql in case_counts(queries) if "LIMIT 4" in sql]
    assert len(capped) == 1


def test_a_capped_count_shows_as_at_least():
    assert list_counts.display(list_counts.AtLeast(10_000)) == "10,000+"
