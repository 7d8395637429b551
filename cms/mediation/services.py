"""Every change to a mediation file, one function per step, each in a transaction and recorded in the history.

A mediation is a case of kind "mediation": registering opens the case and puts it in progress, the outcome
resolves it, the follow-up follows it up (a dissatisfied party re-opens it, as for any case) and archiving
closes it, all through ``cms.cases.services``. Which step may follow which is the one table ``STEPS``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from cms.cases import calendar
from cms.cases import services as case_services
from cms.cases.models import Case, CaseCategory, Kind, Priority, Satisfaction, Status
from cms.cases.models import Source as CaseSource
from cms.core import chain, history, privacy, text
from cms.core.access import DECIDE_RECUSALS, HANDLE_CASES, can
from cms.core.rules import require_text
from cms.mediation import notices
from cms.mediation.models import (
    Appointment,
    FollowUp,
    MediationCommittee,
    MediationFile,
    Mediator,
    Outcome,
    Party,
    Session,
    Source,
    Stage,
    one_month_after,
)
from cms.places.models import Estate

# The case category every studio's mediations are filed under (created on first use).
MEDIATION_CATEGORY = "纠纷调解"
MEDIATION_CATEGORY_DAYS = (
    22  # about a month of working days; the file's own clock is one calendar month
)

# Steps that move the file on, and the stages each may be taken from.
STEPS: dict[str, frozenset[str]] = {
    "session": frozenset({Stage.REGISTERED, Stage.MEDIATING}),
    "agreement": frozenset({Stage.MEDIATING}),
    "failure": frozenset({Stage.REGISTERED, Stage.MEDIATING}),
    "follow_up": frozenset({Stage.AGREED, Stage.FAILED}),
    "archive": frozenset({Stage.FOLLOWED_UP}),
}
STEP_LABELS = {
    "session": _l("新增调解笔录"),
    "agreement": _l("登记调解协议"),
    "failure": _l("登记调解不成"),
    "follow_up": _l("回访"),
    "archive": _l("归档"),
}

_CASE_SOURCE = {
    Source.PARTY_APPLICATION: CaseSource.WALK_IN,
    Source.OWN_INITIATIVE: CaseSource.INSPECTION,
    Source.POLICE_REFERRAL: CaseSource.REFERRAL,
    Source.COURT_REFERRAL: CaseSource.REFERRAL,
    Source.HOTLINE: CaseSource.PHONE,
}


class MediationRuleError(case_services.CaseRuleError):
    """A step the rules refuse; the message is for the person who asked for it."""


def can_take(file: MediationFile, step: str) -> bool:
    return file.stage in STEPS[step]


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool


def archive_checklist(file: MediationFile) -> list[ChecklistItem]:
    """The documents a closed file must hold (卷宗归档清单)."""
    sides = set(file.parties.values_list("side", flat=True))
    outcome = {
        Outcome.AGREEMENT: _("调解协议书"),
        Outcome.FAILURE: _("调解不成的记录"),
    }.get(file.outcome, _("调解协议书或调解不成的记录"))
    return [
        ChecklistItem(
            _("调解申请登记（申请人与被申请人）"),
            {Party.Side.APPLICANT, Party.Side.RESPONDENT} <= sides,
        ),
        ChecklistItem(_("权利义务告知记录"), file.rights_notified_on is not None),
        ChecklistItem(_("已签名的调解笔录"), file.sessions.filter(signed=True).exists()),
        ChecklistItem(outcome, bool(file.outcome)),
        ChecklistItem(_("回访记录"), file.stage in (Stage.FOLLOWED_UP, Stage.ARCHIVED)),
    ]


# --- intake -----------------------------------------------------------------------------------


def register(
    user,
    *,
    studio,
    title: str,
    description: str,
    estate: Estate | None,
    source: str,
    dispute_type: str,
    registered_on,
    applicant: Party,
    respondent: Party,
    assignee,
    location_text: str = "",
    case: Case | None = None,
) -> tuple[MediationFile, str]:
    """Opens the file and its case (in progress, with ``assignee``); returns it with the case's retrieval
    code, which the applicant can use on the public status page.

    ``case``: a resident's open issue (asked for mediation on the public form) that the file continues under
    its reference; the resident keeps the code they have, so none is returned ("").
    """
    settlement_due = one_month_after(registered_on)
    with transaction.atomic():
        if case is None:
            category, _created = CaseCategory.objects.get_or_create(
                studio=studio,
                name=MEDIATION_CATEGORY,
                defaults={"deadline_days": MEDIATION_CATEGORY_DAYS, "priority": Priority.NORMAL},
            )
            case, code = case_services.create_case(
                user=user,
                category=category,
                kind=Kind.MEDIATION,
                source=_CASE_SOURCE[source],
                estate=estate,
                community=estate.community if estate else None,
                location_text=location_text,
                reporter_name=applicant.name,
                reporter_phone=applicant.phone,
                title=title,
                description=description,
                handling_due=calendar.end_of_day(settlement_due),
            )
        else:
            refusal = continuation_refusal(case, studio)
            if refusal:
                raise MediationRuleError(refusal)
            case = case_services.take_into_mediation(
                case,
                user,
                handling_due=calendar.end_of_day(settlement_due),
                title=title,
                description=description,
            )
            code = ""
        if case.status == Status.RECEIVED:
            case = case_services.assign(case, user, assignee=assignee)
        if case.status == Status.ASSIGNED:
            case = case_services.start(case, user)
        committee = MediationCommittee.of(studio)
        file = MediationFile(
            case=case,
            source=source,
            dispute_type=dispute_type,
            registered_on=registered_on,
            settlement_due=settlement_due,
            committee=committee,
            number_year=registered_on.year,
            number=committee.take_number(registered_on.year),
        )
        history.save(file, user, _("登记"))
        for party in (applicant, respondent):
            party.file = file
            _clean_party(party)
            history.save(party, user, _("登记当事人"))
    return file, code


def continuation_refusal(case: Case, studio) -> str:
    """Why ``case`` cannot become a mediation file of ``studio`` ("" when it can): a resident's open issue of
    that studio without a file. One dispute, one reference."""
    if MediationFile.objects.filter(case=case).exists():
        return _("诉求 %(ref)s 已有调解卷宗。") % {"ref": case.reference}
    if case.kind != Kind.ISSUE or case.status not in (
        Status.RECEIVED,
        Status.ASSIGNED,
        Status.IN_PROGRESS,
    ):
        return _("只有正在办理的居民诉求可以转为调解卷宗。")
    if case.studio_id != studio.pk:
        return _("诉求 %(ref)s 属于其他工作室。") % {"ref": case.reference}
    return ""


# --- the parts of a file ----------------------------------------------------------------------


def save_party(file: MediationFile, user, party: Party) -> Party:
    """Adds or corrects a party; phone and ID number are normalised and checked (GB 11643)."""

    def change(locked: MediationFile) -> None:
        party.file = locked
        _clean_party(party)
        history.save(party, user, _("登记当事人") if party._state.adding else _("修改当事人"))

    _edit(file, user, change)
    return party


def appoint(file: MediationFile, user, *, mediator: Mediator, role: str) -> Appointment:
    """Puts a mediator from the roster on the file; a file has one presiding mediator at a time."""

    def change(locked: MediationFile) -> Appointment:
        if not mediator.active:
            raise MediationRuleError(_("该调解员已不在册。"))
        if locked.appointments.filter(mediator=mediator).exists():
            raise MediationRuleError(_("该调解员已在本案中。"))
        if role == Appointment.Role.PRESIDING and _presiding(locked) is not None:
            raise MediationRuleError(_("本案已有主持调解员；如需更换，请先处理回避申请。"))
        appointment = Appointment(file=locked, mediator=mediator, role=role)
        history.save(appointment, user, _("指定调解员"))
        return appointment

    return _edit(file, user, change)


def request_recusal(
    appointment: Appointment, user, *, requested_by: str, reason: str
) -> Appointment:
    """A party asks that a mediator step aside; recorded, then decided by a studio lead."""
    require_text(requested_by, _("请填写申请回避的当事人。"), MediationRuleError)
    require_text(reason, _("请填写回避理由。"), MediationRuleError)

    def change(locked: MediationFile) -> Appointment:
        current = locked.appointments.get(pk=appointment.pk)
        if not current.recusal_can_be_requested:
            raise MediationRuleError(_("该调解员已有回避申请。"))
        current.recusal_requested_by = requested_by
        current.recusal_reason = reason
        current.recusal = Appointment.Recusal.PENDING
        current.recusal_decided_on = None
        history.save(current, user, _("申请回避：%(reason)s") % {"reason": reason})
        return current

    return _edit(appointment.file, user, change)


def decide_recusal(appointment: Appointment, user, *, grant: bool) -> Appointment:
    """A studio lead (or the committee office) grants or refuses; a granted mediator leaves the file."""
    if not can(user, DECIDE_RECUSALS, appointment.file.case.studio_id):
        raise PermissionDenied

    def change(locked: MediationFile) -> Appointment:
        current = locked.appointments.get(pk=appointment.pk)
        if not current.recusal_pending:
            raise MediationRuleError(_("没有待决定的回避申请。"))
        current.recusal = Appointment.Recusal.GRANTED if grant else Appointment.Recusal.REFUSED
        current.recusal_decided_on = timezone.localdate()
        history.save(current, user, current.get_recusal_display())
        return current

    return _edit(appointment.file, user, change)


def record_rights_notice(file: MediationFile, user, *, notified_on, method: str) -> MediationFile:
    """The parties were told their rights and duties in mediation (人民调解法 arts. 23–24)."""

    def change(locked: MediationFile) -> MediationFile:
        locked.rights_notified_on = notified_on
        locked.rights_notice_method = method
        history.save(locked, user, _("告知权利义务"))
        return locked

    return _edit(file, user, change)


def schedule_session(file: MediationFile, user, *, at, place: str) -> MediationFile:
    """Fixes the next session's time and place, and tells the parties who agreed to SMS (and the
    reporter who opted in on the public form). Rescheduling tells them again."""
    require_text(place, _("请填写调解地点。"), MediationRuleError)

    def change(locked: MediationFile) -> MediationFile:
        _require_step(locked, "session")
        if at <= timezone.now():
            raise MediationRuleError(_("调解时间应当晚于现在。"))
        locked.next_session_at = at
        locked.next_session_place = text.clean_line(place)
        history.save(locked, user, _("安排调解"))
        notices.session_scheduled(locked)
        return locked

    return _edit(file, user, change)


def save_session(file: MediationFile, user, session: Session) -> Session:
    """Adds a session record (a file in mediation needs a presiding mediator) or corrects one."""

    def change(locked: MediationFile) -> Session:
        adding = session._state.adding
        if adding:
            _require_step(locked, "session")
            if _presiding(locked) is None:
                raise MediationRuleError(_("请先指定主持调解员，再记录调解。"))
        session.file = locked
        if adding:
            session.recorder = user
        history.save(session, user, _("记录调解") if adding else _("修改调解笔录"))
        if locked.stage == Stage.REGISTERED:
            locked.stage = Stage.MEDIATING
            history.save(locked, user, _("开始调解"))
        return session

    return _edit(file, user, change)


# --- outcome, follow-up, archive ----------------------------------------------------------------


def record_agreement(
    file: MediationFile, user, *, concluded_on, terms: str, performance_method: str, performance_due
) -> MediationFile:
    """调解协议: resolves the case; the applicant reads the reply on the status page."""
    require_text(terms, _("请填写协议内容。"), MediationRuleError)
    require_text(performance_method, _("请填写各项协议的履行方式和期限。"), MediationRuleError)

    def change(locked: MediationFile) -> MediationFile:
        _require_step(locked, "agreement")
        if performance_due < concluded_on:
            raise MediationRuleError(_("履行期限不能早于协议日期。"))
        locked.outcome = Outcome.AGREEMENT
        locked.concluded_on = concluded_on
        locked.agreement_terms = terms
        locked.performance_method = performance_method
        locked.performance_due = performance_due
        locked.agreement_recorder = user
        locked.stage = Stage.AGREED
        history.save(locked, user, _("达成调解协议"))
        chain.append("mediation-agreement", locked)
        reply = _(
            "经调解，双方于 %(date)s 达成调解协议，请按协议约定履行。"
            "双方可自协议生效之日起三十日内共同向人民法院申请司法确认。"
        ) % {"date": concluded_on}
        case_services.resolve(locked.case, user, reply=reply, outcome=terms)
        return locked

    return _edit(file, user, change)


def record_failure(
    file: MediationFile,
    user,
    *,
    concluded_on,
    reason: str,
    litigation: bool,
    arbitration: bool,
    administrative: bool,
) -> MediationFile:
    """调解不成: ends mediation, naming the routes left to the parties (人民调解法 art. 26)."""
    require_text(reason, _("请填写调解不成的原因。"), MediationRuleError)
    if not (litigation or arbitration or administrative):
        raise MediationRuleError(_("请至少告知当事人一种其他解决途径。"))

    def change(locked: MediationFile) -> MediationFile:
        _require_step(locked, "failure")
        locked.outcome = Outcome.FAILURE
        locked.concluded_on = concluded_on
        locked.failure_reason = reason
        locked.route_litigation = litigation
        locked.route_arbitration = arbitration
        locked.route_administrative = administrative
        locked.stage = Stage.FAILED
        history.save(locked, user, _("调解不成"))
        reply = _("经调解，双方未能达成协议。您可以：%(routes)s。") % {
            "routes": "、".join(locked.routes_left())
        }
        case_services.resolve(locked.case, user, reply=reply, outcome=reason)
        return locked

    return _edit(file, user, change)


def record_follow_up(file: MediationFile, user, follow_up: FollowUp) -> FollowUp:
    """回访 after the outcome. A dissatisfied party re-opens the case and the file goes back to mediation."""

    def change(locked: MediationFile) -> FollowUp:
        _require_step(locked, "follow_up")
        not_applicable = follow_up.performance == FollowUp.Performance.NOT_APPLICABLE
        if not_applicable != (locked.outcome == Outcome.FAILURE):
            raise MediationRuleError(
                _("达成协议的案件请填写履行情况；调解不成的案件请选择“不适用”。")
            )
        follow_up.file = locked
        follow_up.recorded_by = user
        history.save(follow_up, user, _("回访"))
        case_services.record_follow_up(
            locked.case, user, satisfaction=follow_up.satisfaction, comment=follow_up.note
        )
        if follow_up.satisfaction == Satisfaction.DISSATISFIED:
            locked.stage = Stage.MEDIATING
            locked.outcome = ""
            locked.concluded_on = None
            history.save(locked, user, _("回访不满意，重新调解"))
        else:
            locked.stage = Stage.FOLLOWED_UP
            history.save(locked, user, _("回访"))
        return follow_up

    return _edit(file, user, change)


def archive(file: MediationFile, user) -> MediationFile:
    """归档: refused while a document of the checklist is missing; closes the case."""

    def change(locked: MediationFile) -> MediationFile:
        missing = [item.label for item in archive_checklist(locked) if not item.done]
        if missing:
            raise MediationRuleError(
                _("卷宗缺少以下材料，不能归档：%(missing)s。") % {"missing": "、".join(missing)}
            )
        _require_step(locked, "archive")
        case_services.close(locked.case, user)
        locked.stage = Stage.ARCHIVED
        locked.archived_at = timezone.now()
        history.save(locked, user, _("归档"))
        return locked

    return _edit(file, user, change)


# --- the one place a file changes -------------------------------------------------------------


def _edit(file: MediationFile, user, change: Callable[[MediationFile], object]):
    """Runs ``change`` on the locked file, for a user who handles its studio's cases, unless archived."""
    with transaction.atomic():
        locked = MediationFile.objects.select_for_update().select_related("case").get(pk=file.pk)
        if not can(user, HANDLE_CASES, locked.case.studio_id):
            raise PermissionDenied
        if locked.is_archived:
            raise MediationRuleError(_("卷宗已归档，不能修改。"))
        return change(locked)


