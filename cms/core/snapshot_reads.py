"""Independent read-only queries run at once, each on its own PostgreSQL connection, all reading one
snapshot: what a page that aggregates a million rows several ways waits for is the sum of its queries,
and the server has more than one core to run them on.

The calling thread opens a REPEATABLE READ transaction and exports its snapshot
(``pg_export_snapshot()``); each other call runs in a thread of its own that imports it before its first
query (``SET TRANSACTION SNAPSHOT``), so every figure is read as of the same instant, as if one query had
read them all. The export stays valid while the caller's transaction is open, which it is until every
call has returned.

Only where that is the same as running the calls one after the other: on PostgreSQL, and outside a
transaction the caller opened, whose uncommitted writes another connection could not see (a test's
transaction, or a view that wrote first). Elsewhere the calls run in turn, in the caller's thread.
Calls may nest: a call already reading a shared snapshot fans out again from it.
"""

import contextvars
import threading
from collections.abc import Callable

from django.db import OperationalError, connection, transaction

_local = threading.local()  # .snapshot: the exported snapshot this thread reads, while it reads one
# A transaction holding its locks waits here for its helpers, where PostgreSQL cannot see the wait: a
# helper queued behind a DDL statement that itself waits for the caller's locks (a migration during a
# deploy) would wait for ever. Each statement gives up after this long instead.
LOCK_TIMEOUT = "5s"
_UNCONNECTED = (
    object()
)  # a helper that could not connect (e.g. the server's connections are all taken)


def at_once(*calls: Callable[[], object]) -> list:
    """The results of ``calls`` (functions of no arguments that only read), in their order. A call that
    gets no connection of its own runs in the caller's thread afterwards, on the same snapshot."""
    if len(calls) < 2 or not _may_fan_out():
        return [call() for call in calls]
    with transaction.atomic(savepoint=False):
        snapshot = getattr(_local, "snapshot", None) or _export_snapshot()
        results, errors = [_UNCONNECTED] * len(calls), []
        helpers = []
        previous, _local.snapshot = getattr(_local, "snapshot", None), snapshot
        try:
            for index, call in enumerate(calls[1:], start=1):
                # Each helper runs in a copy of this context: the request's language and time zone.
                context = contextvars.copy_context()
                args = (_read, snapshot, call, results, index, errors)
                helpers.append(threading.Thread(target=context.run, args=args))
                helpers[-1].start()
            results[0] = calls[0]()
        finally:
            _local.snapshot = previous
            for helper in helpers:
                helper.join()
        if errors:
            raise errors[0]
        for index, result in enumerate(results):
            if result is _UNCONNECTED:
                results[index] = calls[index]()
    return results


def _may_fan_out() -> bool:
    if connection.vendor != "postgresql":
        return False
    return not connection.in_atomic_block or getattr(_local, "snapshot", None) is not None


def _export_snapshot() -> str:
    with connection.cursor() as cursor:
        # The first statement of the transaction: it fixes the snapshot every call will read.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        cursor.execute("SELECT pg_export_snapshot()")
        return cursor.fetchone()[0]


def _read(snapshot: str, call, results: list, index: int, errors: list) -> None:
    """In a helper thread: ``call`` on this thread's own connection, reading ``snapshot``."""
    _local.snapshot = snapshot
    try:
        try:
            connection.ensure_connection()
        except OperationalError:
            return  # left to the caller
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            results[index] = call()
    except Exception as error:  # raised again in the calling thread
        errors.append(error)
    finally:
        connection.close()  # the thread ends: its connection would otherwise stay open
