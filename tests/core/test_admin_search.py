"""Admin searches are bounded: a very long search is cut to a few terms with a message and answers
quickly; references and phones match whole; the case export follows the same search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.core.admin import SEARCH_MAX_TERMS, bounded_terms
from tests.conftest import login
from tests.factories import cases as f

pytestmark = pytest.mark.django_db

LISTS = [
    ("worker06", "cases_case_modeladmin_index"),
    ("worker06", "mediation_mediationfile_modeladmin_index"),
    ("worker04", "volunteers_volunteer_modeladmin_index"),
]
LONG_SEARCH = " ".join(["路灯 a 1 物业"] * 500)  # ~2,000 characters of short terms


def test_a_long_search_keeps_five_terms_and_says_it_was_cut() -> None:
    terms, cut = bounded_terms(LONG_SEARCH)
    assert len(terms) == SEARCH_MAX_TERMS and cut
    assert bounded_terms("路灯 物业") == (["路灯", "物业"], False)


@pytest.mark.parametrize("username,list_name", LISTS)
def test_a_2000_character_search_is_bounded_with_a_message(client, username, list_name) -> None:
    login(client, username)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(list_name), {"q": LONG_SEARCH})
    assert response.status_code == 200
    assert "搜索词太长" in response.content.decode()
    longest = max(len(q["sql"]) for q in queries.captured_queries)
    assert longest < 4000  # not one ILIKE per term of the 2,000 characters


def test_a_reference_and_a_phone_match_whole(client) -> None:
    case = f.case_in("received", reporter_phone="13911112222", title="楼道堆物")
    other = f.case_in("received", reporter_phone="13911112223", title="噪音扰民")
    login(client, "worker06")
    url = reverse("cases_case_modeladmin_index")
    by_phone = client.get(url, {"q": "13911112222"}).content.decode()
    assert case.reference in by_phone and other.reference not in by_phone
    assert case.reference not in client.get(url, {"q": "1391111222"}).content.decode()
    by_reference = client.get(url, {"q": case.reference.lower()}).content.decode()
    assert case.reference in by_reference and other.reference not in by_reference


def test_the_export_uses_the_same_bounded_search(client) -> None:
    f.case_in("received", title="楼道堆物")
    login(client, "worker06")
    export = client.get(reverse("cases_export", args=("csv",)), {"q": LONG_SEARCH})
    assert export.status_code == 200


def slow_case_queries(execute, sql, params, many, context):
    """Django's execute hook: each query of the case list first sleeps 0.2 s in the database."""
    if '"cases_case"' in sql and sql.lstrip().upper().startswith("SELECT"):
        context["cursor"].execute("SELECT pg_sleep(0.2)")
    return execute(sql, params, many, context)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement timeouts are PostgreSQL's")
def test_a_list_that_runs_past_the_statement_timeout_says_so_instead_of_failing(
    client, settings
) -> None:
    settings.ADMIN_LIST_STATEMENT_TIMEOUT_MS = 50
    login(client, "worker06")
    url = reverse("cases_case_modeladmin_index")
    with connection.execute_wrapper(slow_case_queries):
        response = client.get(url, {"q": "路灯"})
    assert response.status_code == 302 and response["Location"] == url
    assert "搜索用时过长" in client.get(url).content.decode()
