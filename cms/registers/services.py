"""Every change to the registers and the work recorded with them, one function per change, each in a
transaction with its row locked and its history written with who and why (``cms.core.history``).

Public forms, admin views, the demo and tests all call these; the rules live nowhere else.
"""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.cases import cached_tables, calendar
from cms.cases import services as case_services
from cms.cases.access import may_see
from cms.cases.models import Case, Source
from cms.core import history, identifiers, privacy
from cms.core.access import MANAGE_REGISTERS, can
from cms.core.rules import require_text
from cms.registers.models import (
    Booking,
    CareService,
    Engagement,
    Member,
    MemberState,
    ObserverReport,
    Register,
    RegisterKind,
    StationDay,
    TalentService,
)
from cms.registers.models.members import PROFILES

# A member's states: the change, the states it starts from, the state it leads to.
MEMBER_TRANSITIONS = {
    "verify": ({MemberState.SUBMITTED}, MemberState.VERIFIED),
    "withdraw": ({MemberState.SUBMITTED, MemberState.VERIFIED}, MemberState.WITHDRAWN),
    # The retention job's: only an enrolment no one verified (cms/registers/retention.py).
    "expire": ({MemberState.SUBMITTED}, MemberState.WITHDRAWN),
}
# A talent service's states, handled like a small case.
SERVICE_TRANSITIONS = {
    "handle": ({TalentService.State.RECEIVED}, TalentService.State.HANDLED),
    "answer": (
        {TalentService.State.RECEIVED, TalentService.State.HANDLED},
        TalentService.State.ANSWERED,
    ),
}
TALENT_SERVICE_WORKING_DAYS = 5
DEFAULT_SEATS = 12
BOOKING_DAYS_AHEAD = 14
# Three no-shows in the last 90 days and a phone books no more seats for a while (seats are few).
NO_SHOW_LIMIT = 3
NO_SHOW_WINDOW_DAYS = 90
CODE_LENGTH = 8
ANONYMOUS_NAME = "已撤回"
# Free text in a profile that could point at the person; cleared on withdrawal.
_PROFILE_TEXT = ("origin", "current_city", "employer", "platform", "usual_area")


class RegisterRuleError(ValidationError):
    """A change the rules refuse; the message is for the person who asked for it."""


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def _require(user, studio_id: int) -> None:
    if not can(user, MANAGE_REGISTERS, studio_id):
        raise PermissionDenied


# --- members ----------------------------------------------------------------------------------


def enrol(
    register: Register,
    *,
    name: str,
    phone: str,
    profile: dict,
    id_number: str = "",
    community=None,
    estate=None,
    named_publicly: bool = False,
    user=None,
    enrolled_at=None,
) -> Member:
    """A person enrols (public form) or is enrolled by staff (``user``): state 待核实, consent to the
    register's current notice recorded, one enrolment per phone per register."""
    if user is not None:
        _require(user, register.studio_id)
    require_text(name, _("请填写姓名。"), RegisterRuleError)
    phone = privacy.validate_phone(phone)
    # Only a register that states why it needs one keeps an ID number (PIPL: sensitive data).
    id_number = privacy.validate_id_number(id_number) if register.needs_id_number else ""
    now = enrolled_at or timezone.now()
    member = Member(
        register=register,
        studio_id=register.studio_id,
        name=name.strip(),
        phone=phone,
        id_number=id_number,
        community=community,
        estate=estate,
        named_publicly=named_publicly,
        consented_at=now,
        notice_version=register.notice_version,
        enrolled_at=now,
    )
    already = _("这个手机号码已经在本名册登记过，无需重复登记。")
    try:
        with transaction.atomic():
            if Member.objects.current().filter(register=register, phone=phone).exists():
                raise RegisterRuleError(already)
            history.save(member, user, _("登记"))
            history.save(PROFILES[register.kind](member=member, **profile), user, _("登记"))
    except IntegrityError as clash:  # a simultaneous enrolment with the same phone won
        raise RegisterRuleError(already) from clash
    return member


