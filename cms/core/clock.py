"""The time that services record: the wall clock, except while past events are replayed.

Demo content and imports of past ledgers replay a record's life at the times it happened
(``with clock.at(received): services.assign(...)``), so deadlines, the three rates and the revision history
read as they would have. A context variable: a replay in one request or thread never leaks into another.
"""

import contextlib
import contextvars
import datetime

from django.utils import timezone

_replayed: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar(
    "qiandeng_replayed_time", default=None
)


def now() -> datetime.datetime:
    return _replayed.get() or timezone.now()


def replaying() -> bool:
    return _replayed.get() is not None


@contextlib.contextmanager
def at(moment: datetime.datetime):
    """Services called inside record ``moment`` as the time they act (and their history rows' date)."""
    token = _replayed.set(moment)
    try:
        yield
    finally:
        _replayed.reset(token)
