"""Who may see and work on which projects: a studio's case workers and leads keep its ledger; the committee
office oversees every studio's (``cms.core.access``: MANAGE_PROJECTS). Referrals are seen from both sides:
from the case by those who may see the case (``cms.cases.access``), from the project by its studio's staff,
who see the resident's name and phone whole only with SEE_PERSONAL_DATA on the project's studio."""

from django.db.models import QuerySet

from cms.cases import access as case_access
from cms.core.access import MANAGE_PROJECTS, SEE_PERSONAL_DATA, can, studio_ids_for
from cms.projects.models import Project, Referral


def studio_ids(user) -> frozenset[int]:
    return studio_ids_for(user, MANAGE_PROJECTS)


def visible_projects(user) -> QuerySet:
    return Project.objects.filter(studio_id__in=studio_ids(user))


def may_manage(user, project: Project) -> bool:
    return can(user, MANAGE_PROJECTS, project.studio_id)


def may_see_resident(user, project: Project) -> bool:
    """The resident's name and phone on a referral: the project's own staff who may see personal data."""
    return can(user, SEE_PERSONAL_DATA, project.studio_id)


def may_refer(user, case) -> bool:
    """The case's own studio refers it (co-handlers work on their task only)."""
    return case.studio_id is not None and case_access.leads(user, case)


def referrals_seen_from_case(user, case) -> QuerySet:
    if not case_access.may_see(user, case):
        return Referral.objects.none()
    return case.project_referrals.select_related("project__studio", "referred_by", "answered_by")