def verify(member: Member, user) -> tuple[Member, str]:
    """核实 by the studio's staff. A new-employment member is given an observer code (shown once)."""
    code = ""

    def change(locked: Member) -> None:
        nonlocal code
        locked.verified_by = user
        locked.verified_at = timezone.now()
        if locked.register.kind == RegisterKind.NEW_EMPLOYMENT:
            code = identifiers.random_code(CODE_LENGTH)
            locked.observer_code_hash = hash_code(code)

    _require(user, member.studio_id)
    return _transition(member, user, "verify", _("核实"), change), code


def withdraw(member: Member, user, *, reason: str) -> Member:
    """The person withdraws: the row and every history row of it and its profile are anonymised, their
    bookings too; the row stays, counted as withdrawn."""
    require_text(reason, _("请填写撤回原因（如：本人电话申请撤回）。"), RegisterRuleError)
    _require(user, member.studio_id)
    reason = _("撤回：%(reason)s") % {"reason": reason}
    return _transition(member, user, "withdraw", reason, _withdrawn)


def withdraw_unverified(member: Member, *, days: int) -> bool:
    """The retention job (no user): an enrolment still unverified after ``days`` is withdrawn and
    anonymised as if the person had asked; returns whether it was. One verified or withdrawn meanwhile
    is left as it is."""
    reason = _("超过 %(days)s 天未核实，按保存期限撤回") % {"days": days}
    try:
        _transition(member, None, "expire", reason, _withdrawn)
    except RegisterRuleError:
        return False
    return True


def _withdrawn(member: Member) -> None:
    member.withdrawn_at = timezone.now()
    _anonymise(member)


def _anonymise(member: Member) -> None:
    blank = {"name": ANONYMOUS_NAME, "phone": "", "id_number": "", "named_publicly": False}
    for field, value in blank.items():
        setattr(member, field, value)
    member.estate = None
    member.observer_code_hash = ""
    member.history.filter(id=member.pk).update(**blank, estate=None)
    profile_model = PROFILES[member.register.kind]
    profile = profile_model.objects.filter(member=member).first()
    if profile is not None:
        cleared = {f: "" for f in _PROFILE_TEXT if hasattr(profile, f)}
        for field, value in cleared.items():
            setattr(profile, field, value)
        profile.save()  # no history row: it would only record the anonymisation
        profile_model.history.filter(id=profile.pk).update(**cleared)
    bookings = Booking.objects.filter(member=member)
    Booking.history.filter(id__in=bookings.values("pk")).update(name=ANONYMOUS_NAME, phone="")
    for booking in bookings:
        booking.name, booking.phone = ANONYMOUS_NAME, ""
        booking.save(update_fields=["name", "phone"])


def _transition(member: Member, user, action: str, reason: str, change) -> Member:
    """Moves ``member`` along ``MEMBER_TRANSITIONS[action]`` under a row lock, applies ``change`` to it and
    writes a history row by ``user`` (None: the system, for a scheduled job). The caller checks the
    user's rights; a member no longer in a state the action starts from is refused."""
    sources, target = MEMBER_TRANSITIONS[action]
    with transaction.atomic():
        locked = Member.objects.select_for_update().select_related("register").get(pk=member.pk)
        if locked.state not in sources:
            raise RegisterRuleError(
                _("当前状态（%(state)s）不能进行此操作。") % {"state": locked.get_state_display()}
            )
        locked.state = target
        change(locked)
        history.save(locked, user, reason)
    return locked


MEMBER_EDITABLE = ("name", "phone", "id_number", "community", "estate", "named_publicly")


