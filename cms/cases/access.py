"""Who may see and work on a case: the one place that answers it for querysets and objects.

The case admin's permission helper, its views and exports, the mediation files and the committee's forms and
resource views all ask here, so a case is visible by the same rule everywhere. Studio-level rights come from
``cms.core.access``.
"""

from django.db.models import Q, QuerySet

from cms.cases.models import Case, CoHandler
from cms.core.access import HANDLE_CASES, can, studio_ids_for

_CO_HANDLED_ATTRIBUTE = "_qiandeng_co_handled"


def visible_cases(user) -> QuerySet:
    """The cases ``user`` may see: their studios' and those their studios co-handle (all, unrouted ones
    included, for the committee office)."""
    if can(user, HANDLE_CASES, None):
        return Case.objects.all()
    ids = studio_ids_for(user, HANDLE_CASES)
    co_handled = co_handled_case_ids(user, ids)
    if not co_handled:
        return Case.objects.filter(studio_id__in=ids)
    return Case.objects.filter(Q(studio_id__in=ids) | Q(pk__in=co_handled))


def co_handled_case_ids(user, studio_ids) -> list[int]:
    """Cases the user's studios co-handle. Read once per user object, as plain ids: few cases are
    co-handled, and a literal list keeps the studio index usable (an OR with a subquery made a worker's list
    over 100,000 cases scan them all)."""
    if _CO_HANDLED_ATTRIBUTE not in user.__dict__:
        co_handlers = CoHandler.objects.filter(studio_id__in=studio_ids)
        user.__dict__[_CO_HANDLED_ATTRIBUTE] = list(co_handlers.values_list("case_id", flat=True))
    return user.__dict__[_CO_HANDLED_ATTRIBUTE]


def leads(user, case: Case) -> bool:
    """Whether ``user`` handles ``case`` for its own studio (co-handlers only work on their task)."""
    return can(user, HANDLE_CASES, case.studio_id)


def may_see(user, case: Case) -> bool:
    """The object check behind ``visible_cases``: the case's own studio, or a studio co-handling it."""
    if leads(user, case):
        return True
    ids = studio_ids_for(user, HANDLE_CASES)
    return bool(ids) and case.co_handlers.filter(studio_id__in=ids).exists()
