"""The registers' rules through the services: enrolment, verification, engagements, withdrawal with its
anonymisation (history included), talent services, the station's bookings and observers' reports."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cms.cases import services as case_services
from cms.cases.models import Source, Status
from cms.registers import figures, services
from cms.registers.models import (
    Booking,
    Engagement,
    MemberState,
    RegisterKind,
    SageProfile,
    StationDay,
    TalentService,
)
from tests.factories import cases as case_factories
from tests.factories import registers as f
from tests.factories.cases import user

pytestmark = pytest.mark.django_db


def test_a_sage_enrols_is_verified_engages_and_withdraws_leaving_no_personal_data_in_history():
    sage = f.member(RegisterKind.SAGES, phone="139 0000 2222", name="黄国荣")
    assert sage.phone == "13900002222"  # normalised
    assert (sage.state, sage.notice_version) == (MemberState.SUBMITTED, 1)
    worker = user("worker02")
    sage, code = services.verify(sage, worker)
    assert (sage.state, sage.verified_by, code) == (MemberState.VERIFIED, worker, "")
    case = case_factories.new_case("02", "咨询")
    engagement = services.record_engagement(
        worker,
        sage,
        kind=Engagement.Kind.COUNCIL,
        happened_on=timezone.localdate(),
        summary="参加东二社区加装电梯议事会",
        case=case,
    )
    assert (engagement.studio_id, engagement.case) == (sage.studio_id, case)

    services.withdraw(sage, worker, reason="本人电话申请撤回")

    sage.refresh_from_db()
    assert (sage.state, sage.name, sage.phone) == (MemberState.WITHDRAWN, "已撤回", "")
    rows = list(sage.history.order_by("history_date"))
    assert [r.history_type for r in rows] == ["+", "~", "~"]
    assert rows[-1].history_user == worker and rows[-1].history_change_reason.startswith("撤回")
    assert {r.name for r in rows} == {"已撤回"} and {r.phone for r in rows} == {""}
    profile = SageProfile.objects.get(member=sage)
    assert profile.origin == "" and profile.current_city == ""
    assert set(SageProfile.history.filter(id=profile.pk).values_list("origin", flat=True)) == {""}
    counted = figures.register_figures(sage.register)
    assert (counted["withdrawn"], counted["registered"]) == (1, 0)
    assert Engagement.objects.filter(member=sage).count() == 1  # the work stays, without the person


def test_one_enrolment_per_phone_per_register_until_withdrawn():
    first = f.member(RegisterKind.NEW_EMPLOYMENT, phone="13900003333")
    with pytest.raises(ValidationError, match="已经在本名册登记"):
        f.member(RegisterKind.NEW_EMPLOYMENT, phone="+86 139-0000-3333")
    f.member(RegisterKind.SAGES, phone="13900003333")  # another register: allowed
    services.withdraw(first, user("worker05"), reason="本人申请")
    again = f.member(RegisterKind.NEW_EMPLOYMENT, phone="13900003333")
    assert again.state == MemberState.SUBMITTED


def test_an_id_number_is_kept_only_where_the_register_needs_one_and_must_be_valid():
    with pytest.raises(ValidationError, match="身份证号码不正确"):
        f.member(RegisterKind.TALENTS, id_number="440605198001019990")
    talent = f.member(RegisterKind.TALENTS)
    assert talent.id_number == f.ID_NUMBER
    sage = f.member(RegisterKind.SAGES, phone="13900004444", id_number=f.ID_NUMBER)
    assert sage.id_number == ""


def test_only_the_owning_studio_or_the_committee_office_verifies():
    rider = f.member(RegisterKind.NEW_EMPLOYMENT)
    with pytest.raises(PermissionDenied):
        services.verify(rider, user("worker02"))
    member, code = services.verify(rider, user("office"))
    assert member.state == MemberState.VERIFIED and len(code) == 8
    with pytest.raises(ValidationError, match="不能进行此操作"):
        services.verify(member, user("worker05"))


def test_a_talent_service_runs_received_handled_answered_with_a_working_day_deadline():
    talent = f.member(RegisterKind.TALENTS)
    worker = user("worker04")
    friday = timezone.make_aware(datetime.datetime(2026, 3, 6, 10, 0))
    service = services.open_talent_service(
        worker, talent, need="schooling", description="孩子秋季入学咨询", received_at=friday
    )
    # Five working days after Friday 6 March 2026: Friday 13 March, end of day.
    assert timezone.localtime(service.due_at).date() == datetime.date(2026, 3, 13)
    with pytest.raises(ValidationError, match="请填写给人才的答复"):
        services.answer_talent_service(service, worker, answer=" ")
    service = services.handle_talent_service(service, worker)
    service = services.answer_talent_service(
        service, worker, answer="已对接教育部门，材料清单见短信。"
    )
    assert service.state == TalentService.State.ANSWERED
    assert [r.history_change_reason for r in service.history.order_by("history_date")] == [
        "受理",
        "开始办理",
        "答复",
    ]
    with pytest.raises(ValidationError):
        services.handle_talent_service(service, worker)


def _next_bookable_day() -> datetime.date:
    return services.bookable_days()[0]


def test_station_bookings_respect_seats_refuse_double_booking_and_free_a_seat_on_cancel():
    day = _next_bookable_day()
    StationDay.objects.create(day=day, seats=2)
    first, code = services.book(day=day, name="李嘉欣", phone="13900005555")
    with pytest.raises(ValidationError, match="已预约当天"):
        services.book(day=day, name="李嘉欣", phone="139 0000 5555")
    services.book(day=day, name="何子豪", phone="13900006666")
    with pytest.raises(ValidationError, match="约满"):
        services.book(day=day, name="罗雅婷", phone="13900007777")
    with pytest.raises(ValidationError, match="没有找到"):
        services.cancel_booking(day=day, phone="13900005555", code="WRONG123")
    services.cancel_booking(day=day, phone="13900005555", code=code)
    assert services.seats_left(day) == 1
    services.book(day=day, name="罗雅婷", phone="13900007777")
    first.refresh_from_db()
    assert first.state == Booking.State.CANCELLED


def test_a_day_outside_the_next_two_weeks_cannot_be_booked():
    with pytest.raises(ValidationError, match="未来两周"):
        services.book(day=timezone.localdate(), name="李嘉欣", phone="13900005555")


def test_three_no_shows_pause_a_phone_and_attendance_waits_for_the_day():
    worker = user("worker04")
    day = _next_bookable_day()
    booking, _code = services.book(day=day, name="李嘉欣", phone="13900005555")
    with pytest.raises(ValidationError, match="还没到"):
        services.record_attendance(booking, worker, attended=False)
    with pytest.raises(PermissionDenied):
        services.record_attendance(booking, user("worker05"), attended=False)
    for n in range(3):
        past = StationDay.objects.create(
            day=timezone.localdate() - datetime.timedelta(days=n + 1), seats=5
        )
        missed = Booking.objects.create(
            station_day=past, name="李嘉欣", phone="13900008888", code_hash="x"
        )
        services.record_attendance(missed, worker, attended=False)
    with pytest.raises(ValidationError, match="未到场"):
        services.book(day=day, name="李嘉欣", phone="13900008888")


def test_an_observers_report_becomes_a_linked_case_and_is_counted_until_resolved():
    rider, code = f.verified(RegisterKind.NEW_EMPLOYMENT)
    case, retrieval = services.report_as_observer(
        phone="13900001111",
        code=code.lower(),
        location_text="桂澜路与南海大道路口",
        title="路口路灯不亮",
        description="桂澜路与南海大道路口两盏路灯晚上不亮。",
    )
    assert case.source == Source.OBSERVER and case.get_source_display() == "新就业群体观察员"
    assert case.status == Status.AWAITING_ROUTING and case.observer_report.member == rider
    assert case.reporter_phone == rider.phone and len(retrieval) == case_services.RETRIEVAL_LENGTH
    counted = figures.register_figures(rider.register)["observers"]
    assert counted == {"observers": 1, "reports": 1, "resolved": 0}

    office = user("office")
    case = case_services.route(
        case,
        office,
        category=case_factories.category("01", "咨询"),
        reason="路灯归属",
    )
    worker = user(f"worker{case.studio.code}")
    case = case_services.assign(case, worker, assignee=worker)
    case = case_services.start(case, worker)
    case_services.resolve(case, worker, reply="路灯已修复。", outcome="通知供电所维修")
    assert figures.register_figures(rider.register)["observers"]["resolved"] == 1


def test_a_wrong_observer_code_or_an_unverified_rider_is_refused():
    f.member(RegisterKind.NEW_EMPLOYMENT, phone="13900002222")
    _rider, code = f.verified(RegisterKind.NEW_EMPLOYMENT)
    for phone, typed in [("13900001111", "WRONG123"), ("13900002222", code)]:
        with pytest.raises(ValidationError, match="观察员码不正确"):
            services.report_as_observer(
                phone=phone,
                code=typed,
                location_text="桂澜路与南海大道路口",
                title="井盖缺失",
                description="人行道井盖缺失。",
            )
