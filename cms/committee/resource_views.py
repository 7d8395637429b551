"""Admin views of the resource bank: a resource's page (what it served) and recording a use; plus the
section a case page shows. Registered by ``cms/committee/wagtail_hooks.py``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin import messages

from cms.cases.access import visible_cases
from cms.committee import forms, services
from cms.committee.models import Resource
from cms.core import audit
from cms.core.access import HANDLE_CASES, studio_ids_for
from cms.core.admin import admin_url


def resource_page(request, pk: int):
    """A resource: its details (contact masked unless the viewer's studio owns it) and what it served.
    Cases of studios the viewer cannot open show their reference and studio only."""
    resource = get_object_or_404(Resource.objects.prefetch_related("studios", "tags"), pk=pk)
    owner = services.owns(request.user, resource)
    if owner and resource.contact_phone:
        audit.record(request, audit.Action.VIEW, _("资源 #%(pk)s 的联系人") % {"pk": resource.pk})
    visible = set(
        visible_cases(request.user)
        .filter(resource_uses__resource=resource)
        .values_list("pk", flat=True)
    )
    uses = resource.uses.select_related("case__studio", "activity__team", "recorded_by")
    context = {
        "resource": resource,
        "owner": owner,
        "uses": [(use, use.case_id in visible) for use in uses],
        "edit_url": admin_url(resource, "edit"),
    }
    return TemplateResponse(request, "committee/resource_inspect.html", context)


def record_use(request, pk: int):
    if not studio_ids_for(request.user, HANDLE_CASES):
        raise PermissionDenied
    resource = get_object_or_404(Resource, pk=pk)
    form = forms.ResourceUseForm(
        request.POST or None, user=request.user, initial={"used_on": timezone.localdate()}
    )
    back = admin_url(resource, "inspect")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_use(
                request.user,
                resource,
                note=data["note"],
                used_on=data["used_on"],
                case=data["reference"],
                activity=data["activity"],
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("已登记资源使用。"))
            return HttpResponseRedirect(back)
    context = {"resource": resource, "form": form, "cancel_url": back}
    return TemplateResponse(request, "committee/resource_use.html", context)


def case_resources_section(request, case) -> str:
    """The "resources used" block of a case page (``case_inspect_sections`` hook)."""
    uses = case.resource_uses.select_related("resource")
    return render_to_string(
        "committee/case_resources.html", {"uses": uses, "case": case}, request=request
    )