def edit_member(
    member: Member, user, *, reason: str = "", profile: dict | None = None, **fields
) -> list[str]:
    """Staff correct a member's details (admin edit form, ledger import): the names of what changed are
    returned; nothing changed, nothing written. A withdrawn member is anonymised and stays so."""
    _require(user, member.studio_id)
    unknown = set(fields) - set(MEMBER_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        locked = Member.objects.select_for_update().select_related("register").get(pk=member.pk)
        if locked.state == MemberState.WITHDRAWN:
            raise RegisterRuleError(_("已撤回的登记人员不能修改。"))
        if "name" in fields:
            require_text(fields["name"], _("请填写姓名。"), RegisterRuleError)
            fields["name"] = fields["name"].strip()
        if "phone" in fields:
            fields["phone"] = privacy.validate_phone(fields["phone"])
        if fields.get("id_number"):
            if not locked.register.needs_id_number:
                raise RegisterRuleError(_("本名册不登记身份证号码。"))
            fields["id_number"] = privacy.validate_id_number(fields["id_number"])
        if fields.get("estate") is not None and fields.get("community", locked.community) is None:
            fields["community"] = fields["estate"].community
        changed = [
            str(Member._meta.get_field(name).verbose_name)
            for name, value in fields.items()
            if getattr(locked, name) != value
        ]
        for name, value in fields.items():
            setattr(locked, name, value)
        why = reason or _("修改")
        profile_model = PROFILES[locked.register.kind]
        current = profile_model.objects.filter(member=locked).first() or profile_model(
            member=locked
        )
        profile_changed = [
            str(profile_model._meta.get_field(name).verbose_name)
            for name, value in (profile or {}).items()
            if getattr(current, name) != value
        ]
        if changed:
            clash = (
                Member.objects.current()
                .filter(register_id=locked.register_id, phone=locked.phone)
                .exclude(pk=locked.pk)
            )
            if "phone" in fields and clash.exists():
                raise RegisterRuleError(_("这个手机号码已经在本名册登记过，无需重复登记。"))
            history.save(locked, user, why)
        if profile_changed:
            for name, value in profile.items():
                setattr(current, name, value)
            history.save(current, user, why)
    member.refresh_from_db()
    return changed + profile_changed


def edit_notice(register: Register, user, **fields) -> Register:
    """The committee office or the owning studio's staff change the register's notice (purpose,
    retention, withdrawal); members keep the version they agreed to, so a changed notice is a new version."""
    _require(user, register.studio_id)
    with transaction.atomic():
        locked = Register.objects.select_for_update().get(pk=register.pk)
        changed = {name: value for name, value in fields.items() if getattr(locked, name) != value}
        if not changed:
            return locked
        for name in ("purpose", "withdrawal_text"):
            if name in changed:
                require_text(changed[name], _("请填写告知内容。"), RegisterRuleError)
        for name, value in changed.items():
            setattr(locked, name, value)
        locked.notice_version += 1
        history.save(locked, user, _("修改告知书（第 %(v)s 版）") % {"v": locked.notice_version})
    return locked


# --- 新乡贤: engagements ---------------------------------------------------------------------------


def record_engagement(
    user, member: Member, *, kind: str, happened_on: datetime.date, summary: str, case=None
) -> Engagement:
    _require(user, member.studio_id)
    require_text(summary, _("请填写参与内容。"), RegisterRuleError)
    if member.register.kind != RegisterKind.SAGES or member.state != MemberState.VERIFIED:
        raise RegisterRuleError(_("只能为已核实的新乡贤登记参与记录。"))
    if case is not None and not may_see(user, case):
        raise PermissionDenied
    engagement = Engagement(
        member=member,
        studio_id=member.studio_id,
        kind=Engagement.Kind(kind),
        happened_on=happened_on,
        summary=summary.strip(),
        case=case,
        recorded_by=user,
    )
    history.save(engagement, user, _("登记参与记录"))
    return engagement


# --- 人才: talent services ---------------------------------------------------------------------------


def open_talent_service(
    user, member: Member, *, need: str, description: str, received_at=None
) -> TalentService:
    """受理 a talent's request; the answer is due within five working days (the working-day calendar)."""
    _require(user, member.studio_id)
    require_text(description, _("请填写需求内容。"), RegisterRuleError)
    if member.register.kind != RegisterKind.TALENTS or member.state == MemberState.WITHDRAWN:
        raise RegisterRuleError(_("只能为名册中的人才登记服务需求。"))
    received_at = received_at or timezone.now()
    service = TalentService(
        member=member,
        studio_id=member.studio_id,
        need=need,
        description=description.strip(),
        received_at=received_at,
        due_at=calendar.deadline(received_at, TALENT_SERVICE_WORKING_DAYS),
    )
    history.save(service, user, _("受理"))
    return service


def handle_talent_service(service: TalentService, user) -> TalentService:
    def change(locked: TalentService) -> None:
        locked.handler = user

    return _move_service(service, user, "handle", _("开始办理"), change)


def answer_talent_service(service: TalentService, user, *, answer: str) -> TalentService:
    require_text(answer, _("请填写给人才的答复。"), RegisterRuleError)

    def change(locked: TalentService) -> None:
        locked.handler = locked.handler or user
        locked.answer = answer.strip()
        locked.answered_at = timezone.now()

    return _move_service(service, user, "answer", _("答复"), change)


def _move_service(service: TalentService, user, action: str, reason: str, change) -> TalentService:
    _require(user, service.studio_id)
    sources, target = SERVICE_TRANSITIONS[action]
    with transaction.atomic():
        locked = TalentService.objects.select_for_update().get(pk=service.pk)
        if locked.state not in sources:
            raise RegisterRuleError(
                _("当前状态（%(state)s）不能进行此操作。") % {"state": locked.get_state_display()}
            )
        locked.state = target
        change(locked)
        history.save(locked, user, reason)
    return locked


# --- 人才驿站: bookings ------------------------------------------------------------------------------


def bookable_days(today: datetime.date | None = None) -> list[datetime.date]:
    """Working days from tomorrow for two weeks (the calendar's holidays and make-up days count)."""
    today = today or timezone.localdate()
    overrides = cached_tables.calendar_days()
    days = (today + datetime.timedelta(days=n) for n in range(1, BOOKING_DAYS_AHEAD + 1))
    return [day for day in days if calendar.is_working_day(day, overrides)]


def book(*, day: datetime.date, name: str, phone: str, today=None) -> tuple[Booking, str]:
    """A seat for a day, for anyone with a phone; returns the booking and its cancellation code.

    The day's row is locked while seats are counted, so simultaneous requests cannot overfill it; the
    partial unique constraint refuses a second booking of one phone for one day even if checks race."""
    require_text(name, _("请填写姓名。"), RegisterRuleError)
    phone = privacy.validate_phone(phone)
    if day not in bookable_days(today):
        raise RegisterRuleError(_("只能预约未来两周内的工作日。"))
    since = timezone.localdate() - datetime.timedelta(days=NO_SHOW_WINDOW_DAYS)
    no_shows = Booking.objects.filter(
        phone=phone, state=Booking.State.NO_SHOW, station_day__day__gte=since
    ).count()
    if no_shows >= NO_SHOW_LIMIT:
        raise RegisterRuleError(_("近 90 天内有 3 次预约未到场，暂不能在线预约，请致电工作室。"))
    code = identifiers.random_code(CODE_LENGTH)
    taken = _("这个手机号码已预约当天的座位。")
    try:
        with transaction.atomic():
            StationDay.objects.get_or_create(day=day, defaults={"seats": DEFAULT_SEATS})
            station_day = StationDay.objects.select_for_update().get(day=day)
            if station_day.closed:
                raise RegisterRuleError(_("当天人才驿站不开放，请选择其他日期。"))
            booked = station_day.bookings.exclude(state=Booking.State.CANCELLED)
            if booked.filter(phone=phone).exists():
                raise RegisterRuleError(taken)
            if booked.count() >= station_day.seats:
                raise RegisterRuleError(_("当天座位已约满，请选择其他日期。"))
            booking = Booking(
                station_day=station_day,
                name=name.strip(),
                phone=phone,
                member=_talent_with_phone(phone),
                code_hash=hash_code(code),
            )
            history.save(booking, None, _("在线预约"))
    except IntegrityError as clash:
        raise RegisterRuleError(taken) from clash
    return booking, code


def _talent_with_phone(phone: str) -> Member | None:
    return (
        Member.objects.current()
        .filter(register__kind=RegisterKind.TALENTS, phone=phone)
        .only("pk")
        .first()
    )


def seats_left(day: datetime.date) -> int:
    station_day = StationDay.objects.filter(day=day).first()
    if station_day is None:
        return DEFAULT_SEATS
    taken = station_day.bookings.exclude(state=Booking.State.CANCELLED).count()
    return max(station_day.seats - taken, 0)


def cancel_booking(*, day: datetime.date, phone: str, code: str) -> Booking:
    """The booker cancels with the phone and the code given at booking; the seat is free again."""
    phone = privacy.normalise_phone(phone)
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .filter(station_day__day=day, phone=phone, state=Booking.State.BOOKED)
            .first()
        )
        if booking is None or not secrets.compare_digest(booking.code_hash, hash_code(code)):
            raise RegisterRuleError(_("没有找到这项预约，请核对日期、手机号码和取消码。"))
        booking.state = Booking.State.CANCELLED
        history.save(booking, None, _("预约人取消"))
    return booking


