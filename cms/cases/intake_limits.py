"""How many online submissions a resident may make: per client address (raised for the office's known
addresses, ``KnownAddress``) and per phone, counting only submissions that were saved; and a looser cap
on attempts of any kind, so a flood of failing posts is still bounded.

Counted in the shared cache (``cms.core.ratelimit``); while it is down, per process (residents can still
submit). The public form (``cms/cases/public.py``) asks here: an attempt's counters (its attempts, the
client's submissions and, when the typed phone is valid, the phone's) are one round trip to Redis when it
starts, and an attempt that ends without saving (refused, invalid, failed) gives back its submissions in
another.
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
    """One posted form, counted when it starts: an attempt, and a submission of the client's and of the
    phone typed in it, as if it will be saved. Counting first means submissions sent at once cannot
    together pass a limit; ``end`` gives back the submissions the attempt did not use (refused, invalid,
    not saved), so only saved ones use up the allowance. A phone that does not validate is not counted."""

    def __init__(self, request, typed_phone: str):
        self.request = request
        limit = client_limit(request)
        self.submissions = [Limit("intake", limit)]
        try:
            self.phone = privacy.validate_phone(typed_phone.strip())
        except ValidationError:
            self.phone = None
        else:
            subject = ratelimit.private_subject(self.phone)
            self.submissions.append(Limit("intake-phone", SUBMISSIONS_PER_PHONE_PER_HOUR, subject))
        attempts = Limit("intake-attempt", limit * ATTEMPTS_PER_SUBMISSION)
        self.counted = ratelimit.over_limits(request, [attempts, *self.submissions], WINDOW)
        self.unused = list(self.submissions)

    def refusal(self) -> HttpResponse | None:
        """The refusal page when the client's attempts or submissions (saved, or being saved now) are
        used up, else None."""
        return ratelimit.too_many(self.request) if any(self.counted.over[:2]) else None

    def phone_exhausted(self) -> bool:
        """Whether the phone has used up its saved submissions (the form's cleaned phone is the one
        validated here: the same check of the same text)."""
        return self.phone is not None and self.counted.over[2]

    def saved(self, *, counts_phone: bool = True) -> None:
        """The submission was saved (or a bot was answered as if it were, which uses up the client's
        allowance but no phone's): what it counted stays counted."""
        self.unused = [] if counts_phone else self.submissions[1:]

    def end(self) -> None:
        """Gives back what the attempt counted and did not use, in one round trip (none when saved)."""
        if self.unused:
            ratelimit.give_back(self.request, self.counted, self.unused)
