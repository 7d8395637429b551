"""The case lifecycle: every action from every state, the rules on each transition, and the history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cms.cases import services
from cms.cases.history import timeline
from cms.cases.models import CalendarDay, Case, CaseNote, ExtensionRequest, Satisfaction, Status
from cms.cases.services import TRANSITIONS, Action, CaseRuleError
from tests.factories import cases as f

ALL_STATUSES = list(Status)


def perform(action: str, case, worker):
    """Calls the service behind ``action`` with valid input."""
    calls = {
        Action.ROUTE: lambda: services.route(
            case, f.user("office"), category=f.category("06", "投诉"), reason="属于物业问题"
        ),
        Action.ASSIGN: lambda: services.assign(case, worker, assignee=worker),
        Action.START: lambda: services.start(case, worker),
        Action.RESOLVE: lambda: services.resolve(case, worker, reply="答复", outcome="结果"),
        Action.FOLLOW_UP: lambda: services.record_follow_up(
            case, worker, satisfaction=Satisfaction.BASICALLY_SATISFIED
        ),
        Action.REOPEN: lambda: services.record_follow_up(
            case, worker, satisfaction=Satisfaction.DISSATISFIED, comment="漏水仍未解决"
        ),
        Action.CLOSE: lambda: services.close(case, worker),
        Action.RETURN: lambda: services.return_case(case, worker, reason="不属于本工作室"),
        Action.REROUTE: lambda: services.reroute(
            case, worker, category=f.category("06", "咨询"), reason="改为咨询类"
        ),
        Action.MERGE: lambda: services.merge_into(
            case, worker, earlier=f.earlier_case(case), reason="重复反映"
        ),
    }
    return calls[action]()


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_every_action_from_every_state(action, status):
    # Only the committee office may act on a case no studio has yet.
    worker = f.user("office" if status == Status.AWAITING_ROUTING else "worker06")
    case = f.case_in(status)
    sources, target = TRANSITIONS[action]
    if status in sources:
        moved = perform(action, case, worker)
        assert moved.status == target
        assert moved.history.first().history_change_reason
    else:
        with pytest.raises(CaseRuleError) as refusal:
            perform(action, case, worker)
        assert "不能" in refusal.value.messages[0]
        case.refresh_from_db()
        assert case.status == status


def test_the_table_covers_the_lifecycle_from_domain_practice():
    assert TRANSITIONS[Action.RESOLVE] == (frozenset({Status.IN_PROGRESS}), Status.RESOLVED)
    assert TRANSITIONS[Action.REOPEN][1] == Status.IN_PROGRESS
    assert Status.CLOSED not in set().union(*(sources for sources, _ in TRANSITIONS.values()))


@pytest.mark.django_db
def test_a_new_case_gets_a_reference_a_code_and_deadlines():
    case, code = services.create_case(
        category=f.category("06", "投诉"),
        source="walk_in",
        location_text="示例花园",
        reporter_name="李四",
        reporter_phone="+86 138 0000 5678",
        title="噪音",
        description="楼上装修噪音。",
        received_at=timezone.make_aware(datetime.datetime(2026, 9, 30, 10, 0)),
    )
    assert case.reference.startswith("GC-2026-") and len(case.reference) == 14
    assert len(code) == 9 and case.retrieval_code_hash == services.hash_retrieval_code(code)
    assert case.reporter_phone == "13800005678"
    assert case.status == Status.RECEIVED
    # 1 Oct – 7 Oct is the National Day holiday: one working day after 30 Sep is 8 Oct.
    assert timezone.localdate(case.first_contact_due) == datetime.date(2026, 10, 8)
    # 13 working days, counting the make-up working Saturday of 10 Oct.
    assert timezone.localdate(case.handling_due) == datetime.date(2026, 10, 23)
    assert case.history.count() == 1
    assert case.history.first().history_type == "+"


@pytest.mark.django_db
def test_an_online_submission_meeting_a_taken_reference_is_made_again_with_a_new_one(monkeypatch):
    draws = iter([424242, 424242, 100001])
    monkeypatch.setattr(services.secrets, "randbelow", lambda _limit: next(draws))
    fields = {
        "category": f.category("06", "投诉"),
        "location_text": "示例花园",
        "reporter_name": "李四",
        "reporter_phone": "13800005678",
        "description": "楼上装修噪音。",
    }
    first, _code = services.submit_online(title="第一位", **fields)
    second, code = services.submit_online(title="第二位", **fields)
    assert first.reference.endswith("-424242") and second.reference.endswith("-100001")
    assert second.retrieval_code_hash == services.hash_retrieval_code(code)
    assert [c.title for c in Case.objects.filter(title__in=["第一位", "第二位"])] == [
        "第二位",
        "第一位",
    ]
    assert second.history.get().history_change_reason == "受理"


@pytest.mark.django_db
def test_an_emergency_is_due_the_same_day():
    case = f.new_case(category_name="紧急求助")
    today = timezone.localdate()
    assert timezone.localdate(case.first_contact_due) >= today
    assert case.first_contact_due == case.handling_due


@pytest.mark.django_db
def test_bad_phone_is_refused_in_chinese():
    with pytest.raises(Exception) as error:
        f.new_case(reporter_phone="12345")
    assert "手机号码" in str(error.value)


@pytest.mark.django_db
def test_resolving_requires_a_reply_for_the_resident():
    worker = f.user("worker06")
    case = f.case_in(Status.IN_PROGRESS)
    with pytest.raises(CaseRuleError) as refusal:
        services.resolve(case, worker, reply="  ", outcome="已处理")
    assert "答复" in refusal.value.messages[0]
    case = services.resolve(case, worker, reply="已处理完毕。", outcome="已处理")
    assert case.notes.filter(kind=CaseNote.Kind.PUBLIC_REPLY, text="已处理完毕。").exists()


@pytest.mark.django_db
def test_returning_requires_a_reason_and_rerouting_elsewhere_is_for_the_committee():
    worker = f.user("worker06")
    case = f.case_in(Status.ASSIGNED)
    with pytest.raises(CaseRuleError):
        services.return_case(case, worker, reason="")
    case = services.return_case(case, worker, reason="属于城乡融合发展工作室")
    with pytest.raises(CaseRuleError):
        services.reroute(case, worker, category=f.category("01", "投诉"), reason="转")
    case = services.reroute(
        case, f.user("office"), category=f.category("01", "投诉"), reason="转城乡"
    )
    assert case.studio.code == "01" and case.status == Status.RECEIVED and case.assignee is None


@pytest.mark.django_db
def test_dissatisfied_follow_up_reopens_the_case():
    case = f.case_in(Status.RESOLVED)
    case = services.record_follow_up(
        case, f.user("worker06"), satisfaction=Satisfaction.DISSATISFIED, comment="仍在漏水"
    )
    assert case.status == Status.IN_PROGRESS
    assert case.resolved_at is None
    assert "不满意" in case.history.first().history_change_reason


@pytest.mark.django_db
def test_a_case_worker_of_studio_01_cannot_touch_a_studio_06_case():
    case = f.case_in(Status.ASSIGNED)
    with pytest.raises(PermissionDenied):
        services.start(case, f.user("worker01"))
    with pytest.raises(CaseRuleError):
        services.assign(f.new_case(), f.user("worker06"), assignee=f.user("worker01"))


@pytest.mark.django_db
def test_extension_is_requested_with_a_reason_and_approved_by_the_studio_lead():
    worker, lead = f.user("worker06"), f.user("lead06")
    case = f.case_in(Status.IN_PROGRESS)
    due = case.handling_due
    extension = services.request_extension(case, worker, days=5, reason="需等待维修配件")
    with pytest.raises(CaseRuleError):
        services.request_extension(case, worker, days=3, reason="再次申请")
    with pytest.raises(PermissionDenied):
        services.decide_extension(extension, worker, approve=True)
    with pytest.raises(PermissionDenied):
        services.decide_extension(extension, f.user("lead01"), approve=True)
    services.decide_extension(extension, lead, approve=True)
    case.refresh_from_db()
    assert case.handling_due > due
    assert ExtensionRequest.objects.get(pk=extension.pk).decided_by == lead


@pytest.mark.django_db
def test_overdue_is_computed_from_the_deadlines():
    case = f.case_in(Status.IN_PROGRESS)
    assert not case.is_overdue
    later = case.handling_due + datetime.timedelta(minutes=1)
    assert case.__class__.objects.overdue(now=later).filter(pk=case.pk).exists()
    resolved = f.case_in(Status.RESOLVED)
    assert not resolved.__class__.objects.overdue(now=later).filter(pk=resolved.pk).exists()


@pytest.mark.django_db
def test_staff_edits_of_the_calendar_move_future_deadlines():
    monday = datetime.date(2026, 12, 7)
    CalendarDay.objects.create(date=monday, kind=CalendarDay.Kind.HOLIDAY, name="测试假日")
    received = timezone.make_aware(datetime.datetime(2026, 12, 4, 9, 0))  # a Friday
    case = f.new_case(category_name="咨询", received_at=received)
    assert timezone.localdate(case.first_contact_due) == datetime.date(2026, 12, 8)


@pytest.mark.django_db
def test_history_records_who_and_which_fields_changed():
    worker = f.user("worker06")
    case = f.case_in(Status.ASSIGNED)
    rows = list(case.history.all())  # newest first
    assert [r.history_type for r in rows] == ["~", "+"]
    assert rows[0].history_user == worker
    entry = timeline(case, reveal_personal_data=True)[-1]
    changes = {c.label: (c.old, c.new) for c in entry.changes}
    assert changes["状态"] == ("受理", "已派单")
    assert changes["承办人"][1] == worker.first_name != ""  # staff by their real name
    assert entry.reason == "派单"


@pytest.mark.django_db
def test_a_stale_edit_is_refused_and_the_first_is_kept():
    worker = f.user("worker06")
    case = f.new_case()
    first, second = type(case).objects.get(pk=case.pk), type(case).objects.get(pk=case.pk)
    first.title = "第一次修改"
    services.save_edit(first, worker, expected_version=first.version)
    second.title = "第二次修改"
    with pytest.raises(services.StaleEditError) as refusal:
        services.save_edit(second, worker, expected_version=second.version)
    assert "重新加载" in refusal.value.messages[0]
    case.refresh_from_db()
    assert case.title == "第一次修改"


@pytest.mark.django_db
def test_an_unsure_submission_waits_for_the_committee_office_to_route_it():
    case = f.unrouted_case()
    assert case.status == Status.AWAITING_ROUTING and case.studio is None
    with pytest.raises(PermissionDenied):
        services.route(case, f.user("worker06"), category=f.category("06"), reason="我来")
    routed = services.route(
        case, f.user("office"), category=f.category("06", "咨询"), reason="物业问题"
    )
    assert routed.status == Status.RECEIVED and routed.studio.code == "06"
    expected = services.calendar.deadline(routed.received_at, 3)
    assert routed.handling_due == expected
    assert "分派至" in routed.history.first().history_change_reason


@pytest.mark.django_db
def test_working_days_skip_holidays_and_count_make_up_saturdays():
    from cms.cases.calendar import deadlines

    friday_before_spring_festival = timezone.make_aware(datetime.datetime(2026, 2, 13, 9))
    next_day, three_days = deadlines(friday_before_spring_festival, 1, 3)
    assert timezone.localdate(next_day) == datetime.date(2026, 2, 14)  # make-up working Saturday
    assert timezone.localdate(three_days) == datetime.date(2026, 2, 25)  # after 15–23 Feb holiday
