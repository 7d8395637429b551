"""Admin views of mediation files: intake, the file page, one view for every part or step, recusal decisions
and the print pages. Each finds the file through ``visible_files``, so the cases' isolation holds here too.
Registered by ``MediationFileAdmin`` (wagtail_hooks.py)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.cases.access import visible_cases
from cms.core import audit, masked_forms
from cms.core.access import DECIDE_RECUSALS, HANDLE_CASES, SEE_PERSONAL_DATA, can
from cms.core.admin import admin_url
from cms.mediation import forms, history, services
from cms.mediation.models import (
    Appointment,
    FollowUp,
    MediationCommittee,
    MediationFile,
    Outcome,
    Party,
    Session,
    Source,
)


def visible_files(user) -> QuerySet:
    return MediationFile.objects.filter(case__in=visible_cases(user)).select_related(
        "case", "case__studio", "case__community", "case__estate", "committee"
    )


def file_url(file: MediationFile) -> str:
    return admin_url(file, "inspect")


def register(request):
    """登记: the dispute and its first applicant and respondent, on one page. ``?case=<id>``: a resident's
    issue asking for mediation, whose reference the file continues (the form starts from it)."""
    data = request.POST if request.method == "POST" else None
    initial = {"registered_on": timezone.localdate()}
    applicant_initial = {"side": Party.Side.APPLICANT}
    if case_id := request.GET.get("case", "").strip():
        case = get_object_or_404(
            visible_cases(request.user), pk=int(case_id) if case_id.isdigit() else 0
        )
        initial.update(
            reference=case.reference,
            studio=case.studio_id,
            title=case.title,
            description=case.description,
            estate=case.estate_id,
            location_text=case.location_text,
            assignee=case.assignee_id,
            source=Source.PARTY_APPLICATION,
        )
        if can(request.user, SEE_PERSONAL_DATA, case.studio_id):
            applicant_initial.update(name=case.reporter_name, phone=case.reporter_phone)
    form = forms.RegisterForm(data, user=request.user, initial=initial)
    applicant = forms.PartyForm(
        data, prefix="applicant", phone_required=True, initial=applicant_initial
    )
    respondent = forms.PartyForm(data, prefix="respondent", initial={"side": Party.Side.RESPONDENT})
    for party_form in (applicant, respondent):
        party_form.fields["side"].disabled = True
    if data is not None and all(f.is_valid() for f in (form, applicant, respondent)):
        file, code = services.register(
            request.user,
            applicant=applicant.save(commit=False),
            respondent=respondent.save(commit=False),
            **form.cleaned_data,
        )
        if code:
            message = _("已登记 %(reference)s。查询码 %(code)s 只显示这一次，请告知申请人。") % {
                "reference": file.case.reference,
                "code": code,
            }
        else:
            message = _(
                "已开启调解卷宗，沿用诉求编号 %(reference)s；申请人继续用原查询码查询。"
            ) % {"reference": file.case.reference}
        messages.success(request, message)
        return HttpResponseRedirect(file_url(file))
    context = {
        "form": form,
        "party_forms": [(_("申请人"), applicant), (_("被申请人"), respondent)],
        "cancel_url": admin_url(MediationFile),
    }
    return TemplateResponse(request, "mediation/register.html", context)


def file_page(request, pk: int):
    """The whole file: register, parties, mediators, notice, sessions, outcome, follow-ups, checklist,
    history; with a button for every step the file can take now."""
    file = get_object_or_404(visible_files(request.user), pk=pk)
    personal = can(request.user, SEE_PERSONAL_DATA, file.case.studio_id)
    identity = file.mediated_by(request.user)
    if personal or identity:
        audit.record(
            request, audit.Action.VIEW, _("调解卷宗 %(ref)s") % {"ref": file.case.reference}
        )
    records = list(file.parties.all())
    parties = [p.shown(personal=personal, identity=identity) for p in records]
    gaps = [(p, p.missing_for_documents()) for p in records] if personal else []
    context = {
        "document_gaps": [
            f"{p.get_side_display()} {p.name}：{'、'.join(missing)}"
            for p, missing in gaps
            if missing
        ],
        "file": file,
        "case": file.case,
        "parties": parties,
        "appointments": file.appointments.select_related("mediator"),
        "sessions": file.sessions.all(),
        "follow_ups": file.follow_ups.select_related("recorded_by"),
        "timers": file.timers(),
        "checklist": services.archive_checklist(file),
        "steps": available_steps(file),
        "can_archive": services.can_take(file, "archive"),
        "personal": personal,
        "identity": identity,
        "can_decide_recusals": can(request.user, DECIDE_RECUSALS, file.case.studio_id),
        "timeline": history.timeline(file, personal=personal, identity=identity),
    }
    return TemplateResponse(request, "mediation/file.html", context)


@dataclass(frozen=True)
class Step:
    """One part or step of a file. ``item`` is the record it edits (a party, a session…) or None."""

    label: str
    form: Callable
    run: Callable
    available: Callable[[MediationFile], bool]
    item_model: type | None = None
    item_required: bool = (
        False  # a step on an existing record only (a recusal is asked of a mediator)
    )


def _open(file: MediationFile) -> bool:
    return not file.is_archived


def _step(name: str) -> Callable[[MediationFile], bool]:
    return lambda file: services.can_take(file, name)


STEPS: dict[str, Step] = {
    "party": Step(
        _l("登记当事人"),
        lambda file, item, data: forms.PartyForm(data, instance=item or Party(file=file)),
        lambda file, user, form, item: services.save_party(file, user, form.save(commit=False)),
        _open,
        Party,
    ),
    "mediator": Step(
        _l("指定调解员"),
        lambda file, item, data: forms.AppointmentForm(data),
        lambda file, user, form, item: services.appoint(file, user, **form.cleaned_data),
        _open,
    ),
    "recusal": Step(
        _l("申请回避"),
        lambda file, item, data: forms.RecusalForm(data),
        lambda file, user, form, item: services.request_recusal(item, user, **form.cleaned_data),
        _open,
        Appointment,
        item_required=True,
    ),
    "rights": Step(
        _l("告知权利义务"),
        lambda file, item, data: forms.RightsNoticeForm(
            data, initial={"notified_on": file.rights_notified_on or timezone.localdate()}
        ),
        lambda file, user, form, item: services.record_rights_notice(
            file, user, **form.cleaned_data
        ),
        _open,
    ),
    "schedule": Step(
        _l("安排调解"),
        lambda file, item, data: forms.ScheduleForm(
            data, initial={"place": file.next_session_place}
        ),
        lambda file, user, form, item: services.schedule_session(file, user, **form.cleaned_data),
        _step("session"),
    ),
    "session": Step(
        _l("记录调解"),
        lambda file, item, data: forms.SessionForm(data, instance=item or Session(file=file)),
        lambda file, user, form, item: services.save_session(file, user, form.save(commit=False)),
        _open,
        Session,
    ),
    "agreement": Step(
        _l("登记调解协议"),
        lambda file, item, data: forms.AgreementForm(
            data, initial={"concluded_on": timezone.localdate()}
        ),
        lambda file, user, form, item: services.record_agreement(file, user, **form.cleaned_data),
        _step("agreement"),
    ),
    "failure": Step(
        _l("登记调解不成"),
        lambda file, item, data: forms.FailureForm(
            data, initial={"concluded_on": timezone.localdate()}
        ),
        lambda file, user, form, item: services.record_failure(file, user, **form.cleaned_data),
        _step("failure"),
    ),
    "follow_up": Step(
        _l("回访"),
        lambda file, item, data: forms.FollowUpForm(data, instance=FollowUp(file=file)),
        lambda file, user, form, item: services.record_follow_up(
            file, user, form.save(commit=False)
        ),
        _step("follow_up"),
    ),
    "archive": Step(
        _l("归档"),
        lambda file, item, data: forms.ConfirmForm(data),
        lambda file, user, form, item: services.archive(file, user),
        _step("archive"),
    ),
}
# Buttons on the file page, in the order a mediation runs (parts are edited from their own rows).
_PAGE_STEPS = (
    "party",
    "mediator",
    "rights",
    "schedule",
    "session",
    "agreement",
    "failure",
    "follow_up",
)


def available_steps(file: MediationFile) -> list[tuple[str, Step]]:
    # Session records can still be corrected after the outcome, but no longer added.
    adding_sessions = services.can_take(file, "session")
    return [
        (name, STEPS[name])
        for name in _PAGE_STEPS
        if STEPS[name].available(file) and (name != "session" or adding_sessions)
    ]


def file_step(request, pk: int, step: str, item_pk: int | None = None):
    file = get_object_or_404(visible_files(request.user), pk=pk)
    spec = STEPS.get(step)
    if (
        spec is None
        or not spec.available(file)
        or (item_pk is not None and spec.item_model is None)
        or (item_pk is None and spec.item_required)
    ):
        messages.error(request, _("卷宗当前不能执行此操作。"))
        return HttpResponseRedirect(file_url(file))
    item = None
    if item_pk is not None:
        item = get_object_or_404(spec.item_model, pk=item_pk, file=file)
    form = spec.form(file, item, request.POST if request.method == "POST" else None)
    if isinstance(item, Party):
        masked_forms.guard(form, request, party_personal_data(request, file, item))
    if request.method == "POST" and form.is_valid():
        try:
            spec.run(file, request.user, form, item)
        except services.MediationRuleError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("%(action)s：已保存。") % {"action": spec.label})
            return HttpResponseRedirect(file_url(file))
    context = {"case": file.case, "action": spec, "form": form, "cancel_url": file_url(file)}
    if step == "archive":
        context["checklist"] = services.archive_checklist(file)
    return TemplateResponse(request, "mediation/step.html", context)


def party_personal_data(request, file: MediationFile, party: Party) -> masked_forms.PersonalData:
    """A party's form masks what the file page masks for this viewer: name, phone, address and agent
    outside the case's studio, the ID number for anyone but the file's own mediators."""
    every = Party.masks(personal=False, identity=False)
    masked = Party.masks(
        personal=can(request.user, SEE_PERSONAL_DATA, file.case.studio_id),
        identity=file.mediated_by(request.user),
    )
    return masked_forms.PersonalData.of(
        every,
        set(every) - set(masked),
        _("调解卷宗 %(ref)s 当事人 #%(pk)s") % {"ref": file.case.reference, "pk": party.pk},
    )


@require_POST
def decide_recusal(request, pk: int, appointment_pk: int, verdict: str):
    file = get_object_or_404(visible_files(request.user), pk=pk)
    appointment = get_object_or_404(Appointment, pk=appointment_pk, file=file)
    try:
        services.decide_recusal(appointment, request.user, grant=verdict == "grant")
    except services.MediationRuleError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, _("已对回避申请作出决定。"))
    return HttpResponseRedirect(file_url(file))


def print_agreement(request, pk: int):
    """调解协议书, on A4 for the parties' signatures."""
    file = get_object_or_404(
        visible_files(request.user).select_related("committee", "agreement_recorder"), pk=pk
    )
    if file.outcome != Outcome.AGREEMENT:
        messages.error(request, _("本卷宗尚未达成调解协议。"))
        return HttpResponseRedirect(file_url(file))
    context = _print_context(request, file)
    context["recorder"] = file.agreement_recorder or file.case.assignee
    context["copies"] = len(context["applicants"]) + len(context["respondents"]) + 1
    return TemplateResponse(request, "mediation/print_agreement.html", context)


