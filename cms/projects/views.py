"""Admin views of the project ledger beyond modeladmin's: a project's page (progress, milestones, outputs
with evidence, spending, referrals, evaluations, history) and its actions, its A4 print page, evidence
downloads, the figures page, and the referral section and form of a case's page. Each finds its object
through ``cms/projects/access.py`` first; each change calls ``services``. Registered by
``wagtail_hooks.py``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.cases import access as case_access
from cms.cases.models import Case
from cms.core import audit, privacy
from cms.core.access import SEE_FIGURES, studio_ids_for
from cms.core.admin import admin_url
from cms.core.history import revisions
from cms.projects import access, figures, forms, progress, services
from cms.projects.models import (
    Evidence,
    Expense,
    Indicator,
    Milestone,
    Output,
    PeriodTarget,
    Project,
    ProjectEvaluation,
    Referral,
    ReferralState,
)


def _project(request, pk: int) -> Project:
    return get_object_or_404(
        access.visible_projects(request.user).select_related(
            "studio", "community", "responsible", "provider", "funding"
        ),
        pk=pk,
    )


def _back(project: Project) -> HttpResponseRedirect:
    return HttpResponseRedirect(admin_url(project, "inspect"))


def _refused(request, refusal: ValidationError) -> None:
    messages.error(request, " ".join(refusal.messages))


def _form_errors(form) -> ValidationError:
    return ValidationError([e for errors in form.errors.values() for e in errors])


def _ledger(project: Project) -> dict:
    """What the project's page and its print page both show, in a fixed number of queries."""
    return {
        "project": project,
        "indicators": progress.indicators_of([project])[project.pk],
        "budget": progress.budgets_of([project])[project.pk],
        "milestones": list(project.milestones.all()),
        "evaluations": list(project.evaluations.select_related("subject__round__scheme")),
        "today": timezone.localdate(),
    }


def _referrals(request, project: Project) -> tuple[list, bool]:
    """The project's referrals with the resident shown whole only to those who may see it (logged)."""
    reveal = access.may_see_resident(request.user, project)
    referrals = list(project.referrals.select_related("case__studio", "referred_by", "answered_by"))
    for referral in referrals:
        case = referral.case
        referral.resident = case.reporter_name if reveal else privacy.mask_name(case.reporter_name)
        referral.phone = case.reporter_phone if reveal else privacy.mask_phone(case.reporter_phone)
    if reveal and referrals:
        audit.record(request, audit.Action.VIEW, _("项目 #%(pk)s 的转介个案") % {"pk": project.pk})
    return referrals, reveal


def project_page(request, pk: int):
    project = _project(request, pk)
    referrals, reveal = _referrals(request, project)
    outputs = list(
        Output.objects.filter(indicator__project=project)
        .select_related("indicator", "reported_by")
        .prefetch_related("evidence")
        .order_by("-period_start", "-pk")[:40]
    )
    context = {
        **_ledger(project),
        "outputs": outputs,
        "expenses": list(project.expenses.select_related("recorded_by").order_by("-spent_on")[:20]),
        "referrals": referrals,
        "reveal": reveal,
        "output_form": forms.OutputForm(project=project, initial={"day": timezone.localdate()}),
        "indicator_form": forms.IndicatorForm(),
        "target_form": forms.PeriodTargetForm(project=project),
        "milestone_form": forms.MilestoneForm(),
        "reach_form": forms.ReachForm(initial={"reached_on": timezone.localdate()}),
        "expense_form": forms.ExpenseForm(initial={"spent_on": timezone.localdate()}),
        "answer_form": forms.AnswerForm(initial={"done_on": timezone.localdate()}),
        "decline_form": forms.DeclineForm(),
        "evaluation_form": forms.EvaluationForm(project=project),
        "timeline": timeline(project),
        "edit_url": admin_url(project, "edit"),
    }
    return TemplateResponse(request, "projects/project_inspect.html", context)


