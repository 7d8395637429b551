"""Who may see which evaluations: a studio's case workers (its inspectors) and leads see their studio's
schemes and rounds; the committee office sees every studio's (``cms.core.access``: MANAGE_EVALUATIONS).
The admin's permission helpers, querysets and the scoring and photo views all ask here."""

from django.db.models import QuerySet

from cms.core.access import MANAGE_EVALUATIONS, can, studio_ids_for
from cms.evaluations.models import Criterion, Round, Scheme, Subject


def studio_ids(user) -> frozenset[int]:
    return studio_ids_for(user, MANAGE_EVALUATIONS)


def visible_schemes(user) -> QuerySet:
    return Scheme.objects.filter(studio_id__in=studio_ids(user))


def visible_criteria(user) -> QuerySet:
    return Criterion.objects.filter(scheme__studio_id__in=studio_ids(user))


def visible_rounds(user) -> QuerySet:
    return Round.objects.filter(scheme__studio_id__in=studio_ids(user))


def visible_subjects(user) -> QuerySet:
    return Subject.objects.filter(round__scheme__studio_id__in=studio_ids(user))


def may_manage(user, studio_id: int) -> bool:
    return can(user, MANAGE_EVALUATIONS, studio_id)
