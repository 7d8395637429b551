"""Admin views of volunteer service beyond modeladmin's own: enrolling sign-ups, drafting and verifying
records, issuing and printing certificates, the i志愿 export. Each checks ``cms.core.access`` first.
Registered by the admins in ``wagtail_hooks.py``."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.core import audit, privacy
from cms.core.access import MANAGE_VOLUNTEERS, studio_ids_for
from cms.core.admin import admin_url
from cms.exports import services as export_jobs
from cms.volunteers import exports, forms, services
from cms.volunteers.models import Certificate, ServiceActivity, ServiceRecord, SignUp


def _activities(user):
    return ServiceActivity.objects.filter(studio_id__in=studio_ids_for(user, MANAGE_VOLUNTEERS))


def _activity_url(activity: ServiceActivity) -> str:
    return admin_url(activity, "inspect")


@require_POST
def enrol(request, pk: int, signup_pk: int):
    activity = get_object_or_404(_activities(request.user), pk=pk)
    signup = get_object_or_404(SignUp, pk=signup_pk, page_id=activity.page_id)
    volunteer = services.enrol(request.user, signup)
    messages.success(request, _("%(name)s 已登记为志愿者。") % {"name": volunteer.name})
    return HttpResponseRedirect(_activity_url(activity))


@require_POST
def draft_records(request, pk: int):
    activity = get_object_or_404(_activities(request.user), pk=pk)
    made = services.draft_records(request.user, activity)
    messages.success(request, _("已生成 %(n)s 条待核实的服务记录。") % {"n": made})
    return HttpResponseRedirect(_activity_url(activity))


def verify_button(record: ServiceRecord) -> str:
    return format_html(
        '<a class="button button-small" href="{}">{}</a>',
        reverse("volunteers_verify", args=(record.pk,)),
        _("核实"),
    )


def verify(request, pk: int):
    """GET: the record to confirm; POST: verified, by the activity's organiser or team leader only."""
    records = ServiceRecord.objects.filter(activity__in=_activities(request.user))
    record = get_object_or_404(records.select_related("volunteer", "activity__team"), pk=pk)
    if not services.may_verify(request.user, record.activity):
        messages.error(request, _("只有活动组织者或服务队队长可以核实服务记录。"))
        return HttpResponseRedirect(admin_url(ServiceRecord))
    if request.method == "POST":
        try:
            services.verify(request.user, record)
        except services.VolunteerRuleError as refusal:
            messages.error(request, refusal.messages[0])
        else:
            messages.success(request, _("已核实：%(record)s") % {"record": record})
        return HttpResponseRedirect(admin_url(ServiceRecord))
    return TemplateResponse(request, "volunteers/verify.html", {"record": record})


def export(request):
    """Verified records of a period, as the XLSX the i志愿 batch upload takes: built by a task
    (``cms.exports``); the user follows its progress and downloads it there."""
    ids = studio_ids_for(request.user, MANAGE_VOLUNTEERS)
    if not ids:
        raise PermissionDenied
    form = forms.PeriodForm(request.GET or None)
    if not form.is_valid():
        return TemplateResponse(request, "volunteers/export.html", {"form": form})
    start, end = (form.cleaned_data[k].isoformat() for k in ("start", "end"))
    job = export_jobs.start(
        request.user, "izhiyuan", exports.subject(start, end), {"start": start, "end": end}
    )
    return HttpResponseRedirect(reverse("exports_job", args=(job.pk,)))


def issue_certificate(request):
    form = forms.CertificateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.issue_certificate(request.user, **form.cleaned_data)
        except services.VolunteerRuleError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("已出具证明 %(number)s。") % {"number": certificate.number})
            return HttpResponseRedirect(admin_url(certificate, "inspect"))
    return TemplateResponse(request, "volunteers/issue_certificate.html", {"form": form})


def certificate_print(request, pk: int):
    """志愿服务证明 on A4, with the volunteer's ID number masked as the certificate carries it."""
    certificates = Certificate.objects.filter(
        studio_id__in=studio_ids_for(request.user, MANAGE_VOLUNTEERS)
    )
    certificate = get_object_or_404(
        certificates.select_related("volunteer", "team", "studio", "handler"), pk=pk
    )
    audit.record(request, audit.Action.PRINT, _("志愿服务证明 %(n)s") % {"n": certificate.number})
    context = {
        "certificate": certificate,
        "masked_id": privacy.mask_id_number(certificate.volunteer.id_number),
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "volunteers/certificate_print.html", context)