def record_attendance(booking: Booking, user, *, attended: bool) -> Booking:
    """After the day: attended, or a no-show (three within 90 days pause a phone's online booking)."""
    _require_station(user)
    with transaction.atomic():
        locked = (
            Booking.objects.select_for_update().select_related("station_day").get(pk=booking.pk)
        )
        if locked.state != Booking.State.BOOKED:
            raise RegisterRuleError(_("只有有效的预约可以登记到场情况。"))
        if locked.station_day.day > timezone.localdate():
            raise RegisterRuleError(_("预约日期还没到，不能登记到场情况。"))
        locked.state = Booking.State.ATTENDED if attended else Booking.State.NO_SHOW
        history.save(locked, user, _("已到场") if attended else _("未到场"))
    return locked


def station_studio_id() -> int:
    """The 人才驿站 belongs to the talents register's studio (04)."""
    return Register.objects.values_list("studio_id", flat=True).get(kind=RegisterKind.TALENTS)


def _require_station(user) -> None:
    _require(user, station_studio_id())


# --- 新就业群体: care services and observers ---------------------------------------------------------


def record_care(
    user, member: Member, *, kind: str, station: str, served_on: datetime.date, note: str = ""
) -> CareService:
    _require(user, member.studio_id)
    require_text(station, _("请填写驿站或服务地点。"), RegisterRuleError)
    if member.register.kind != RegisterKind.NEW_EMPLOYMENT or member.state == MemberState.WITHDRAWN:
        raise RegisterRuleError(_("只能为名册中的新就业群体登记关怀服务。"))
    care = CareService(
        member=member,
        studio_id=member.studio_id,
        kind=CareService.Kind(kind),
        station=station.strip(),
        served_on=served_on,
        note=note.strip(),
        recorded_by=user,
    )
    history.save(care, user, _("登记关怀服务"))
    return care


