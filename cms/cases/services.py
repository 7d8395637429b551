"""Every change to a case, one function per transition, each in a transaction and recorded in the history.

Admin views, public forms, management commands and tests all call these; the rules live nowhere else.
The allowed transitions are the one table ``TRANSITIONS``: each action, the states it starts from, and the
state it leads to.
"""

import hashlib
import secrets
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from cms.cases import calendar, notices
from cms.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseAttachment,
    CaseCategory,
    CaseNote,
    Chase,
    CoHandler,
    ExtensionRequest,
    HandlingUnit,
    Kind,
    Priority,
    Satisfaction,
    Source,
    Status,
)
from cms.core import clock, history, identifiers, privacy, text
from cms.core.access import APPROVE_EXTENSIONS, HANDLE_CASES, can, is_committee_office
from cms.core.rules import require_text
from cms.places.models import Community, Estate


class Action(models.TextChoices):
    ROUTE = "route", _l("分派")
    ASSIGN = "assign", _l("派单")
    START = "start", _l("开始办理")
    RESOLVE = "resolve", _l("办结")
    FOLLOW_UP = "follow_up", _l("回访")
    REOPEN = "reopen", _l("重新办理")
    CLOSE = "close", _l("归档")
    RETURN = "return", _l("退单")
    REROUTE = "reroute", _l("改派")
    MERGE = "merge", _l("合并")


TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    Action.ROUTE: (frozenset({Status.AWAITING_ROUTING}), Status.RECEIVED),
    Action.ASSIGN: (frozenset({Status.RECEIVED}), Status.ASSIGNED),
    Action.START: (frozenset({Status.ASSIGNED}), Status.IN_PROGRESS),
    Action.RESOLVE: (frozenset({Status.IN_PROGRESS}), Status.RESOLVED),
    Action.FOLLOW_UP: (frozenset({Status.RESOLVED}), Status.FOLLOWED_UP),
    Action.REOPEN: (frozenset({Status.RESOLVED}), Status.IN_PROGRESS),  # dissatisfied follow-up
    Action.CLOSE: (frozenset({Status.FOLLOWED_UP}), Status.CLOSED),
    Action.RETURN: (
        frozenset({Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS}),
        Status.RETURNED,
    ),
    Action.REROUTE: (frozenset({Status.RETURNED}), Status.RECEIVED),
    # A duplicate of an earlier case: closed into it. Undoing a merge (``undo_merge``) returns the case to
    # the state it was merged from, read from its history, so it is not a row of this table.
    Action.MERGE: (frozenset({*OPEN_STATUSES, Status.RETURNED}), Status.MERGED),
}
FIRST_CONTACT_WORKING_DAYS = 1
# Until the committee routes it, an unrouted case carries the longest common limit (complaints: 13 days).
UNROUTED_DEADLINE_DAYS = 13
# An urgent case the committee has not routed yet: handled within one working day.
URGENT_DEADLINE_DAYS = 1
REFERENCE_DIGITS = 6
REFERENCE_DRAWS = 10  # a reference already taken is drawn again, at most this many times
# Codes issued before were 8 characters (39.6 bits); they still work: only their hash is stored.
RETRIEVAL_LENGTH = identifiers.code_length(identifiers.SECRET_CODE_BITS)


class CaseRuleError(ValidationError):
    """A change the rules refuse; the message is for the person who asked for it."""


class StaleEditError(CaseRuleError):
    pass


# Work on a case that does not move it to another state, and when each is open.
WORK_ACTIONS: dict[str, Callable[[Case], bool]] = {
    "first_contact": lambda case: case.is_open and case.first_contacted_at is None,
    "co_handler": lambda case: case.is_open and case.studio_id is not None,
    "extend": lambda case: case.is_open,
    "attach": lambda case: case.status != Status.CLOSED,
    "note": lambda case: True,
    "undo_merge": lambda case: case.status == Status.MERGED,  # the committee office only
}


def allowed_actions(case: Case) -> list[str]:
    """Every action open to the case's handlers now: the transitions its state allows, then the work
    actions. A mediation is worked on from its file, step by step (``cms.mediation.services``)."""
    if case.kind == Kind.MEDIATION:
        return []
    moves = [action for action, (sources, _target) in TRANSITIONS.items() if case.status in sources]
    return moves + [action for action, is_open in WORK_ACTIONS.items() if is_open(case)]