def print_session(request, pk: int, session_pk: int):
    """调解笔录, on A4 for the attendees' signatures."""
    file = get_object_or_404(visible_files(request.user), pk=pk)
    context = _print_context(request, file)
    context["session"] = session = get_object_or_404(Session, pk=session_pk, file=file)
    context["recorder"] = session.recorder or file.case.assignee
    return TemplateResponse(request, "mediation/print_session.html", context)


def _print_context(request, file: MediationFile) -> dict:
    personal = can(request.user, SEE_PERSONAL_DATA, file.case.studio_id)
    identity = file.mediated_by(request.user)
    if personal or identity:
        audit.record(
            request, audit.Action.PRINT, _("调解卷宗 %(ref)s") % {"ref": file.case.reference}
        )
    parties = [p.shown(personal=personal, identity=identity) for p in file.parties.all()]
    return {
        "file": file,
        "case": file.case,
        "committee": file.committee or MediationCommittee.of(file.case.studio),
        "applicants": [p for p in parties if p.side == Party.Side.APPLICANT],
        "respondents": [p for p in parties if p.side == Party.Side.RESPONDENT],
        "mediators": [a for a in file.appointments.select_related("mediator") if a.is_active],
    }


def continue_as_mediation_section(request, case) -> str:
    """On a resident's issue filed under 纠纷调解: the button that opens its mediation file under the same
    reference (``case_inspect_sections`` hook, registered in wagtail_hooks.py)."""
    category = case.category
    if (
        category is None
        or category.name != services.MEDIATION_CATEGORY
        or not can(request.user, HANDLE_CASES, case.studio_id)
        or services.continuation_refusal(case, case.studio)
    ):
        return ""
    url = f"{admin_url(MediationFile, 'create')}?case={case.pk}"
    return render_to_string(
        "mediation/continue_case.html", {"case": case, "url": url}, request=request
    )
