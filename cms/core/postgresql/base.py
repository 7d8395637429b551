"""Django's PostgreSQL backend with a health check that costs no round trip while the connection is fine.

With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before the first query of every request that reuses a
kept connection: one more round trip per request, each a chance to wait for the CPU on a busy host (the
online form's submission makes six others). A connection the server closed (a restart, an idle timeout,
``pg_terminate_backend``) has its socket readable: the server's goodbye, or the end of the stream. So an
idle connection whose socket has nothing to read is taken as healthy without asking; one with anything to
read gets Django's own ``SELECT 1``, which replaces it when it fails.
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and self.pool is None
            and _quiet(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()


def _quiet(connection) -> bool:
    """Open, idle between transactions, and nothing from the server waiting on the socket."""
    if connection.closed or connection.info.transaction_status != TransactionStatus.IDLE:
        return False
    poller = select.poll()  # not select.select: it fails on descriptors past 1023
    poller.register(connection.fileno(), select.POLLIN)
    return not poller.poll(0)
