"""Every change to a project beyond its own form: indicators and milestones, outputs and their evidence,
spending, referrals and evaluations. One function per change, in a transaction, recorded in the history
with who and why. The admin views, the demo and the tests call these; the rules live nowhere else.
The project's own fields (name, budget, dates, state, what is public) are edited in the admin's form,
whose model ``clean`` holds their rules, and the history middleware records who changed them."""

import datetime
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.cases import services as case_services
from cms.core import history, uploads
from cms.core.storage import private_storage
from cms.evaluations import services as evaluation_services
from cms.evaluations.models import Round
from cms.projects import access, periods
from cms.projects.models import (
    EvaluationStage,
    Evidence,
    Expense,
    Indicator,
    Milestone,
    Output,
    PeriodTarget,
    Project,
    ProjectEvaluation,
    ProjectKind,
    ProjectState,
    Referral,
    ReferralOutcome,
    ReferralState,
)


class ProjectRuleError(ValidationError):
    """A change the rules refuse; the message is for the person who asked for it."""


def _require(user, project: Project) -> None:
    if not access.may_manage(user, project):
        raise PermissionDenied


def _clean_and_save(instance, user, reason: str) -> None:
    instance.full_clean()
    history.save(instance, user, reason)


# --- the plan -----------------------------------------------------------------------------------


def add_indicator(project: Project, user, **fields) -> Indicator:
    _require(user, project)
    indicator = Indicator(project=project, **fields)
    _clean_and_save(indicator, user, _("添加项目指标"))
    return indicator


def set_period_target(
    indicator: Indicator, user, *, day: datetime.date, target: Decimal, note: str
) -> PeriodTarget:
    """Sets the indicator's target for the period holding ``day`` (within the project's dates), replacing
    one set before; the usual target stays for the other periods."""
    project = indicator.project
    _require(user, project)
    start = periods.start_of(day, indicator.period)
    if start not in periods.spanned(project.starts_on, project.ends_on, indicator.period):
        raise ProjectRuleError(_("该周期不在项目期限内。"))
    if not note.strip():
        raise ProjectRuleError(_("请写明调整目标的原因。"))
    with transaction.atomic():
        item = PeriodTarget.objects.select_for_update().filter(
            indicator=indicator, period_start=start
        ).first() or PeriodTarget(indicator=indicator, period_start=start)
        item.target, item.note = target, note.strip()
        _clean_and_save(item, user, _("调整周期目标：%(note)s") % {"note": note.strip()})
    return item


def add_milestone(project: Project, user, **fields) -> Milestone:
    _require(user, project)
    milestone = Milestone(project=project, **fields)
    _clean_and_save(milestone, user, _("添加项目节点"))
    return milestone


def reach_milestone(
    milestone: Milestone, user, *, reached_on: datetime.date, note: str = ""
) -> Milestone:
    """Marks a milestone reached on ``reached_on`` (not in the future)."""
    _require(user, milestone.project)
    if reached_on > timezone.localdate():
        raise ProjectRuleError(_("完成日期不能晚于今天。"))
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if locked.reached_on is not None:
            raise ProjectRuleError(_("该节点已完成。"))
        locked.reached_on = reached_on
        if note.strip():
            locked.note = note.strip()
        history.save(locked, user, _("节点完成"))
    return locked


# --- outputs and spending -----------------------------------------------------------------------


def report_output(
    indicator: Indicator, user, *, day: datetime.date, quantity: Decimal, note: str = "", files=()
) -> Output:
    """What was done in the period holding ``day`` against ``indicator``, with its evidence files (photos
    or PDFs, checked by their content). The period must fall within the project and not be in the future."""
    project = indicator.project
    _require(user, project)
    start = periods.start_of(day, indicator.period)
    if day > timezone.localdate():
        raise ProjectRuleError(_("不能填报未来周期的产出。"))
    if periods.end_of(start, indicator.period) < project.starts_on or start > project.ends_on:
        raise ProjectRuleError(_("该周期不在项目期限内。"))
    if quantity is None or Decimal(quantity) < 0:
        raise ProjectRuleError(_("完成数量不能为负数。"))
    checked = [f if isinstance(f, uploads.CheckedFile) else uploads.checked(f) for f in files]
    with transaction.atomic():
        output = Output(
            indicator=indicator,
            period_start=start,
            quantity=Decimal(quantity),
            note=note.strip(),
            reported_by=user,
        )
        history.save(output, user, _("填报产出"))
        for upload in checked:
            _store_evidence(output, user, upload)
    return output


