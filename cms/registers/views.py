"""Admin views of the registers beyond modeladmin's own: a member's actions (verify, withdraw, record an
engagement, a talent service or a care service), a talent service's steps, a booking's attendance, the
member and notice edit pages, the register export and the ledger import. Each finds its object among the user's studios' (``cms.core.access``) before anything else.
Registered by the admins in ``wagtail_hooks.py``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.cases.access import visible_cases
from cms.core import audit
from cms.core.access import MANAGE_REGISTERS, SEE_PERSONAL_DATA, can, studio_ids_for
from cms.core.admin import admin_url
from cms.core.import_views import SpreadsheetImportView
from cms.exports import services as export_jobs
from cms.registers import forms, imports, services
from cms.registers.models import Booking, Member, MemberState, Register, TalentService
from cms.registers.models.members import PROFILES


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


def member_edit(request, pk: int):
    """Staff of the owning studio correct a member (the form shows the details whole, so only those who may
    see them whole edit, and each opening is logged); a withdrawn member stays anonymised."""
    member = _member(request, pk)
    if not can(request.user, SEE_PERSONAL_DATA, member.studio_id):
        raise PermissionDenied
    if member.state == MemberState.WITHDRAWN:
        messages.error(request, _("已撤回的登记人员不能修改。"))
        return _back(member)
    profile = PROFILES[member.register.kind].objects.filter(member=member).first()
    initial = {name: getattr(member, name) for name in services.MEMBER_EDITABLE}
    if profile is not None:
        initial.update({f.name: getattr(profile, f.name) for f in profile._meta.concrete_fields})
    form = forms.MemberEditForm(request.POST or None, initial=initial, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.edit_member(
                member,
                request.user,
                reason=_("修改：%(reason)s") % {"reason": form.cleaned_data["reason"]},
                profile=form.profile(),
                **form.member_fields(),
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request,
                _("已保存：%(fields)s。") % {"fields": "、".join(changed)}
                if changed
                else _("没有变化。"),
            )
            return _back(member)
    audit.record(request, audit.Action.VIEW, _("登记人员 #%(pk)s（修改）") % {"pk": member.pk})
    title = _("修改登记人员")
    return TemplateResponse(
        request,
        "registers/edit.html",
        {"form": form, "title": title, "back": admin_url(member, "inspect")},
    )


def notice_edit(request, kind: str):
    """The register's notice, by its studio's staff or the committee office; a change is a new version."""
    register = get_object_or_404(Register, kind=kind)
    if not can(request.user, MANAGE_REGISTERS, register.studio_id):
        raise PermissionDenied
    form = forms.NoticeForm(request.POST or None, instance=Register.objects.get(pk=register.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = services.edit_notice(register, request.user, **fields)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request, _("告知书已保存（第 %(v)s 版）。") % {"v": saved.notice_version}
            )
            return HttpResponseRedirect(reverse("registers_member_modeladmin_index"))
    title = _("修改告知书：%(title)s") % {"title": register.title}
    back = reverse("registers_member_modeladmin_index")
    return TemplateResponse(
        request, "registers/edit.html", {"form": form, "title": title, "back": back}
    )


class MemberImportView(SpreadsheetImportView):
    """A register's ledger imported from XLSX (``cms/registers/imports.py``), by the owning studio's staff
    or the committee office only."""

    folder = "register-imports"
    template_url_name = "registers_import_template"
    success_url_name = "registers_member_modeladmin_index"
    label_header = gettext_lazy("登记人员（遮挡）")

    def dispatch(self, request, *args, **kwargs):
        self.register = get_object_or_404(Register, kind=kwargs["kind"])
        return super().dispatch(request, *args, **kwargs)

    @property
    def title(self) -> str:
        return _("导入名册：%(title)s") % {"title": self.register.title}

    @property
    def intro(self) -> str:
        return _(
            "按模板填写“登记人员”工作表。按手机号码匹配本名册的在册人员：新号码登记为待核实人员，已有人员有变化时更新并记入历史；"
            "同一文件重复导入不会产生变化。“已同意登记告知”须为“是”。任何一行有错误时，整个文件都不会导入。"
        )

    def allowed(self, user) -> bool:
        return can(user, MANAGE_REGISTERS, self.register.studio_id)

    def apply(self, content: bytes, user, *, dry_run: bool):
        return imports.import_members(content, user, self.register, dry_run=dry_run)

    def template_workbook(self) -> bytes:
        return imports.template(self.register)

    @property
    def template_filename(self) -> str:
        return f"register-{self.register.kind}-template.xlsx"
