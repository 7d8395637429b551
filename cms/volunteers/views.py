"""Admin views of volunteer service beyond modeladmin's own: enrolling sign-ups, drafting and verifying
records, issuing and printing certificates, the i志愿 export, the ledger import. Each checks ``cms.core.access`` first.
Registered by the admins in ``wagtail_hooks.py``."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.core import audit, privacy
from cms.core.access import MANAGE_VOLUNTEERS, SEE_PERSONAL_DATA, studio_ids_for
from cms.core.admin import admin_url
from cms.core.import_views import SpreadsheetImportView
from cms.exports import services as export_jobs
from cms.volunteers import exports, forms, imports, services
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


class LedgerImportView(SpreadsheetImportView):
    """Volunteers and their service records from a studio's ledger (``cms/volunteers/imports.py``)."""

    title = gettext_lazy("导入志愿者和服务记录")
    intro = gettext_lazy(
        "按模板填写“志愿者”“服务记录”两个工作表（可只填其中一个）。志愿者按工作室和手机号码匹配，新志愿者登记、已有的有变化时更新并记入历史；"
        "服务记录按志愿者和起止时间匹配，新记录登记为待核实，由活动组织者核实。同一文件重复导入不会产生变化。"
        "任何一行有错误时，整个文件都不会导入。"
    )
    folder = "volunteer-imports"
    template_url_name = "volunteers_import_template"
    template_filename = "volunteers-template.xlsx"
    success_url_name = "volunteers_volunteer_modeladmin_index"
    label_header = gettext_lazy("志愿者（遮挡）")
    show_sheet = True

    def allowed(self, user) -> bool:
        return bool(studio_ids_for(user, MANAGE_VOLUNTEERS))

    def apply(self, content: bytes, user, *, dry_run: bool):
        return imports.import_ledger(content, user, dry_run=dry_run)

    def template_workbook(self) -> bytes:
        return imports.template()


# --- residents' sign-ups ----------------------------------------------------------------------

SIGN_UPS_PER_PAGE = 50


@dataclass
class SignUpGroup:
    """The sign-ups of one public activity page, with the service activities that link it."""

    page: object
    activities: list = field(default_factory=list)
    sign_ups: list = field(default_factory=list)


def sign_ups(request):
    """活动报名: every sign-up taken on the studios' public activity pages, one group per page, whether or
    not a service activity links the page (each sign-up once, however many activities link it). Names and
    phones are masked for those who do not handle the studio. Registered as ``SignUpAdmin``'s index."""
    studio_ids = studio_ids_for(request.user, MANAGE_VOLUNTEERS)
    rows = SignUp.objects.filter(studio_id__in=studio_ids).select_related("page", "volunteer")
    if (page_id := request.GET.get("page_id", "")).isdigit():
        rows = rows.filter(page_id=int(page_id))
    rows = rows.order_by("-page__start_at", "page_id", "created_at", "pk")
    listed = Paginator(rows, SIGN_UPS_PER_PAGE).get_page(request.GET.get("p"))
    personal = studio_ids_for(request.user, SEE_PERSONAL_DATA)
    groups: dict[int, SignUpGroup] = {}
    for sign_up in listed:
        if sign_up.studio_id not in personal:
            sign_up.name = privacy.mask_name(sign_up.name)
            sign_up.phone = privacy.mask_phone(sign_up.phone)
        groups.setdefault(sign_up.page_id, SignUpGroup(sign_up.page)).sign_ups.append(sign_up)
    linked = ServiceActivity.objects.filter(page_id__in=groups).order_by("starts_at", "pk")
    for activity in linked:
        groups[activity.page_id].activities.append(activity)
    if any(s.studio_id in personal for s in listed):
        audit.record(request, audit.Action.VIEW, _("活动报名名单"))
    context = {
        "groups": list(groups.values()),
        "listed": listed,
        "page_id": page_id if page_id.isdigit() else "",
        "add_activity_url": admin_url(ServiceActivity, "create"),
    }
    return TemplateResponse(request, "volunteers/sign_ups.html", context)


@require_POST
def enrol_sign_up(request, signup_pk: int):
    """Enrols a sign-up from the sign-ups list (a page no service activity links included)."""
    signup = get_object_or_404(
        SignUp.objects.filter(studio_id__in=studio_ids_for(request.user, MANAGE_VOLUNTEERS)),
        pk=signup_pk,
    )
    volunteer = services.enrol(request.user, signup)
    messages.success(request, _("%(name)s 已登记为志愿者。") % {"name": volunteer.name})
    return HttpResponseRedirect(f"{admin_url(SignUp)}?page_id={signup.page_id}")
