"""Possible duplicates of a case: another report of the same problem, to merge into the earlier one
(``services.merge_into``). Shown to staff on the case page, whatever way the case came in (public form,
staff, 12345 import, Open311 API), since it is computed when the page is read, not stored.

A candidate is at the same place (``same_place``: estate or community), in the same category, received within ``WINDOW_DAYS``
either side, not merged itself, and similar in text: the Jaccard index of the two cases' word sets (title
and description cut by jieba's search-engine cut, ``cms.core.search.words``, words of two characters or more)
is at least ``THRESHOLD``. Measured on sample pairs: two reports of the same leaking garage scored 0.35; a
leak and a noise complaint in the same estate scored 0.0 to 0.1. 0.25 errs towards suggesting: a person
decides, and a suggestion costs one look.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q

from cms.cases.models import Case, Kind, Status
from cms.core.search import words

WINDOW_DAYS = 14
THRESHOLD = 0.25
MAX_CANDIDATES = 200
MAX_SHOWN = 5


@dataclass(frozen=True)
class Suggestion:
    case: Case
    score: float
    earlier: bool  # received before the case shown: the case can be merged into it


def tokens(case: Case) -> set[str]:
    return {w for w in words(f"{case.title} {case.description}") if len(w) >= 2}


def similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def same_place(case: Case) -> Q:
    """The same community, and the same estate when both cases name one (a report naming only the
    community may be about any of its estates); cases with no place in the list, the same location text."""
    if case.community_id is None:
        return Q(community=None, location_text=case.location_text)
    place = Q(community_id=case.community_id)
    if case.estate_id is not None:
        place &= Q(estate_id=case.estate_id) | Q(estate=None)
    return place


def suggestions(case: Case, among=None) -> list[Suggestion]:
    """Up to ``MAX_SHOWN`` likely duplicates of ``case`` among ``among`` (the viewer's visible cases), most
    similar first; one query."""
    if case.category_id is None or case.kind != Kind.ISSUE:
        return []
    window = timedelta(days=WINDOW_DAYS)
    candidates = (
        (among if among is not None else Case.objects.all())
        .filter(
            same_place(case),
            category_id=case.category_id,
            kind=Kind.ISSUE,
            received_at__gte=case.received_at - window,
            received_at__lte=case.received_at + window,
        )
        .exclude(pk=case.pk)
        .exclude(status=Status.MERGED)
        .only("pk", "reference", "title", "description", "status", "received_at")
        .order_by("-received_at")[:MAX_CANDIDATES]
    )
    mine = tokens(case)
    found = []
    for other in candidates:
        score = similarity(mine, tokens(other))
        if score >= THRESHOLD:
            found.append(Suggestion(other, round(score, 2), other.received_at < case.received_at))
    found.sort(key=lambda s: s.score, reverse=True)
    return found[:MAX_SHOWN]
