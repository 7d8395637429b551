"""Admin views of the registers beyond modeladmin's own: a member's actions (verify, withdraw, record an
engagement, a talent service or a care service), a talent service's steps, a booking's attendance, and the
register export. Each finds its object among the user's studios' (``cms.core.access``) before anything else.
Registered by the admins in ``wagtail_hooks.py``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.cases.access import visible_cases
from cms.core.access import MANAGE_REGISTERS, can, studio_ids_for
from cms.core.admin import admin_url
from cms.exports import services as export_jobs
from cms.registers import forms, services
from cms.registers.models import Booking, Member, Register, TalentService


def members_of(user):
    return Member.objects.filter(studio_id__in=studio_ids_for(user, MANAGE_REGISTERS))


def _member(request, pk: int) -> Member:
    return get_object_or_404(members_of(request.user).select_related("register"), pk=pk)


def _back(member: Member) -> HttpResponseRedirect:
    return HttpResponseRedirect(admin_url(member, "inspect"))


def _refused(request, refusal: ValidationError) -> None:
    messages.error(request, " ".join(refusal.messages))


@require_POST
def verify(request, pk: int):
    member = _member(request, pk)
    try:
        member, code = services.verify(member, request.user)
    except ValidationError as refusal:
        _refused(request, refusal)
        return _back(member)
    message = _("已核实。")
    if code:
        message += _("观察员码 %(code)s 只显示这一次，请告知本人，用于提交社区观察员报告。") % {
            "code": code
        }
    messages.success(request, message)
    return _back(member)


@require_POST
def withdraw(request, pk: int):
    member = _member(request, pk)
    form = forms.ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise services.RegisterRuleError(_("请填写撤回原因（如：本人电话申请撤回）。"))
        services.withdraw(member, request.user, reason=form.cleaned_data["reason"])
    except ValidationError as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("已撤回登记，个人信息（包括历史记录）已删除。"))
    return _back(member)


@require_POST
def engagement(request, pk: int):
    member = _member(request, pk)
    form = forms.EngagementForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        data = form.cleaned_data
        case = None
        if data["case_reference"]:
            case = visible_cases(request.user).filter(reference=data["case_reference"]).first()
            if case is None:
                raise services.RegisterRuleError(_("没有找到您可查看的这个诉求编号。"))
        services.record_engagement(
            request.user,
            member,
            kind=data["kind"],
            happened_on=data["happened_on"],
            summary=data["summary"],
            case=case,
        )
    except ValidationError as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("已登记参与记录。"))
    return _back(member)


@require_POST
def talent_service(request, pk: int):
    member = _member(request, pk)
    form = forms.TalentServiceForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        service = services.open_talent_service(request.user, member, **form.cleaned_data)
    except ValidationError as refusal:
        _refused(request, refusal)
        return _back(member)
    messages.success(request, _("已受理，答复时限 %(due)s。") % {"due": service_due(service)})
    return HttpResponseRedirect(admin_url(service, "inspect"))


@require_POST
def care(request, pk: int):
    member = _member(request, pk)
    form = forms.CareForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.record_care(request.user, member, **form.cleaned_data)
    except ValidationError as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("已登记关怀服务。"))
    return _back(member)


def service_due(service: TalentService) -> str:
    return f"{timezone.localtime(service.due_at):%Y-%m-%d %H:%M}"


@require_POST
def service_step(request, pk: int, step: str):
    services_seen = TalentService.objects.filter(
        studio_id__in=studio_ids_for(request.user, MANAGE_REGISTERS)
    )
    service = get_object_or_404(services_seen, pk=pk)
    try:
        if step == "handle":
            services.handle_talent_service(service, request.user)
        elif step == "answer":
            form = forms.AnswerForm(request.POST)
            answer = form.cleaned_data["answer"] if form.is_valid() else ""
            services.answer_talent_service(service, request.user, answer=answer)
        else:
            raise PermissionDenied
    except ValidationError as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("已保存。"))
    return HttpResponseRedirect(admin_url(service, "inspect"))


def attendance(request, pk: int):
    """GET: the booking to settle; POST: attended or a no-show, by the station's studio only."""
    booking = get_object_or_404(Booking.objects.select_related("station_day"), pk=pk)
    if not can(request.user, MANAGE_REGISTERS, services.station_studio_id()):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.record_attendance(
                booking, request.user, attended=request.POST.get("attended") == "1"
            )
        except ValidationError as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("已登记到场情况。"))
        return HttpResponseRedirect(admin_url(Booking))
    return TemplateResponse(request, "registers/attendance.html", {"booking": booking})


def export(request, kind: str):
    """The register as XLSX, built by a task (``cms.exports``): names, phones and ID numbers whole only
    for the owning studio's staff; every download is logged."""
    register = get_object_or_404(Register, kind=kind)
    if not can(request.user, MANAGE_REGISTERS, register.studio_id):
        raise PermissionDenied
    title = _("名册导出：%(title)s") % {"title": register.title}
    job = export_jobs.start(request.user, "register", title, {"kind": kind})
    return HttpResponseRedirect(reverse("exports_job", args=(job.pk,)))
