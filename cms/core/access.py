"""Who may act on which studio: the one place that answers it.

Roles are Django groups. Two are site-wide (communications editors, committee office); each studio has three
of its own (editors, leads, case workers), linked from its ``Studio`` record. Admin permission helpers,
querysets, workflow tasks and public views all ask here, so isolation is decided once.
"""

from django.apps import apps
from django.db.models import QuerySet

COMMUNICATIONS_EDITORS = "宣传编辑"
COMMITTEE_OFFICE = "委员会办公室"

# An action and the studio group whose members may perform it.
EDIT_PAGES = "edit_pages"
APPROVE_PAGES = "approve_pages"
_GROUP_FOR_ACTION = {EDIT_PAGES: "editors_group", APPROVE_PAGES: "leads_group"}


def in_group(user, name: str) -> bool:
    return user.is_active and user.groups.filter(name=name).exists()


def is_committee_office(user) -> bool:
    return user.is_superuser or in_group(user, COMMITTEE_OFFICE)


def studios_for(user, action: str) -> QuerySet:
    """The studios on which ``user`` may perform ``action`` through membership of that studio's group."""
    studio_model = apps.get_model("studios", "Studio")
    if not user.is_authenticated or not user.is_active:
        return studio_model.objects.none()
    if user.is_superuser:
        return studio_model.objects.all()
    return studio_model.objects.filter(**{f"{_GROUP_FOR_ACTION[action]}__user": user})
