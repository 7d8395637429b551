"""Who may act on which studio: the one place that answers it.

Roles are Django groups. Two are site-wide (communications editors, committee office); each studio has three
of its own (editors, leads, case workers), linked from its ``Studio`` record. Admin permission helpers,
querysets, exports, workflow tasks and public views all ask here, so isolation is decided once.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

COMMUNICATIONS_EDITORS = "宣传编辑"
COMMITTEE_OFFICE = "委员会办公室"

EDIT_PAGES = "edit_pages"
APPROVE_PAGES = "approve_pages"
HANDLE_CASES = "handle_cases"
APPROVE_EXTENSIONS = "approve_extensions"
# A party's request that a mediator step aside is decided by the studio's leads (人民调解法 art. 20 practice).
DECIDE_RECUSALS = "decide_recusals"
# Volunteers, teams, activities and service records of a studio (team leaders are its case workers).
MANAGE_VOLUNTEERS = "manage_volunteers"
# The three rates and other figures of a studio: its leads; the committee office sees every studio's.
SEE_FIGURES = "see_figures"
# Reading residents' names and phones unmasked: the studio's own case workers and leads, who handle the
# case. The committee office oversees every studio and sees them masked (PIPL: only those who need them).
SEE_PERSONAL_DATA = "see_personal_data"
# A studio's registers of its own people (新乡贤, talents, new-employment groups) and the work recorded with
# them: its case workers and leads; the committee office oversees every studio's (names and phones masked).
MANAGE_REGISTERS = "manage_registers"
# Anyone working for a studio reads the places (communities, estates, grid cells) to locate their records;
# places belong to no studio, so ``may`` answers for them, not ``can``.
VIEW_PLACES = "view_places"
# Evaluation schemes and rounds of a studio (评估): its case workers score as inspectors, its leads too;
# the committee office oversees every studio's evaluations.
MANAGE_EVALUATIONS = "manage_evaluations"
# Estates' owners' committees, their members and party membership: studio 06 (红色业委会工作室) keeps them
# through its case workers and leads; the committee office sees them. Asked on studio 06 (cms/places/access.py).
MANAGE_OWNERS_COMMITTEES = "manage_owners_committees"
# The project ledger of a studio (studio 03's social-work service projects, studio 01's village and
# community matters): its case workers and leads; the committee office oversees every studio's.
MANAGE_PROJECTS = "manage_projects"
# Keeping the places (editing them, importing the street office's spreadsheet): the committee office only.
EDIT_PLACES = "edit_places"

# An action and the studio groups whose members may perform it on that studio.
_GROUPS_FOR_ACTION = {
    EDIT_PAGES: ("editors_group",),
    APPROVE_PAGES: ("leads_group",),
    HANDLE_CASES: ("case_workers_group", "leads_group"),
    APPROVE_EXTENSIONS: ("leads_group",),
    DECIDE_RECUSALS: ("leads_group",),
    MANAGE_VOLUNTEERS: ("case_workers_group", "leads_group"),
    SEE_FIGURES: ("leads_group",),
    SEE_PERSONAL_DATA: ("case_workers_group", "leads_group"),
    VIEW_PLACES: ("editors_group", "leads_group", "case_workers_group"),
    MANAGE_REGISTERS: ("case_workers_group", "leads_group"),
    MANAGE_EVALUATIONS: ("case_workers_group", "leads_group"),
    MANAGE_OWNERS_COMMITTEES: ("case_workers_group", "leads_group"),
    MANAGE_PROJECTS: ("case_workers_group", "leads_group"),
}
# Actions the committee office may perform on every studio (it sees across all of them).
_COMMITTEE_WIDE = {
    HANDLE_CASES,
    APPROVE_EXTENSIONS,
    DECIDE_RECUSALS,
    MANAGE_VOLUNTEERS,
    SEE_FIGURES,
    VIEW_PLACES,
    MANAGE_REGISTERS,
    MANAGE_EVALUATIONS,
    MANAGE_OWNERS_COMMITTEES,
    MANAGE_PROJECTS,
}
_CACHE_ATTRIBUTE = "_qiandeng_studio_ids"
_GROUPS_ATTRIBUTE = "_qiandeng_groups"
_STUDIO_GROUPS_ATTRIBUTE = "_qiandeng_studio_groups"


def in_group(user, name: str) -> bool:
    """Membership of a site-wide group; the user's groups are read once per user object."""
    if not user.is_active:
        return False
    return name in _groups(user).values()


