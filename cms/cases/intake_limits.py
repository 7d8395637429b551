"""How many online submissions a resident may make: per client address (raised for the office's known
addresses, ``KnownAddress``) and per phone, counting only submissions that were saved; and a looser cap
on attempts of any kind, so a flood of failing posts is still bounded.

Counted in the shared cache (``cms.core.ratelimit``); while it is down, per process (residents can still
submit). The public form (``cms/cases/public.py``) asks here: an attempt's three counters (its attempts, the
client's and the typed phone's saved submissions) are one round trip to Redis, and a saved submission's two
counts another.
"""

import ipaddress

from django.core.exceptions import ValidationError
from django.http import HttpResponse

from cms.cases import cached_tables
from cms.core import privacy, ratelimit
from cms.core.ratelimit import Limit

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


class Attempt:
    """One posted form: counted, and checked against the client's saved submissions and those of the
    phone typed in it, together (the phone's answer waits until the form is valid; a phone that does
    not validate is not looked up)."""

    def __init__(self, request, typed_phone: str):
        self.request = request
        limit = client_limit(request)
        limits = [
            Limit("intake-attempt", limit * ATTEMPTS_PER_SUBMISSION),
            Limit("intake", limit, counting=False),
        ]
        try:
            self.phone = privacy.validate_phone(typed_phone.strip())
        except ValidationError:
            self.phone = None
        else:
            subject = ratelimit.private_subject(self.phone)
            limits.append(
                Limit("intake-phone", SUBMISSIONS_PER_PHONE_PER_HOUR, subject, counting=False)
            )
        self.over = ratelimit.over_limits(request, limits, WINDOW)

    def refusal(self) -> HttpResponse | None:
        """The refusal page when the client's attempts or saved submissions are used up, else None."""
        return ratelimit.too_many(self.request) if any(self.over[:2]) else None

    def phone_exhausted(self, phone: str) -> bool:
        """Whether ``phone`` (the form's cleaned one) has used up its saved submissions."""
        if phone == self.phone:
            return self.over[2]
        return phone_exhausted(self.request, phone)


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
    counted = [("intake", "")]
    if phone:
        counted.append(("intake-phone", ratelimit.private_subject(phone)))
    ratelimit.count_many(request, counted, WINDOW)
