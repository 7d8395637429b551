"""Changes to the resource bank that carry rules: who may see a resource's contact, who may record that a
resource served a case or an activity. Plain edits of a resource go through the admin's form (its model
``clean`` holds the rules) and the history middleware records them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from cms.cases.models import Case
from cms.committee.models import Resource, ResourceUse
from cms.core import history
from cms.core.access import (
    HANDLE_CASES,
    MANAGE_VOLUNTEERS,
    can,
    is_committee_office,
    studio_ids_for,
)
from cms.volunteers.models import ServiceActivity


def owns(user, resource: Resource) -> bool:
    """The committee office, and staff of a studio the resource belongs to: they keep it and see its
    contact. Other studios draw on the pooled bank and see the contact masked."""
    if is_committee_office(user):
        return True
    owners = {studio.pk for studio in resource.studios.all()}
    return bool(owners & studio_ids_for(user, HANDLE_CASES))


def record_use(
    user,
    resource: Resource,
    *,
    note: str,
    used_on,
    case: Case | None = None,
    activity: ServiceActivity | None = None,
) -> ResourceUse:
    """Records that ``resource`` served a case (its studio's staff) or an activity (its organisers)."""
    if (case is None) == (activity is None):
        raise ValidationError(_("请选择一件诉求或一项服务活动（二选一）。"))
    if case is not None and not can(user, HANDLE_CASES, case.studio_id):
        raise PermissionDenied
    if activity is not None and not can(user, MANAGE_VOLUNTEERS, activity.studio_id):
        raise PermissionDenied
    use = ResourceUse(
        resource=resource,
        case=case,
        activity=activity,
        note=note.strip(),
        used_on=used_on,
        recorded_by=user,
    )
    history.save(use, user, _("登记资源使用"))
    return use