def hash_retrieval_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


# --- intake -----------------------------------------------------------------------------------


def create_case(user=None, **fields) -> tuple[Case, str]:
    """Registers a case as 受理 in the category's studio, or as 待分派 for the committee office when the
    resident could not say (no category); returns it with its retrieval code (shown once). Where: an estate
    (its community follows), a community, or a text (an address, or a place not in the list). The fields
    are ``new_case``'s."""
    case, code = new_case(user=user, **fields)
    history.mark(case, user, _("受理"))
    _save_with_new_reference(case)
    return case, code


def new_case(
    *,
    category: CaseCategory | None,
    source: str,
    reporter_name: str,
    reporter_phone: str,
    title: str,
    description: str,
    user=None,
    priority: str | None = None,
    received_at=None,
    contact_time: str = "",
    kind: str = Kind.ISSUE,
    handling_due=None,
    community: Community | None = None,
    estate: Estate | None = None,
    location_text: str = "",
    sms_opt_in: bool = False,
    due_memo: dict | None = None,
) -> tuple[Case, str]:
    """The case ``create_case`` saves, checked and unsaved, with its retrieval code; ``cases.intake``
    inserts many at once. ``due_memo`` keeps computed deadlines by day, category and priority across calls."""
    community = _place(community, estate, location_text)
    studio_id = category.studio_id if category else None
    if user is not None:
        _require(user, HANDLE_CASES, studio_id)
    received_at = received_at or clock.now()
    priority = priority or (category.priority if category else Priority.NORMAL)
    code = identifiers.random_code(RETRIEVAL_LENGTH)
    memo = {} if due_memo is None else due_memo
    key = (timezone.localdate(received_at), category.pk if category else None, priority)
    if key not in memo:
        memo[key] = deadlines(received_at, category, priority)
    due = dict(memo[key])
    if handling_due is not None:
        due["handling_due"] = handling_due
    case = Case(
        kind=Kind(kind),
        studio=category.studio if category else None,
        category=category,
        status=Status.RECEIVED if category else Status.AWAITING_ROUTING,
        source=Source(source),
        community=community,
        estate=estate,
        location_text=location_text.strip(),
        reporter_name=text.clean_line(reporter_name),
        reporter_phone=privacy.validate_phone(reporter_phone),
        title=text.clean_line(title),
        description=description,
        priority=priority,
        received_at=received_at,
        contact_time=contact_time,
        sms_opt_in=sms_opt_in,
        retrieval_code_hash=hash_retrieval_code(code),
        **due,
    )
    return case, code


def _place(community: Community | None, estate: Estate | None, location_text: str):
    """The case's community, checked against its estate; a case must say where it is, one way or another."""
    if isinstance(community, str):
        raise TypeError("community is a Community record; free text goes to location_text")
    if estate is not None:
        if community is not None and community.pk != estate.community_id:
            raise ValueError("the estate is not in the community")
        return community or Community(pk=estate.community_id)
    if community is None and not location_text.strip():
        raise ValueError("a case needs a community, an estate or a location text")
    return community


def deadlines(received_at, category: CaseCategory | None, priority: str) -> dict:
    """The catalogue's deadlines for a case received at ``received_at``.

    一般: first contact within one working day, handling within the category's working days (an unrouted
    case: ``UNROUTED_DEADLINE_DAYS``). 紧急: contact the same working day, handling within the category's
    urgent limit (never longer than its normal one). 特急: both by the end of the day received, even when
    that day is a holiday: an emergency does not wait for the office to open.
    """
    if priority == Priority.EMERGENCY:
        same_day = calendar.end_of_day(timezone.localdate(received_at))
        return {"first_contact_due": same_day, "handling_due": same_day}
    days = category.deadline_days if category else UNROUTED_DEADLINE_DAYS
    contact_days = FIRST_CONTACT_WORKING_DAYS
    if priority == Priority.URGENT:
        contact_days = 0
        urgent_days = category.urgent_deadline_days if category else URGENT_DEADLINE_DAYS
        days = min(days, urgent_days)
    contact, handling = calendar.deadlines(received_at, contact_days, days)
    return {"first_contact_due": contact, "handling_due": handling}


