"""The register's member list costs the same number of queries whatever its size, and counts its members
once: modeladmin asks for the whole list's count, the filtered list's and its paginator's, which are one
COUNT when nothing is filtered."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.registers.models import RegisterKind
from tests.conftest import login
from tests.factories import registers as f

pytestmark = pytest.mark.django_db
LIST = "/admin/registers/member/"


def listing(client) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_list_counts_once_and_its_queries_do_not_grow_with_the_register(client):
    f.member(RegisterKind.NEW_EMPLOYMENT, phone="13900000000")
    login(client, "worker05")
    listing(client)  # warm the caches every admin page reads
    few = listing(client)
    for n in range(1, 8):
        f.member(RegisterKind.NEW_EMPLOYMENT, phone=f"1390000000{n}")
    many = listing(client)
    assert len(many) == len(few)
    counts = [sql for sql in many if "COUNT(" in sql.upper() and "registers_member" in sql]
    assert len(counts) == 1, counts


def test_a_filtered_list_counts_the_whole_register_and_the_filtered_list(client):
    f.member(RegisterKind.NEW_EMPLOYMENT, phone="13900000000")
    login(client, "worker05")
    with CaptureQueriesContext(connection) as captured:
        page = client.get(LIST, {"state": "verified"})
    assert page.status_code == 200
    counts = [
        q["sql"]
        for q in captured.captured_queries
        if "COUNT(" in q["sql"].upper() and "registers_member" in q["sql"]
    ]
    assert len(counts) == 2
