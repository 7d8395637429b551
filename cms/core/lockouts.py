"""Login lockouts (django-axes, database handler: one lockout holds on every app server).

Five failed logins lock the account name for everyone and the client address for every account name for
15 minutes (``AXES_*`` in the settings). Superusers see the current lockouts in the admin
(设置 → 登录锁定) and lift one; each lifting is logged with who did it.
"""

import logging
from dataclasses import dataclass

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Lockout:
    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    last_attempt: object


def current() -> list[Lockout]:
    """Account names and client addresses locked now, most recent first."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    found = []
    for kind in ("username", "ip_address"):
        rows = (
            recent.exclude(**{f"{kind}__isnull": True})
            .values(kind)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        )
        found += [Lockout(kind, row[kind], row["failures"], row["last"]) for row in rows]
    return sorted(found, key=lambda lockout: lockout.last_attempt, reverse=True)


def lift(kind: str, value: str, by) -> int:
    """Lifts the lockout of an account name or a client address; returns the attempts forgotten."""
    if kind == "username":
        count = reset(username=value)
    elif kind == "ip_address":
        count = reset(ip=value)
    else:
        raise ValueError(f"unknown lockout kind {kind!r}")
    logger.warning("login lockout of %s %s lifted by %s", kind, value, by.get_username())
    return count