def recomputed_deadlines(case: Case) -> dict:
    """The deadlines ``case`` has under its category and priority now, counted from its receipt, with the
    extensions approved so far added back: used when an edit changes the category or the priority."""
    due = deadlines(case.received_at, case.category, case.priority)
    approved = case.extensions.filter(decision=ExtensionRequest.Decision.APPROVED)
    for days in approved.order_by("decided_at").values_list("days", flat=True):
        due["handling_due"] = calendar.deadline(due["handling_due"], days)
    return due


def _save_with_new_reference(case: Case) -> None:
    # GC-2026-482913: readable, unique by constraint; concurrent intakes draw again on a collision.
    identifiers.save_with_unique(case, "reference", lambda: draw_reference(case))


def draw_reference(case: Case) -> str:
    year = timezone.localdate(case.received_at).year
    return f"GC-{year}-{secrets.randbelow(10**REFERENCE_DIGITS):0{REFERENCE_DIGITS}d}"


# --- transitions ------------------------------------------------------------------------------


def assign(case: Case, user, *, assignee, handling_unit: HandlingUnit | None = None) -> Case:
    """派单: to a case worker of the case's studio, optionally through a handling unit."""

    def change(locked: Case) -> None:
        if locked.studio_id is None or not can(assignee, HANDLE_CASES, locked.studio_id):
            raise CaseRuleError(_("承办人必须是本工作室的案件办理人员。"))
        if handling_unit is not None and handling_unit.studio_id != locked.studio_id:
            raise CaseRuleError(_("承办单位必须属于本工作室。"))
        locked.assignee = assignee
        locked.handling_unit = handling_unit

    with transaction.atomic():
        case = _transition(case, user, Action.ASSIGN, _("派单"), change)
        notices.assigned(case, user)
    return case


def start(case: Case, user) -> Case:
    """办理: the assignee starts work."""
    return _transition(case, user, Action.START, _("开始办理"))


def record_first_contact(case: Case, user, *, note: str) -> Case:
    """The resident was contacted: stops the first-contact clock (once) and keeps the note."""
    require_text(note, _("请填写联系情况。"), CaseRuleError)

    def change(locked: Case) -> None:
        if locked.status not in OPEN_STATUSES:
            raise CaseRuleError(_("只有未办结的诉求可以登记首次联系。"))
        locked.first_contacted_at = locked.first_contacted_at or clock.now()
        _note(locked, user, CaseNote.Kind.INTERNAL, note)

    return _change(case, user, _("首次联系：%(note)s") % {"note": note}, change)


def resolve(case: Case, user, *, reply: str, outcome: str) -> Case:
    """办结: requires the reply the resident will read."""
    require_text(reply, _("办结前必须填写给居民的答复。"), CaseRuleError)
    require_text(outcome, _("请填写办理结果。"), CaseRuleError)

    def change(locked: Case) -> None:
        if locked.co_handlers.filter(status=CoHandler.Status.OPEN).exists():
            raise CaseRuleError(_("还有协办任务未完成，全部完成后才能办结。"))
        locked.resolved_at = clock.now()
        locked.outcome = outcome
        locked.first_contacted_at = locked.first_contacted_at or locked.resolved_at
        _note(locked, user, CaseNote.Kind.PUBLIC_REPLY, reply)

    with transaction.atomic():
        case = _transition(case, user, Action.RESOLVE, _("办结"), change)
        notices.resolved(case, reply)
    return case


def record_follow_up(case: Case, user, *, satisfaction: str, comment: str = "") -> Case:
    """回访: satisfied or basically satisfied ends the case; dissatisfied re-opens it."""
    satisfaction = Satisfaction(satisfaction)
    reopen = satisfaction == Satisfaction.DISSATISFIED
    action = Action.REOPEN if reopen else Action.FOLLOW_UP
    reason = _("回访：%(result)s") % {"result": satisfaction.label}
    if comment:
        reason += f"（{comment}）"

    def change(locked: Case) -> None:
        locked.satisfaction = satisfaction
        if reopen:
            locked.resolved_at = None

    with transaction.atomic():
        case = _transition(case, user, action, reason, change, user_acts=user is not None)
        if reopen:
            notices.dissatisfied(case)
    return case


