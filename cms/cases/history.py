"""A case's revision history as a timeline, with its notes as their own entries.

Read by the inspect page (``wagtail_hooks.CaseInspectView``); the diffing is ``cms.core.history``.
"""

import itertools
from dataclasses import dataclass
from datetime import datetime

from cms.cases.models import Case
from cms.core import privacy
from cms.core.history import Entry, revisions
from cms.studios.models import Studio

# What a reader who does not handle the case sees of the reporter in the history.
MASKS = {"reporter_phone": privacy.mask_phone, "reporter_name": privacy.mask_name}


def timeline(case: Case, *, reveal_personal_data: bool) -> list[Entry]:
    """Every revision of ``case`` and every note on it, oldest first; names and phones masked unless revealed."""
    entries = revisions(Case, _records(case), masks=None if reveal_personal_data else MASKS)
    for note in case.notes.select_related("author"):
        entries.append(
            Entry(
                when=note.created_at,
                user=note.author,
                kind=note.get_kind_display(),
                reason="",
                note=note,
            )
        )
    return sorted(entries, key=lambda e: e.when)


@dataclass
class Hop:
    when: datetime
    user: object
    source: str
    target: str
    reason: str


def hops(case: Case) -> list[Hop]:
    """Every change of studio (routing, re-routing after a return), oldest first, with who and why."""
    records = _records(case)
    names = dict(Studio.objects.values_list("pk", "name"))
    found = []
    for before, after in itertools.pairwise(records):
        if before.studio_id != after.studio_id:
            found.append(
                Hop(
                    when=after.history_date,
                    user=after.history_user,
                    source=names.get(before.studio_id, "—"),
                    target=names.get(after.studio_id, "—"),
                    reason=after.history_change_reason or "",
                )
            )
    return found


def _records(case: Case) -> list:
    # The timeline and the hops read the same rows: once per case object.
    if "_history_records" not in case.__dict__:
        rows = case.history.select_related("history_user").order_by("history_date", "history_id")
        case.__dict__["_history_records"] = list(rows)
    return case.__dict__["_history_records"]
