"""How many online submissions a resident may make: per client address (raised for the office's known
addresses, ``KnownAddress``) and per phone, counting only submissions that were saved; and a looser cap
on attempts of any kind, so a flood of failing posts is still bounded.

Counted in the shared cache (``cms.core.ratelimit``); while it is down, per process (residents can still
submit). The public form (``cms/cases/public.py``) asks here.
"""

import ipaddress

from cms.cases import cached_tables
from cms.core import ratelimit

SUBMISSIONS_PER_HOUR = 10
SUBMISSIONS_PER_PHONE_PER_HOUR = 5
ATTEMPTS_PER_SUBMISSION = 6  # attempts (failed or not) allowed per allowed submission
WINDOW = 3600
WHEN_DOWN = ratelimit.WhenDown.PER_PROCESS


def client_limit(request) -> int:
    """Submissions per hour for this request's client: the usual limit, or a known address's (the
    highest that matches)."""
    try:
        address = ipaddress.ip_address(ratelimit.client_id(request))
    except ValueError:
        return SUBMISSIONS_PER_HOUR
    limits = [
        limit
        for network, limit in cached_tables.known_addresses()
        if address in ipaddress.ip_network(network, strict=False)
    ]
    return max([SUBMISSIONS_PER_HOUR, *limits])


def refused_attempt(request, limit: int):
    """Counts the attempt and checks the client's saved submissions; the refusal page or None."""
    return ratelimit.refused(
        request, "intake-attempt", limit * ATTEMPTS_PER_SUBMISSION, WINDOW, when_down=WHEN_DOWN
    ) or ratelimit.refused(request, "intake", limit, WINDOW, when_down=WHEN_DOWN, counting=False)


def phone_exhausted(request, phone: str) -> bool:
    return (
        ratelimit.refused(
            request,
            "intake-phone",
            SUBMISSIONS_PER_PHONE_PER_HOUR,
            WINDOW,
            when_down=WHEN_DOWN,
            subject=ratelimit.private_subject(phone),
            counting=False,
        )
        is not None
    )


def count_saved(request, phone: str | None) -> None:
    ratelimit.count(request, "intake", WINDOW)
    if phone:
        ratelimit.count(request, "intake-phone", WINDOW, subject=ratelimit.private_subject(phone))