def close(case: Case, user) -> Case:
    """归档."""

    def change(locked: Case) -> None:
        locked.closed_at = clock.now()

    return _transition(case, user, Action.CLOSE, _("归档"), change)


def return_case(case: Case, user, *, reason: str) -> Case:
    """退单: "not ours", with the reason; the case waits to be re-routed."""
    require_text(reason, _("退单必须说明理由。"), CaseRuleError)

    def change(locked: Case) -> None:
        locked.return_reason = reason

    with transaction.atomic():
        case = _transition(
            case, user, Action.RETURN, _("退单：%(reason)s") % {"reason": reason}, change
        )
        notices.returned(case)
    return case


def route(case: Case, user, *, category: CaseCategory, reason: str) -> Case:
    """The committee office sends an unrouted case to a studio's category; deadlines count from receipt."""
    if not is_committee_office(user):
        raise PermissionDenied

    def change(locked: Case) -> None:
        locked.studio_id = category.studio_id
        locked.category = category
        locked.handling_due = deadlines(locked.received_at, category, locked.priority)[
            "handling_due"
        ]

    text = _("分派至 %(category)s：%(reason)s") % {"category": category, "reason": reason}
    return _transition(case, user, Action.ROUTE, text, change)


def reroute(case: Case, user, *, category: CaseCategory, reason: str) -> Case:
    """Sends a returned case to a (possibly other) studio's category; its clocks restart there."""
    require_text(reason, _("请说明改派理由。"), CaseRuleError)

    def change(locked: Case) -> None:
        if category.studio_id != locked.studio_id and not is_committee_office(user):
            raise CaseRuleError(_("改派到其他工作室须由委员会办公室办理。"))
        now = clock.now()
        locked.studio_id = category.studio_id
        locked.category = category
        locked.assignee = None
        locked.handling_unit = None
        locked.return_reason = ""
        locked.first_contacted_at = None
        for field, due in deadlines(now, category, locked.priority).items():
            setattr(locked, field, due)

    text = _("改派至 %(category)s：%(reason)s") % {"category": category, "reason": reason}
    return _transition(case, user, Action.REROUTE, text, change)


def merge_into(case: Case, user, *, earlier: Case, reason: str) -> Case:
    """Closes ``case`` as a duplicate of ``earlier`` (received before it, not merged itself): the reporter
    follows the earlier reference, and both histories say so."""
    require_text(reason, _("请说明合并理由。"), CaseRuleError)
    with transaction.atomic():
        target = _locked(earlier, user)
        if target.pk == case.pk or target.received_at > case.received_at:
            raise CaseRuleError(_("只能合并到更早受理的诉求。"))
        if target.status == Status.MERGED:
            raise CaseRuleError(_("目标诉求本身已被合并，请合并到 %(ref)s。") % _merged_ref(target))

        def change(locked: Case) -> None:
            locked.merged_into = target
            locked.closed_at = clock.now()

        text = _("合并至 %(ref)s：%(reason)s") % {"ref": target.reference, "reason": reason}
        merged = _transition(case, user, Action.MERGE, text, change)
        history.mark(target, user, _("合并重复诉求 %(ref)s") % {"ref": merged.reference})
        _bump_and_save(target)
        # NOTIFY(merge): the notifications work tells the merged case's reporter here, in this transaction
        # (an outbox row: "your issue is handled under <earlier reference>").
    return merged


def undo_merge(case: Case, user, *, reason: str) -> Case:
    """The committee office undoes a merge: the case returns to the state it was merged from."""
    if not is_committee_office(user):
        raise PermissionDenied
    require_text(reason, _("请说明撤销合并的理由。"), CaseRuleError)
    with transaction.atomic():
        locked = _locked(case, user)
        if locked.status != Status.MERGED:
            raise CaseRuleError(_("该诉求没有被合并。"))
        earlier = Case.objects.select_for_update().get(pk=locked.merged_into_id)
        before = (
            locked.history.exclude(status=Status.MERGED).order_by("-history_date", "-pk").first()
        )
        locked.status = before.status if before is not None else Status.RECEIVED
        locked.merged_into = None
        locked.closed_at = None
        history.mark(
            locked,
            user,
            _("撤销合并（原合并至 %(ref)s）：%(reason)s")
            % {"ref": earlier.reference, "reason": reason},
        )
        _bump_and_save(locked)
        history.mark(earlier, user, _("撤销合并 %(ref)s") % {"ref": locked.reference})
        _bump_and_save(earlier)
    return locked


