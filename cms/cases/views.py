"""Admin views of a case beyond modeladmin's own: one view for every action, extension decisions,
exports and attachment downloads. Each finds the case through ``visible_cases``, so isolation holds here too.
Registered by ``CaseAdmin.get_admin_urls_for_registration`` (wagtail_hooks.py)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.cases import duplicates, exports, forms, services
from cms.cases.access import leads, visible_cases
from cms.cases.models import Case, CaseAttachment, CaseCategory, CoHandler, ExtensionRequest
from cms.core import audit, spreadsheets
from cms.core.access import HANDLE_CASES, SEE_PERSONAL_DATA, is_committee_office, studio_ids_for
from cms.core.admin import admin_url
from cms.exports import services as export_jobs


def inspect_url(case: Case) -> str:
    return admin_url(Case, "inspect", case.pk)


@dataclass(frozen=True)
class CaseAction:
    """How the admin offers an action of ``services.allowed_actions``: its label, form and service."""

    label: str
    form: Callable
    run: Callable


def _merge_candidates(request, case):
    """The earlier likely duplicates the user may see (``duplicates.suggestions``)."""
    found = duplicates.suggestions(case, visible_cases(request.user))
    return Case.objects.filter(pk__in=[s.case.pk for s in found if s.earlier])


def _reroute_categories(request, case):
    categories = CaseCategory.objects.filter(active=True)
    if is_committee_office(request.user):
        return categories
    return categories.filter(studio_id=case.studio_id)


ACTIONS: dict[str, CaseAction] = {
    "route": CaseAction(
        _l("分派"),
        lambda request, case, data: forms.RerouteForm(
            data, categories=CaseCategory.objects.filter(active=True)
        ),
        lambda case, user, d: services.route(
            case, user, category=d["category"], reason=d["reason"]
        ),
    ),
    "assign": CaseAction(
        _l("派单"),
        lambda request, case, data: forms.AssignForm(data, case=case),
        lambda case, user, d: services.assign(
            case, user, assignee=d["assignee"], handling_unit=d["handling_unit"]
        ),
    ),
    "start": CaseAction(
        _l("开始办理"),
        lambda request, case, data: forms.EmptyForm(data),
        lambda case, user, d: services.start(case, user),
    ),
    "first_contact": CaseAction(
        _l("登记首次联系"),
        lambda request, case, data: forms.NoteForm(data),
        lambda case, user, d: services.record_first_contact(case, user, note=d["text"]),
    ),
    "resolve": CaseAction(
        _l("办结"),
        lambda request, case, data: forms.ResolveForm(data),
        lambda case, user, d: services.resolve(case, user, reply=d["reply"], outcome=d["outcome"]),
    ),
    "follow_up": CaseAction(
        _l("回访"),
        lambda request, case, data: forms.FollowUpForm(data),
        lambda case, user, d: services.record_follow_up(
            case, user, satisfaction=d["satisfaction"], comment=d["comment"]
        ),
    ),
    "close": CaseAction(
        _l("归档"),
        lambda request, case, data: forms.EmptyForm(data),
        lambda case, user, d: services.close(case, user),
    ),
    "return": CaseAction(
        _l("退单"),
        lambda request, case, data: forms.ReasonForm(data),
        lambda case, user, d: services.return_case(case, user, reason=d["reason"]),
    ),
    "reroute": CaseAction(
        _l("改派"),
        lambda request, case, data: forms.RerouteForm(
            data, categories=_reroute_categories(request, case)
        ),
        lambda case, user, d: services.reroute(
            case, user, category=d["category"], reason=d["reason"]
        ),
    ),
    "merge": CaseAction(
        _l("合并到更早的诉求"),
        lambda request, case, data: forms.MergeForm(
            data, candidates=_merge_candidates(request, case)
        ),
        lambda case, user, d: services.merge_into(
            case, user, earlier=d["earlier"], reason=d["reason"]
        ),
    ),
    "undo_merge": CaseAction(
        _l("撤销合并"),
        lambda request, case, data: forms.ReasonForm(data),
        lambda case, user, d: services.undo_merge(case, user, reason=d["reason"]),
    ),
    "co_handler": CaseAction(
        _l("添加协办"),
        lambda request, case, data: forms.CoHandlerForm(data, case=case),
        lambda case, user, d: services.add_co_handler(
            case, user, studio=d["studio"], handling_unit=d["handling_unit"], task=d["task"]
        ),
    ),
    "extend": CaseAction(
        _l("申请延期"),
        lambda request, case, data: forms.ExtensionForm(data),
        lambda case, user, d: services.request_extension(
            case, user, days=d["days"], reason=d["reason"]
        ),
    ),
    "attach": CaseAction(
        _l("上传附件"),
        lambda request, case, data: forms.AttachmentForm(data, request.FILES or None),
        lambda case, user, d: services.add_attachment(
            case, user, upload=d["file"], content_type=d["file"].content_type
        ),
    ),
    "note": CaseAction(
        _l("添加内部备注"),
        lambda request, case, data: forms.NoteForm(data),
        lambda case, user, d: services.add_note(case, user, text=d["text"]),
    ),
}


def available_actions(case: Case) -> list[tuple[str, CaseAction]]:
    allowed = services.allowed_actions(case)
    return [(name, action) for name, action in ACTIONS.items() if name in allowed]


def case_action(request, pk: int, action: str):
    case = get_object_or_404(visible_cases(request.user), pk=pk)
    spec = ACTIONS.get(action)
    if (
        spec is None
        or action not in services.allowed_actions(case)
        or not leads(request.user, case)
    ):
        messages.error(request, _("该诉求当前不能执行此操作。"))
        return HttpResponseRedirect(inspect_url(case))
    form = spec.form(request, case, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            spec.run(case, request.user, form.cleaned_data)
        except services.CaseRuleError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("%(action)s：操作成功。") % {"action": spec.label})
            return HttpResponseRedirect(inspect_url(case))
    context = {"case": case, "action": spec, "form": form, "cancel_url": inspect_url(case)}
    return TemplateResponse(request, "cases/case_action.html", context)


def complete_co_task(request, pk: int, co_handler_pk: int):
    """The co-handling studio reports its task done, with what it did."""
    case = get_object_or_404(visible_cases(request.user), pk=pk)
    co_handler = get_object_or_404(CoHandler, pk=co_handler_pk, case=case)
    form = forms.NoteForm(request.POST if request.method == "POST" else None)
    form.fields["text"].label = _("协办办理情况")
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_co_task(co_handler, request.user, result=form.cleaned_data["text"])
        except services.CaseRuleError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("协办任务已完成。"))
            return HttpResponseRedirect(inspect_url(case))
    action = {"label": _("完成协办任务")}  # the action page only shows the label
    context = {"case": case, "action": action, "form": form, "cancel_url": inspect_url(case)}
    return TemplateResponse(request, "cases/case_action.html", context)


@require_POST
def decide_extension(request, pk: int, extension_pk: int, verdict: str):
    case = get_object_or_404(visible_cases(request.user), pk=pk)
    extension = get_object_or_404(ExtensionRequest, pk=extension_pk, case=case)
    try:
        services.decide_extension(extension, request.user, approve=verdict == "approve")
    except services.CaseRuleError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, _("延期申请已审批。"))
    return HttpResponseRedirect(inspect_url(case))


def export_cases(request, file_format: str):
    """The user's visible cases, narrowed by the list's search and filters: CSV streamed at once, XLSX
    built by a task (``cms.exports``) with a progress page."""
    if not studio_ids_for(request.user, HANDLE_CASES):
        raise PermissionDenied
    query = request.GET.urlencode()
    if file_format != "csv":
        job = export_jobs.start(request.user, "cases", _("居民诉求导出"), {"query": query})
        return HttpResponseRedirect(reverse("exports_job", args=(job.pk,)))
    audit.record(request, audit.Action.EXPORT, exports.subject(query))
    revealed = studio_ids_for(request.user, SEE_PERSONAL_DATA)
    table = exports.rows(exports.chosen(request.user, query), revealed)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        spreadsheets.csv_chunks(table), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.csv"'
    return response


def attachment(request, pk: int, attachment_pk: int):
    case = get_object_or_404(visible_cases(request.user), pk=pk)
    item = get_object_or_404(CaseAttachment, pk=attachment_pk, case=case)
    audit.record(request, audit.Action.DOWNLOAD, _("%(ref)s 的附件") % {"ref": case.reference})
    # Always a download, never shown in the site's origin: a crafted file cannot run as a page there.
    extension = item.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=True,
        filename=f"{case.reference}-{item.pk}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def chase(request, pk: int):
    """催办: a lead of the case's studio or the committee office presses for progress, with a note."""
    case = get_object_or_404(visible_cases(request.user), pk=pk)
    if not services.may_chase(request.user, case):
        raise PermissionDenied
    form = forms.NoteForm(request.POST if request.method == "POST" else None)
    form.fields["text"].label = _("催办意见")
    if request.method == "POST" and form.is_valid():
        try:
            services.chase(case, request.user, note=form.cleaned_data["text"])
        except services.CaseRuleError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("已催办，承办人会收到通知。"))
            return HttpResponseRedirect(inspect_url(case))
    action = {"label": _("催办")}  # the action page only shows the label
    context = {"case": case, "action": action, "form": form, "cancel_url": inspect_url(case)}
    return TemplateResponse(request, "cases/case_action.html", context)


def chase_section(request, case: Case) -> str:
    """The case page's 催办 block: the chasers so far, and the button for those who may chase."""
    return render_to_string(
        "cases/chase_section.html",
        {
            "chases": case.chases.select_related("by"),
            "may_chase": services.may_chase(request.user, case),
            "chase_url": reverse("cases_case_chase", args=[case.pk]),
        },
        request=request,
    )
