"""Read-only calls run at once on their own PostgreSQL connections, all reading one snapshot; where that
would not be the same as running them in turn (inside a transaction, on SQLite), they run in turn."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from cms.cases.models import Case
from cms.committee import rates
from cms.core.snapshot_reads import at_once
from tests.factories import cases as f

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="snapshots are exported by PostgreSQL"
)


def outside_the_test_transaction(work):
    """``work()`` in a thread with its own autocommitting connection, as a request runs; its result."""
    outcome = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except Exception as error:
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def backend_and_snapshot() -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), pg_current_snapshot()::text")
        return cursor.fetchone()


@postgresql_only
def test_calls_run_on_their_own_connections_and_read_one_snapshot():
    readings = outside_the_test_transaction(
        lambda: at_once(backend_and_snapshot, backend_and_snapshot, backend_and_snapshot)
    )
    backends = {backend for backend, _snapshot in readings}
    snapshots = {snapshot for _backend, snapshot in readings}
    assert len(backends) == 3, "each call on a connection of its own"
    assert len(snapshots) == 1, "all reading as of one instant"


@postgresql_only
def test_nested_calls_read_the_same_snapshot():
    def nested():
        return at_once(backend_and_snapshot, backend_and_snapshot)

    outer, (first, second) = outside_the_test_transaction(
        lambda: at_once(backend_and_snapshot, nested)
    )
    assert len({outer[0], first[0], second[0]}) == 3
    assert outer[1] == first[1] == second[1]


@postgresql_only
def test_a_failing_call_fails_the_whole():
    def fails():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")

    with pytest.raises(Exception, match="division by zero"):
        outside_the_test_transaction(lambda: at_once(backend_and_snapshot, fails))


def test_inside_a_transaction_the_calls_run_in_turn_and_see_its_writes():
    # The test's own transaction: another connection could not see the case written in it.
    case = f.new_case()
    seen = at_once(
        lambda: Case.objects.filter(pk=case.pk).exists(),
        lambda: Case.objects.filter(pk=case.pk).exists(),
        lambda: threading.get_ident(),
    )
    assert seen == [True, True, threading.get_ident()]


@postgresql_only
def test_the_committee_figures_are_the_same_read_at_once_or_in_turn():
    def figures(report: rates.Report) -> list:
        rows = [*report.by_studio, *report.by_category, *report.by_estate, report.total]
        return [(r.key, r.received, r.resolved, r.median_resolution) for r in rows]

    def both_ways():
        made = [f.new_case(title=f"快照 {n}") for n in range(3)]
        for case, days in zip(made, (2, 5), strict=False):
            resolved = case.received_at + datetime.timedelta(days=days)
            Case.objects.filter(pk=case.pk).update(resolved_at=resolved)
        period = rates.Period.this_month()
        try:
            at_once_figures = figures(rates.report(Case.objects.all(), period))
            with transaction.atomic():  # one after the other, on this connection
                in_turn_figures = figures(rates.report(Case.objects.all(), period))
            return at_once_figures, in_turn_figures
        finally:
            Case.objects.filter(title__startswith="快照").delete()

    at_once_figures, in_turn_figures = outside_the_test_transaction(both_ways)
    assert at_once_figures == in_turn_figures
    assert (None, 3, 2, datetime.timedelta(days=3.5)) in at_once_figures  # the total's median