def _merged_ref(case: Case) -> dict:
    return {"ref": Case.objects.values_list("reference", flat=True).get(pk=case.merged_into_id)}


def take_into_mediation(case: Case, user, *, handling_due, title: str, description: str) -> Case:
    """A resident's open issue becomes a mediation under the same reference (the mediation file is opened
    by ``cms.mediation.services.register``): the file's clock replaces the category's deadline, and the
    dispute is named as the mediators put it (the resident's own words stay in the history)."""

    def change(locked: Case) -> None:
        if locked.kind != Kind.ISSUE or locked.status not in OPEN_STATUSES:
            raise CaseRuleError(_("只有正在办理的居民诉求可以转为调解。"))
        locked.kind = Kind.MEDIATION
        locked.handling_due = handling_due
        locked.title = text.clean_line(title)
        locked.description = description

    return _change(case, user, _("转为纠纷调解，开启调解卷宗（沿用诉求编号）"), change)


# --- joint handling ---------------------------------------------------------------------------


def add_co_handler(
    case: Case, user, *, studio, task: str, handling_unit: HandlingUnit | None = None
) -> CoHandler:
    """The lead studio asks another studio (or one of its units) to take on part of an open case."""
    require_text(task, _("请写明协办任务。"), CaseRuleError)
    with transaction.atomic():
        locked = _locked(case, user)
        if locked.status not in OPEN_STATUSES:
            raise CaseRuleError(_("只有未办结的诉求可以添加协办。"))
        if studio.pk == locked.studio_id:
            raise CaseRuleError(_("协办工作室不能是主办工作室本身。"))
        if handling_unit is not None and handling_unit.studio_id != studio.pk:
            raise CaseRuleError(_("协办单位必须属于协办工作室。"))
        co_handler = CoHandler(
            case=locked, studio=studio, handling_unit=handling_unit, task=task, added_by=user
        )
        history.mark(co_handler, user, _("添加协办"))
        co_handler.save()
        history.mark(
            locked, user, _("请 %(studio)s 协办：%(task)s") % {"studio": studio, "task": task}
        )
        _bump_and_save(locked)
        notices.co_handling_requested(locked, studio.pk)
    return co_handler


def complete_co_task(co_handler: CoHandler, user, *, result: str) -> CoHandler:
    """The co-handling studio reports its part done (its own staff, or the committee office)."""
    require_text(result, _("请填写协办办理情况。"), CaseRuleError)
    with transaction.atomic():
        locked = CoHandler.objects.select_for_update().get(pk=co_handler.pk)
        _require(user, HANDLE_CASES, locked.studio_id)
        if locked.status != CoHandler.Status.OPEN:
            raise CaseRuleError(_("该协办任务已经完成。"))
        locked.status = CoHandler.Status.DONE
        locked.result = result
        locked.done_by = user
        locked.done_at = clock.now()
        history.mark(locked, user, _("完成协办"))
        locked.save()
    return locked


# --- deadlines and notes ----------------------------------------------------------------------


def request_extension(case: Case, user, *, days: int, reason: str) -> ExtensionRequest:
    require_text(reason, _("申请延期必须说明理由。"), CaseRuleError)
    if days < 1:
        raise CaseRuleError(_("延长的工作日数至少为 1。"))
    with transaction.atomic():
        locked = _locked(case, user)
        if locked.status not in OPEN_STATUSES:
            raise CaseRuleError(_("只有未办结的诉求可以申请延期。"))
        if locked.extensions.filter(decision=ExtensionRequest.Decision.PENDING).exists():
            raise CaseRuleError(_("已有待审批的延期申请。"))
        extension = ExtensionRequest(case=locked, days=days, reason=reason, requested_by=user)
        history.mark(extension, user, reason)
        extension.save()
        history.mark(
            locked,
            user,
            _("申请延期 %(days)s 个工作日：%(reason)s") % {"days": days, "reason": reason},
        )
        _bump_and_save(locked)
    return extension


