"""预警 on a hand-made calendar: a make-up working Saturday (调休) counts, a holiday does not; each warning
goes out once per case and kind however often the scan runs."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from cms.cases import calendar, deadline_scan, services
from cms.cases.models import CalendarDay, DeadlineWarning, WarningRule
from cms.notifications.models import Channel, Message
from tests.factories import cases as f

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
MAKE_UP_SATURDAY = datetime.date(2027, 4, 24)  # 调休上班
HOLIDAY_FRIDAY = datetime.date(2027, 4, 30)  # 劳动节


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def hand_made_calendar():
    CalendarDay.objects.update_or_create(
        date=MAKE_UP_SATURDAY, defaults={"kind": CalendarDay.Kind.WORKDAY, "name": "劳动节调休"}
    )
    CalendarDay.objects.update_or_create(
        date=HOLIDAY_FRIDAY, defaults={"kind": CalendarDay.Kind.HOLIDAY, "name": "劳动节"}
    )


def test_working_hours_count_a_make_up_saturday_and_skip_a_holiday():
    # Friday 16:00, 4 hours: 1 on Friday, 3 on the working Saturday.
    assert calendar.working_hours_bound(at("2027-04-23T16:00"), 4) == at("2027-04-24T12:00:01")
    # Friday 17:00, 8 hours: the whole working Saturday; Saturday's end-of-day deadline is within.
    assert calendar.working_hours_bound(at("2027-04-23T17:00"), 8) == at("2027-04-26T09:00")
    # Thursday 29th 16:00, 2 hours: Friday 30th is a holiday, the weekend too: Monday 3 May.
    assert calendar.working_hours_bound(at("2027-04-29T16:00"), 2) == at("2027-05-03T10:00:01")
    # Nothing left: the bound is now (overdue), or the next working day's start outside hours.
    assert calendar.working_hours_bound(at("2027-04-23T10:00"), 0) == at("2027-04-23T10:00:01")


def test_without_the_make_up_day_the_weekend_does_not_count():
    CalendarDay.objects.filter(date=MAKE_UP_SATURDAY).delete()
    assert calendar.working_hours_bound(at("2027-04-23T17:00"), 8) == at("2027-04-27T09:00")


def due_end_of(day: str, priority: str = "normal", assign: bool = True):
    case = f.new_case(
        "06",
        handling_due=calendar.end_of_day(datetime.date.fromisoformat(day)),
        priority=priority,
        received_at=at("2027-04-19T10:00"),
    )
    if assign:
        worker = f.user("worker06")
        case = services.assign(case, worker, assignee=worker)
    return case


def warned(case) -> set[tuple[str, str]]:
    return set(
        Message.objects.filter(context__case_id=case.pk, channel=Channel.NOTICE).values_list(
            "template", "user__username"
        )
    )


def test_a_case_due_on_the_make_up_saturday_is_warned_on_friday_evening_once():
    saturday = due_end_of("2027-04-24")
    monday = due_end_of("2027-04-26")
    first = deadline_scan.scan(at("2027-04-23T17:00"))
    deadline_scan.scan(at("2027-04-23T17:15"))
    assert first["due_soon"] >= 1
    assert warned(saturday) == {("case-due-soon", "worker06")}
    assert warned(monday) == set()  # 16 working hours left
    assert DeadlineWarning.objects.filter(case=saturday).count() == 1


def test_an_overdue_case_warns_the_assignee_and_the_leads_once():
    case = due_end_of("2027-04-24")
    deadline_scan.scan(at("2027-04-25T12:00"))
    deadline_scan.scan(at("2027-04-25T12:15"))
    assert warned(case) == {("case-overdue", "worker06"), ("case-overdue", "lead06")}
    assert Message.objects.filter(context__case_id=case.pk, template="case-overdue").count() == 2


def test_an_unassigned_case_warns_its_studios_leads():
    case = due_end_of("2027-04-23", assign=False)
    deadline_scan.scan(at("2027-04-23T10:00"))
    assert warned(case) == {("case-due-soon", "lead06")}


def test_the_hours_per_priority_are_editable():
    case = due_end_of("2027-04-26", priority="urgent")
    deadline_scan.scan(at("2027-04-23T17:00"))
    assert warned(case) == set()  # urgent: 4 hours by default, 16 left
    WarningRule.objects.filter(priority="urgent").update(hours=16)
    deadline_scan.scan(at("2027-04-23T17:15"))
    assert warned(case) == {("case-due-soon", "worker06")}


def test_an_approved_extension_moves_the_deadline_and_may_warn_again():
    case = due_end_of("2027-04-23")
    deadline_scan.scan(at("2027-04-23T10:00"))
    extension = services.request_extension(case, f.user("worker06"), days=1, reason="等待配件")
    services.decide_extension(extension, f.user("lead06"), approve=True)
    deadline_scan.scan(at("2027-04-24T10:00"))  # the make-up Saturday is the new last day
    assert DeadlineWarning.objects.filter(case=case, kind="due_soon").count() == 2


def test_closed_cases_are_not_warned():
    case = f.case_in("closed", "06")
    deadline_scan.scan(case.handling_due + datetime.timedelta(days=30))
    assert warned(case) == set()


def test_a_backlog_is_warned_in_a_few_statements_and_delivered_in_batches(
    django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from cms.notifications.models import Notice, State
    from cms.notifications.worker import run_queued_tasks

    backlog = [due_end_of("2027-04-22", assign=n % 2 == 0) for n in range(30)]
    # Whatever the number of cases: the cases, the leads, the rules and calendar, then per batch the
    # warnings, the existing keys and the messages (not a few statements per case as before).
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(20):
        counts = deadline_scan.scan(at("2027-04-23T10:00"))
    assert counts == {"overdue": 30, "due_soon": 0}
    assert DeadlineWarning.objects.filter(kind="overdue").count() == 30
    # Overdue: the assignee and the lead of an assigned case, the lead of an unassigned one.
    assert Message.objects.filter(channel=Channel.NOTICE, template="case-overdue").count() == 45
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_messages").count() == 1
    run_queued_tasks()
    assert warned(backlog[0]) == {("case-overdue", "worker06"), ("case-overdue", "lead06")}
    assert Notice.objects.filter(message__template="case-overdue").count() == 45
    assert not Message.objects.filter(template="case-overdue", state=State.QUEUED).exists()
    # Scanned again: nothing new, nothing sent twice.
    assert deadline_scan.scan(at("2027-04-23T10:15")) == {"overdue": 0, "due_soon": 0}
    assert (
        Message.objects.filter(template="case-overdue").count() == 45
    )  # test staff have no e-mail