def attach_evidence(output: Output, user, upload) -> Evidence:
    _require(user, output.indicator.project)
    checked = upload if isinstance(upload, uploads.CheckedFile) else uploads.checked(upload)
    with transaction.atomic():
        return _store_evidence(output, user, checked)


def _store_evidence(output: Output, user, upload: uploads.CheckedFile) -> Evidence:
    evidence = Evidence(
        output=output,
        token=secrets.token_hex(16),
        content_type=upload.content_type,
        original_name=upload.name[:200],
        uploaded_by=user,
    )
    evidence.file = upload
    history.save(evidence, user, _("上传佐证材料"))
    return evidence


def record_expense(
    project: Project, user, *, spent_on: datetime.date, amount: Decimal, note: str
) -> Expense:
    _require(user, project)
    expense = Expense(
        project=project, spent_on=spent_on, amount=amount, note=note.strip(), recorded_by=user
    )
    _clean_and_save(expense, user, _("登记支出"))
    return expense


# --- corrections: what was entered by mistake -------------------------------------------------


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ProjectRuleError(_("请写明更正或撤销的原因。"))
    return reason.strip()


def correct_output(output: Output, user, *, quantity: Decimal, note: str, reason: str) -> Output:
    """Corrects the quantity or note of a reported output; progress follows at once, and the history
    keeps what it said before and why it changed."""
    _require(user, output.indicator.project)
    why = _reason(reason)
    if quantity is None or Decimal(quantity) < 0:
        raise ProjectRuleError(_("完成数量不能为负数。"))
    with transaction.atomic():
        locked = Output.objects.select_for_update().get(pk=output.pk)
        locked.quantity, locked.note = Decimal(quantity), note.strip()
        history.save(locked, user, _("更正产出：%(reason)s") % {"reason": why})
    return locked


def withdraw_output(output: Output, user, *, reason: str) -> None:
    """Withdraws an output reported by mistake with its evidence, whose files are removed once the
    withdrawal is committed; the history keeps what was reported, by whom, and why it was withdrawn."""
    _require(user, output.indicator.project)
    why = _("撤销产出：%(reason)s") % {"reason": _reason(reason)}
    with transaction.atomic():
        locked = Output.objects.select_for_update().get(pk=output.pk)
        for item in locked.evidence.all():
            name = item.file.name
            history.mark(item, user, why)
            item.delete()
            transaction.on_commit(lambda name=name: private_storage.delete(name))
        history.mark(locked, user, why)
        locked.delete()


def correct_expense(
    expense: Expense, user, *, spent_on: datetime.date, amount: Decimal, note: str, reason: str
) -> Expense:
    _require(user, expense.project)
    why = _reason(reason)
    with transaction.atomic():
        locked = Expense.objects.select_for_update().get(pk=expense.pk)
        locked.spent_on, locked.amount, locked.note = spent_on, amount, note.strip()
        _clean_and_save(locked, user, _("更正支出：%(reason)s") % {"reason": why})
    return locked


def withdraw_expense(expense: Expense, user, *, reason: str) -> None:
    _require(user, expense.project)
    why = _reason(reason)
    history.mark(expense, user, _("撤销支出：%(reason)s") % {"reason": why})
    expense.delete()


# --- referrals ----------------------------------------------------------------------------------


def referable_projects(today: datetime.date | None = None):
    """The social-work projects a case can be referred to: running, within their dates."""
    today = today or timezone.localdate()
    return Project.objects.filter(
        kind=ProjectKind.SOCIAL_WORK,
        state=ProjectState.RUNNING,
        starts_on__lte=today,
        ends_on__gte=today,
    ).select_related("studio", "community")


def refer_case(case, user, *, project: Project, reason: str) -> Referral:
    """A case worker of the case's studio refers the resident to a running social-work project; the
    case's timeline gets a note saying so."""
    if not access.may_refer(user, case):
        raise PermissionDenied
    if not referable_projects().filter(pk=project.pk).exists():
        raise ProjectRuleError(_("只能转介给正在实施的社工服务项目。"))
    if not reason.strip():
        raise ProjectRuleError(_("请填写转介原因与服务需求。"))
    with transaction.atomic():
        if (
            Referral.objects.filter(project=project, case=case)
            .exclude(state=ReferralState.DECLINED)
            .exists()
        ):
            raise ProjectRuleError(_("该诉求已转介给这个项目。"))
        referral = Referral(project=project, case=case, reason=reason.strip(), referred_by=user)
        history.save(referral, user, _("转介至社工服务项目"))
        case_services.add_note(
            case,
            user,
            text=_("转介至社工服务项目“%(project)s”（%(studio)s）：%(reason)s")
            % {"project": project.name, "studio": project.studio.name, "reason": reason.strip()},
        )
    return referral