def decide_extension(extension: ExtensionRequest, user, *, approve: bool) -> ExtensionRequest:
    """A studio lead (or the committee office) approves or refuses; approval moves the handling deadline."""
    if not can(user, APPROVE_EXTENSIONS, extension.case.studio_id):
        raise PermissionDenied
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=extension.case_id)
        extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
        if extension.decision != ExtensionRequest.Decision.PENDING:
            raise CaseRuleError(_("该延期申请已经审批。"))
        extension.decision = (
            ExtensionRequest.Decision.APPROVED if approve else ExtensionRequest.Decision.REJECTED
        )
        extension.decided_by = user
        extension.decided_at = clock.now()
        history.mark(extension, user, extension.get_decision_display())
        extension.save()
        if approve:
            locked.handling_due = calendar.deadline(locked.handling_due, extension.days)
        verdict = _("批准延期") if approve else _("不批准延期")
        history.mark(locked, user, f"{verdict} {extension.days}")
        _bump_and_save(locked)
        notices.extension_decided(locked, extension)
    return extension


def add_note(case: Case, user, *, text: str) -> CaseNote:
    """An internal note (staff only)."""
    require_text(text, _("备注内容不能为空。"), CaseRuleError)
    with transaction.atomic():
        locked = _locked(case, user)
        return _note(locked, user, CaseNote.Kind.INTERNAL, text)


def add_partner_note(case: Case, user, *, text: str) -> CaseNote:
    """An internal note written on the case for someone outside its studio by another app's service
    (a social-work project answering a referral, ``cms.projects.services``), which has checked that
    person's right on its own record. It shows in the case's timeline like any note."""
    require_text(text, _("备注内容不能为空。"), CaseRuleError)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        return _note(locked, user, CaseNote.Kind.INTERNAL, text)


def submit_online(*, category: CaseCategory | None, uploads=(), **fields) -> tuple[Case, str]:
    """A resident's online submission: the case (source "online form") and its checked files, at once.

    ``uploads`` are (file, content type) pairs already checked by ``cms.core.uploads``.
    """
    for _attempt in range(REFERENCE_DRAWS):
        case, code = new_case(category=category, source=Source.ONLINE, **fields)
        history.mark(case, None, _("受理"))
        case.reference = draw_reference(case)
        inserted = False
        try:
            with transaction.atomic():
                # The case is the transaction's first row, so no savepoint guards its INSERT (as
                # ``create_case``'s does): a reference drawn meanwhile by another intake rolls back the
                # whole transaction, nothing in it yet, and the submission is made again with a new draw.
                # Two round trips fewer for every submission (SAVEPOINT, RELEASE).
                case.save()
                inserted = True
                for upload, content_type in uploads:
                    _store_attachment(case, None, upload, content_type)
                notices.received(case)
        except IntegrityError:
            if inserted or not identifiers.taken(case, "reference"):
                raise
        else:
            return case, code
    raise RuntimeError(f"no free case reference after {REFERENCE_DRAWS} draws")


def add_attachment(case: Case, user, *, upload, content_type: str) -> CaseAttachment:
    """Keeps a checked photo or PDF in private storage under a random name (never the uploaded one)."""
    with transaction.atomic():
        return _store_attachment(_locked(case, user), user, upload, content_type)