def _groups(user) -> dict[int, str]:
    """The user's groups, {id: name}, read once per user object."""
    if _GROUPS_ATTRIBUTE not in user.__dict__:
        user.__dict__[_GROUPS_ATTRIBUTE] = dict(user.groups.values_list("pk", "name"))
    return user.__dict__[_GROUPS_ATTRIBUTE]


def is_committee_office(user) -> bool:
    return user.is_superuser or in_group(user, COMMITTEE_OFFICE)


def studio_ids_for(user, action: str) -> frozenset[int]:
    """Ids of the studios on which ``user`` may perform ``action``; remembered for the request's user.
    Its groups and the studios' role groups are read once per user object: a group changed later is seen
    by the next request (or a user read again), not by this one."""
    cache = user.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    if action not in cache:
        cache[action] = _studio_ids(user, action)
    return cache[action]


def studios_for(user, action: str) -> QuerySet:
    studio_model = apps.get_model("studios", "Studio")
    return studio_model.objects.filter(pk__in=studio_ids_for(user, action))


def can(user, action: str, studio_id: int | None) -> bool:
    """``studio_id`` None: a record not yet routed to a studio, which only the committee office handles."""
    if studio_id is None:
        return action in _COMMITTEE_WIDE and is_committee_office(user)
    return studio_id in studio_ids_for(user, action)


def may(user, action: str) -> bool:
    """Site-wide actions, on records that belong to no one studio."""
    if action == EDIT_PLACES:
        return user.is_active and is_committee_office(user)
    if action == VIEW_PLACES:
        return bool(studio_ids_for(user, VIEW_PLACES))
    raise ValueError(f"{action} is decided per studio: ask can()")


def members(action: str, studio_ids) -> QuerySet:
    """Active users who may perform ``action`` on any of ``studio_ids`` through that studio's groups."""
    studios = apps.get_model("studios", "Studio").objects.filter(pk__in=studio_ids)
    groups = Q()
    for group_field in _GROUPS_FOR_ACTION[action]:
        groups |= Q(groups__in=studios.values(group_field))
    return get_user_model().objects.filter(groups, is_active=True).distinct().order_by("username")


def _studio_ids(user, action: str) -> frozenset[int]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    studios = _studio_groups(user)
    if user.is_superuser or (action in _COMMITTEE_WIDE and in_group(user, COMMITTEE_OFFICE)):
        return frozenset(studios)
    mine = _groups(user)
    return frozenset(
        pk
        for pk, groups in studios.items()
        if any(groups[field] in mine for field in _GROUPS_FOR_ACTION[action])
    )


def _studio_groups(user) -> dict[int, dict[str, int | None]]:
    """Every studio's role groups, {studio id: {group field: group id}}: a handful of rows, read once per
    user object, so a request asking about many actions (the admin menu asks about each) makes one query."""
    if _STUDIO_GROUPS_ATTRIBUTE not in user.__dict__:
        fields = sorted({field for fields in _GROUPS_FOR_ACTION.values() for field in fields})
        studio_model = apps.get_model("studios", "Studio")
        rows = studio_model.objects.values_list("pk", *(f"{field}_id" for field in fields))
        user.__dict__[_STUDIO_GROUPS_ATTRIBUTE] = {
            pk: dict(zip(fields, group_ids, strict=True)) for pk, *group_ids in rows
        }
    return user.__dict__[_STUDIO_GROUPS_ATTRIBUTE]