def accept_referral(referral: Referral, user) -> Referral:
    return _answer(referral, user, ReferralState.ACCEPTED, _("项目已接收转介"), "")


def decline_referral(referral: Referral, user, *, reason: str) -> Referral:
    if not reason.strip():
        raise ProjectRuleError(_("请填写未接收的原因。"))
    return _answer(referral, user, ReferralState.DECLINED, _("项目未接收转介"), reason.strip())


def complete_referral(
    referral: Referral, user, *, action: str, outcome: str, done_on: datetime.date
) -> Referral:
    """The project records what it did and the outcome; a completed referral counts in the outputs of
    the project's indicators that count referrals, in the period of ``done_on``."""
    if outcome not in ReferralOutcome.values:
        raise ProjectRuleError(_("请选择服务结果。"))
    if not action.strip():
        raise ProjectRuleError(_("请填写项目所做的服务。"))
    if done_on > timezone.localdate():
        raise ProjectRuleError(_("完成日期不能晚于今天。"))

    def finish(locked: Referral) -> None:
        locked.action = action.strip()
        locked.outcome = outcome
        locked.done_on = done_on

    return _answer(
        referral, user, ReferralState.DONE, _("转介服务完成"), action.strip(), change=finish
    )


_NEXT = {
    ReferralState.REFERRED: {ReferralState.ACCEPTED, ReferralState.DECLINED},
    ReferralState.ACCEPTED: {ReferralState.DONE},
}


def _answer(referral: Referral, user, state: str, reason: str, text: str, change=None) -> Referral:
    with transaction.atomic():
        locked = (
            Referral.objects.select_for_update()
            .select_related("project", "case")
            .get(pk=referral.pk)
        )
        _require(user, locked.project)
        if state not in _NEXT.get(locked.state, set()):
            raise ProjectRuleError(_("该转介当前不能执行此操作。"))
        locked.state = state
        locked.answered_by = user
        if change:
            change(locked)
        history.save(locked, user, reason)
        note = _("社工服务项目“%(project)s”：%(what)s") % {
            "project": locked.project.name,
            "what": locked.get_state_display(),
        }
        if locked.outcome:
            note += _("（%(outcome)s）") % {"outcome": locked.get_outcome_display()}
        if text:
            note += f"：{text}"
        case_services.add_partner_note(locked.case, user, text=note)
    return locked


# --- evaluations --------------------------------------------------------------------------------


def subject_key(project: Project) -> str:
    return f"project:{project.pk}"


def start_evaluation(project: Project, user, *, evaluated: Round, stage: str) -> ProjectEvaluation:
    """Enters the project as a subject of a draft round of a project scheme of its own studio (mid-term
    or final); the round's scores come from the engine, and the result is kept on the project when the
    round is finished (``signals.keep_results``)."""
    _require(user, project)
    if stage not in EvaluationStage.values:
        raise ProjectRuleError(_("请选择评估阶段。"))
    if evaluated.scheme.studio_id != project.studio_id:
        raise ProjectRuleError(_("只能使用本工作室的评估方案。"))
    with transaction.atomic():
        if ProjectEvaluation.objects.filter(project=project, stage=stage).exists():
            raise ProjectRuleError(_("该项目的此阶段评估已开展。"))
        subject = evaluation_services.add_named_subject(
            evaluated, user, key=subject_key(project), label=project.name
        )
        evaluation = ProjectEvaluation(project=project, stage=stage, subject=subject)
        history.save(evaluation, user, _("开展项目评估"))
    return evaluation


def keep_results(evaluated: Round, user) -> None:
    """Copies each project subject's total and grade of a finished round onto its project evaluation."""
    for evaluation in ProjectEvaluation.objects.filter(subject__round=evaluated).select_related(
        "subject"
    ):
        evaluation.total = evaluation.subject.total
        evaluation.grade = evaluation.subject.grade
        evaluation.finished_on = timezone.localdate()
        history.save(evaluation, user, _("评估完成，保存结果"))