def _store_attachment(case: Case, user, upload, content_type: str) -> CaseAttachment:
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        content_type, "webp"
    )
    item = CaseAttachment(
        case=case,
        original_name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    item.file.save(f"{secrets.token_hex(16)}.{extension}", upload, save=False)
    history.mark(item, user, _("上传附件"))
    item.save()
    return item


def save_edit(case: Case, user, *, expected_version: int) -> Case:
    """Saves an edit made in a form opened at ``expected_version``; refuses it if someone saved since."""
    with transaction.atomic():
        current = _locked(case, user)
        if current.version != expected_version:
            raise StaleEditError(
                _(
                    "该诉求在您编辑期间已被他人修改。请重新加载页面，核对后再保存；您的修改尚未保存。"
                )
            )
        case.version = current.version
        case.reporter_phone = privacy.validate_phone(case.reporter_phone)
        case.reporter_name = text.clean_line(case.reporter_name)
        case.title = text.clean_line(case.title)
        reason = _("编辑")
        if case.category_id != current.category_id or case.priority != current.priority:
            reason = _recompute_deadlines(current, case)
        history.mark(case, user, reason)
        _bump_and_save(case)
    return case


def _recompute_deadlines(current: Case, case: Case) -> str:
    """A new category or priority brings the catalogue's deadlines for it (a mediation keeps the file's
    one-month clock); returns the history's reason, naming the change and the new handling deadline."""
    if case.category_id != current.category_id and case.category.studio_id != current.studio_id:
        raise CaseRuleError(_("不能改为其他工作室的类别；如需转给其他工作室，请退单后改派。"))
    changes = []
    if case.category_id != current.category_id:
        changes.append(
            _("类别由“%(old)s”改为“%(new)s”")
            % {"old": current.category.name if current.category else "—", "new": case.category.name}
        )
    if case.priority != current.priority:
        changes.append(
            _("优先级由“%(old)s”改为“%(new)s”")
            % {"old": Priority(current.priority).label, "new": Priority(case.priority).label}
        )
    if case.kind == Kind.MEDIATION:
        return _("编辑：%(changes)s") % {"changes": "，".join(changes)}
    for field, due in recomputed_deadlines(case).items():
        setattr(case, field, due)
    return _("编辑：%(changes)s，办理时限重新计算为 %(due)s") % {
        "changes": "，".join(changes),
        "due": f"{timezone.localtime(case.handling_due):%Y-%m-%d %H:%M}",
    }


# --- the one place a state changes -----------------------------------------------------------


def _transition(
    case: Case,
    user,
    action: str,
    reason: str,
    change: Callable[[Case], None] | None = None,
    user_acts: bool = True,
) -> Case:
    with transaction.atomic():
        locked = (
            _locked(case, user) if user_acts else Case.objects.select_for_update().get(pk=case.pk)
        )
        sources, target = TRANSITIONS[action]
        if locked.status not in sources:
            raise CaseRuleError(
                _("状态为“%(status)s”的诉求不能%(action)s。")
                % {"status": Status(locked.status).label, "action": Action(action).label}
            )
        if change is not None:
            change(locked)
        locked.status = target
        history.mark(locked, user, reason)
        _bump_and_save(locked)
    return locked


def _change(case: Case, user, reason: str, change: Callable[[Case], None]) -> Case:
    with transaction.atomic():
        locked = _locked(case, user)
        change(locked)
        history.mark(locked, user, reason)
        _bump_and_save(locked)
    return locked


def _locked(case: Case, user) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    _require(user, HANDLE_CASES, locked.studio_id)
    return locked


def _require(user, action: str, studio_id: int | None) -> None:
    if not can(user, action, studio_id):
        raise PermissionDenied


def _note(case: Case, user, kind: str, text: str) -> CaseNote:
    note = CaseNote(case=case, kind=kind, text=text.strip(), author=user, created_at=clock.now())
    history.mark(note, user, note.get_kind_display())
    note.save()
    return note


def _bump_and_save(case: Case) -> None:
    case.version += 1
    case.save()


# --- chasers ----------------------------------------------------------------------------------


def may_chase(user, case: Case) -> bool:
    """The studio's leads and the committee office (the same people who decide extensions)."""
    return case.studio_id is not None and can(user, APPROVE_EXTENSIONS, case.studio_id)


def chase(case: Case, user, *, note: str) -> Chase:
    """催办: a lead of the case's studio or the committee office presses for progress; the note goes into
    the case's history and the assignee (the studio's leads while nobody is assigned) is told."""
    require_text(note, _("请填写催办意见。"), CaseRuleError)
    if not may_chase(user, case):
        raise PermissionDenied
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status not in OPEN_STATUSES:
            raise CaseRuleError(_("只有未办结的诉求可以催办。"))
        item = Chase.objects.create(case=locked, note=note.strip(), by=user)
        history.mark(locked, user, _("催办：%(note)s") % {"note": note.strip()})
        _bump_and_save(locked)
        notices.chased(locked, user)
    return item