def timeline(project: Project) -> list:
    """Every revision of the project and of its plan and work, oldest first (one query per model)."""
    rows = [
        (Project, project.history.all(), None),
        (Indicator, Indicator.history.filter(project_id=project.pk), lambda r: r.name),
        (
            PeriodTarget,
            PeriodTarget.history.filter(indicator__project_id=project.pk),
            lambda r: _("周期目标 %(day)s") % {"day": r.period_start},
        ),
        (Milestone, Milestone.history.filter(project_id=project.pk), lambda r: r.title),
        (
            Output,
            Output.history.filter(indicator__project_id=project.pk),
            lambda r: _("产出 %(day)s") % {"day": r.period_start},
        ),
        (Expense, Expense.history.filter(project_id=project.pk), lambda r: _("支出")),
        (Referral, Referral.history.filter(project_id=project.pk), lambda r: _("转介个案")),
        (
            ProjectEvaluation,
            ProjectEvaluation.history.filter(project_id=project.pk),
            lambda r: _("项目评估"),
        ),
    ]
    entries = []
    for model, records, subject in rows:
        entries += revisions(model, records.select_related("history_user"), subject=subject)
    return sorted(entries, key=lambda e: e.when)


def print_page(request, pk: int):
    """The project's A4 sheet for the quarterly review meeting: no personal data."""
    project = _project(request, pk)
    context = {
        **_ledger(project),
        "referral_counts": _referral_counts(project),
        "back_url": admin_url(project, "inspect"),
    }
    return TemplateResponse(request, "projects/project_print.html", context)


def _referral_counts(project: Project) -> list[tuple[str, int]]:
    counts = {state: 0 for state in ReferralState.values}
    for state in project.referrals.values_list("state", flat=True):
        counts[state] += 1
    return [(label, counts[value]) for value, label in ReferralState.choices]


def _act(request, pk: int, run, success: str):
    """Runs ``run(project)`` for a POST on the project's page; any refusal is shown there."""
    project = _project(request, pk)
    try:
        run(project)
    except ValidationError as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, success)
    return _back(project)


