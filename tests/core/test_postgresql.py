"""Kept PostgreSQL connections (``CONN_MAX_AGE``) are checked before a request reuses them without a round
trip (``cms.core.postgresql``): one the server closed meanwhile is still replaced, not failed."""

import time

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.urls import reverse

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own backend"),
    pytest.mark.django_db(transaction=True),
]


def terminate(pid: int) -> None:
    """Ends a server process from another session, as a restart or an idle timeout would."""
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_connection_the_server_closed_is_replaced_before_the_next_request(client) -> None:
    assert connection.settings_dict["ENGINE"] == "cms.core.postgresql"
    assert client.get(reverse("case_submit"), {"topic": "other"}).status_code == 200
    connection.ensure_connection()
    terminate(connection.connection.info.backend_pid)
    time.sleep(0.2)  # the server's goodbye reaches the socket
    close_old_connections()  # what the WSGI handler does when a request starts
    response = client.get(reverse("case_submit"), {"studio": "06"})
    assert response.status_code == 200 and 'name="title"' in response.content.decode()