def _require_step(file: MediationFile, step: str) -> None:
    if not can_take(file, step):
        raise MediationRuleError(
            _("卷宗处于“%(stage)s”阶段，不能%(step)s。")
            % {"stage": Stage(file.stage).label, "step": STEP_LABELS[step]}
        )


def _presiding(file: MediationFile) -> Appointment | None:
    presiding = [a for a in file.appointments.all() if a.role == Appointment.Role.PRESIDING]
    return next((a for a in presiding if a.is_active), None)


def _clean_party(party: Party) -> None:
    """Normalises what staff typed; a person's date of birth and sex are read from the ID number (GB 11643:
    digits 7–14 the date, the 17th odd for men) when not given."""
    for name in ("name", "agent", "ethnicity", "occupation", "legal_representative"):
        setattr(party, name, text.clean_line(getattr(party, name)))
    party.phone = privacy.validate_phone(party.phone) if party.phone else ""
    party.id_number = privacy.validate_id_number(party.id_number) if party.id_number else ""
    if party.id_number and party.is_person:
        number = party.id_number
        party.birth_date = party.birth_date or datetime.date(
            int(number[6:10]), int(number[10:12]), int(number[12:14])
        )
        party.gender = party.gender or (
            Party.Gender.MALE if int(number[16]) % 2 else Party.Gender.FEMALE
        )