@require_POST
def add_indicator(request, pk: int):
    def run(project):
        form = forms.IndicatorForm(request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        services.add_indicator(project, request.user, **form.cleaned_data)

    return _act(request, pk, run, _("已添加指标。"))


@require_POST
def set_period_target(request, pk: int):
    def run(project):
        form = forms.PeriodTargetForm(request.POST, project=project)
        if not form.is_valid():
            raise _form_errors(form)
        data = form.cleaned_data
        services.set_period_target(
            data["indicator"],
            request.user,
            day=data["day"],
            target=data["target"],
            note=data["note"],
        )

    return _act(request, pk, run, _("已调整周期目标。"))


@require_POST
def add_milestone(request, pk: int):
    def run(project):
        form = forms.MilestoneForm(request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        services.add_milestone(project, request.user, **form.cleaned_data)

    return _act(request, pk, run, _("已添加节点。"))


@require_POST
def reach_milestone(request, pk: int, milestone_pk: int):
    def run(project):
        milestone = get_object_or_404(Milestone, pk=milestone_pk, project=project)
        form = forms.ReachForm(request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        services.reach_milestone(milestone, request.user, **form.cleaned_data)

    return _act(request, pk, run, _("节点已完成。"))


@require_POST
def report_output(request, pk: int):
    def run(project):
        form = forms.OutputForm(request.POST, request.FILES, project=project)
        if not form.is_valid():
            raise _form_errors(form)
        data = form.cleaned_data
        services.report_output(
            data["indicator"],
            request.user,
            day=data["day"],
            quantity=data["quantity"],
            note=data["note"],
            files=[data["evidence"]] if data["evidence"] else [],
        )

    return _act(request, pk, run, _("已填报产出。"))


@require_POST
def record_expense(request, pk: int):
    def run(project):
        form = forms.ExpenseForm(request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        services.record_expense(project, request.user, **form.cleaned_data)

    return _act(request, pk, run, _("已登记支出。"))


# (entry, change) → the record, the form, the service and the message of the project page's corrections.
_CORRECTIONS = {
    ("output", "correct"): (
        Output,
        forms.OutputCorrectionForm,
        services.correct_output,
        _l("产出已更正。"),
    ),
    ("output", "withdraw"): (
        Output,
        forms.WithdrawalForm,
        services.withdraw_output,
        _l("产出已撤销。"),
    ),
    ("expense", "correct"): (
        Expense,
        forms.ExpenseCorrectionForm,
        services.correct_expense,
        _l("支出已更正。"),
    ),
    ("expense", "withdraw"): (
        Expense,
        forms.WithdrawalForm,
        services.withdraw_expense,
        _l("支出已撤销。"),
    ),
}


@require_POST
def change_entry(request, pk: int, entry: str, entry_pk: int, change: str):
    """Corrects or withdraws one of the project's outputs or expenses, with the reason given."""
    if (entry, change) not in _CORRECTIONS:
        raise Http404
    model, form_class, service, success = _CORRECTIONS[entry, change]

    def run(project):
        lookup = {"indicator__project": project} if model is Output else {"project": project}
        record = get_object_or_404(model, pk=entry_pk, **lookup)
        form = form_class(request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        service(record, request.user, **form.cleaned_data)

    return _act(request, pk, run, str(success))


@require_POST
def start_evaluation(request, pk: int):
    def run(project):
        form = forms.EvaluationForm(request.POST, project=project)
        if not form.is_valid():
            raise _form_errors(form)
        services.start_evaluation(
            project,
            request.user,
            evaluated=form.cleaned_data["evaluated"],
            stage=form.cleaned_data["stage"],
        )

    return _act(request, pk, run, _("已加入评估轮次。"))


@require_POST
def answer_referral(request, pk: int, referral_pk: int, answer: str):
    def run(project):
        referral = get_object_or_404(Referral, pk=referral_pk, project=project)
        if answer == "accept":
            services.accept_referral(referral, request.user)
        elif answer == "decline":
            form = forms.DeclineForm(request.POST)
            if not form.is_valid():
                raise _form_errors(form)
            services.decline_referral(referral, request.user, reason=form.cleaned_data["reason"])
        else:
            form = forms.AnswerForm(request.POST)
            if not form.is_valid():
                raise _form_errors(form)
            services.complete_referral(referral, request.user, **form.cleaned_data)

    return _act(request, pk, run, _("已保存转介跟进。"))


def evidence(request, pk: int, evidence_pk: int):
    """An evidence file, as a download only, for the project's staff."""
    project = _project(request, pk)
    item = get_object_or_404(Evidence, pk=evidence_pk, output__indicator__project=project)
    extension = item.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=True,
        filename=f"project-{project.pk}-{item.pk}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def figures_page(request):
    """Figures per studio and community, for the studios whose figures the user sees (leads, office)."""
    ids = studio_ids_for(request.user, SEE_FIGURES) & access.studio_ids(request.user)
    if not ids:
        raise PermissionDenied
    by_studio, by_community, total = figures.rows(Project.objects.filter(studio_id__in=ids))
    context = {"by_studio": by_studio, "by_community": by_community, "total": total}
    return TemplateResponse(request, "projects/figures.html", context)


# --- the case's side ------------------------------------------------------------------------------


def case_section(request, case: Case) -> str:
    """The "转介社工服务项目" block of a case page (``case_inspect_sections`` hook): the case's referrals
    with the project's answer, and the referral form for the case's own studio."""
    referrals = access.referrals_seen_from_case(request.user, case)
    may_refer = access.may_refer(request.user, case)
    form = forms.ReferralForm(projects=services.referable_projects()) if may_refer else None
    context = {"case": case, "referrals": referrals, "form": form}
    return render_to_string("projects/case_referrals.html", context, request=request)


@require_POST
def refer(request, case_pk: int):
    case = get_object_or_404(case_access.visible_cases(request.user), pk=case_pk)
    back = HttpResponseRedirect(admin_url(case, "inspect"))
    form = forms.ReferralForm(request.POST, projects=services.referable_projects())
    try:
        if not form.is_valid():
            raise _form_errors(form)
        services.refer_case(
            case,
            request.user,
            project=form.cleaned_data["project"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as refusal:
        _refused(request, refusal)
    except PermissionDenied:
        messages.error(request, _("只有本诉求所属工作室的工作人员可以转介。"))
    else:
        messages.success(request, _("已转介至社工服务项目。"))
    return back