def observer(phone: str, code: str) -> Member | None:
    """The verified new-employment member with this phone and observer code, if any."""
    member = (
        Member.objects.verified()
        .filter(register__kind=RegisterKind.NEW_EMPLOYMENT, phone=privacy.normalise_phone(phone))
        .exclude(observer_code_hash="")
        .first()
    )
    if member is None or not secrets.compare_digest(member.observer_code_hash, hash_code(code)):
        return None
    return member


def report_as_observer(
    *,
    phone: str,
    code: str,
    title: str,
    description: str,
    location_text: str,
    community=None,
    reported_at=None,
) -> tuple[Case, str]:
    """A community observer's report becomes a case awaiting routing by the committee office (what a rider
    sees may be any studio's work), source 新就业群体观察员, linked to the observer; returns the case and
    its retrieval code for the status page."""
    require_text(location_text, _("请填写发现问题的具体位置。"), RegisterRuleError)
    member = observer(phone, code)
    if member is None:
        raise RegisterRuleError(
            _("手机号码或观察员码不正确。观察员码在工作室核实登记时发给您，如遗失请联系工作室。")
        )
    with transaction.atomic():
        case, retrieval = case_services.create_case(
            category=None,
            source=Source.OBSERVER,
            community=community,
            location_text=location_text,
            reporter_name=member.name,
            reporter_phone=member.phone,
            title=title,
            description=description,
            received_at=reported_at,
        )
        ObserverReport.objects.create(member=member, case=case, reported_at=case.received_at)
    return case, retrieval
