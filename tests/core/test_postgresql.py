"""Kept PostgreSQL connections (``CONN_MAX_AGE``) are checked before a request reuses them without a round
trip (``cms.core.postgresql``): a quiet one is kept as it is, one the server closed meanwhile is replaced."""

import time

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own backend"),
    pytest.mark.django_db,
]


@pytest.fixture
def kept():
    """A connection of its own (the test's is inside the test's transaction), as a request finds it."""
    other = connections.create_connection("default")
    other.ensure_connection()
    yield other
    other.close()


def request_starts(wrapper) -> None:
    wrapper.close_if_unusable_or_obsolete()  # what the WSGI handler does when a request starts
    wrapper.close_if_health_check_failed()  # and Django before the request's first query


def test_a_quiet_kept_connection_is_used_as_it_is(kept) -> None:
    assert kept.settings_dict["ENGINE"] == "cms.core.postgresql" and kept.health_check_enabled
    before = kept.connection
    request_starts(kept)
    assert kept.connection is before and kept.health_check_done


def test_a_connection_the_server_closed_is_replaced(kept) -> None:
    with (
        connection.cursor() as cursor
    ):  # from another session, as a restart or an idle timeout would
        cursor.execute("SELECT pg_terminate_backend(%s)", [kept.connection.info.backend_pid])
    time.sleep(0.2)  # the server's goodbye reaches the socket
    request_starts(kept)
    assert kept.connection is None  # closed by Django's own check; the next query connects again
    with kept.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
