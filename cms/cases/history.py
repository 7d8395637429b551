"""A case's revision history as a timeline, with its notes as their own entries.

Read by the inspect page (``wagtail_hooks.CaseInspectView``); the diffing is ``cms.core.history``.
"""

from cms.cases.models import Case
from cms.core import privacy
from cms.core.history import Entry, revisions

# What a reader who does not handle the case sees of the reporter in the history.
MASKS = {"reporter_phone": privacy.mask_phone, "reporter_name": privacy.mask_name}


def timeline(case: Case, *, reveal_personal_data: bool) -> list[Entry]:
    """Every revision of ``case`` and every note on it, oldest first; names and phones masked unless revealed."""
    records = case.history.select_related("history_user")
    entries = revisions(Case, records, masks=None if reveal_personal_data else MASKS)
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
