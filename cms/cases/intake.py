"""Many new cases at once (a day's 12345 work orders, a ledger's spreadsheet): the very cases
``services.create_case`` registers, built by ``services.new_case``, inserted in batches.

One case at a time costs six statements (the reference's savepoint, the row, its history row, ...), which at
10,000 work orders took minutes. Here references are drawn in advance (those already taken are drawn again
with one query per batch), each batch's cases and their history rows are two multi-row INSERTs
(django-simple-history's ``bulk_create_with_history``, recording the user and the reason as ``history.save``
would), and the deadlines are computed once per (day, category, priority) by the caller's ``due_memo``.
The references' unique constraint still decides: a batch that meets a reference drawn meanwhile by another
intake is rolled back to its savepoint and drawn again. The caller holds the transaction (one per file).
"""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from cms.cases.models import Case
from cms.cases.services import draw_reference

BATCH = 500
_ATTEMPTS = 10


def insert_cases(cases: Sequence[Case], user, reason: str, *, batch_size: int = BATCH) -> None:
    """Saves ``cases`` (unsaved, from ``services.new_case``) with fresh references and one history row
    each; their primary keys are set on return."""
    for start in range(0, len(cases), batch_size):
        batch = list(cases[start : start + batch_size])
        for _attempt in range(_ATTEMPTS):
            _draw_references(batch)
            try:
                with transaction.atomic():
                    bulk_create_with_history(
                        batch,
                        Case,
                        batch_size=batch_size,
                        default_user=user,
                        default_change_reason=reason,
                    )
                break
            except IntegrityError:
                for case in batch:  # drawn again, inserted again
                    case.pk = None
                    case._state.adding = True
        else:
            raise RuntimeError(f"no free case references after {_ATTEMPTS} attempts")


def _draw_references(batch: list[Case]) -> None:
    used: set[str] = set()  # drawn for this batch, or found taken
    pending = batch
    while pending:
        for case in pending:
            case.reference = _fresh(case, used)
        references = [c.reference for c in pending]
        taken = set(
            Case.objects.filter(reference__in=references).values_list("reference", flat=True)
        )
        pending = [c for c in pending if c.reference in taken]


def _fresh(case: Case, used: set[str]) -> str:
    while True:
        reference = draw_reference(case)
        if reference not in used:
            used.add(reference)
            return reference
