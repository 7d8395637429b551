"""The catalogue's deadline rules: priorities shorten deadlines, an emergency is due the day it arrives (a
holiday too), and an edit that changes a case's category or priority recomputes its deadlines, saying so in
the history."""

import datetime

import pytest
from django.utils import timezone

from cms.cases import services
from cms.cases.models import Case, ExtensionRequest, Priority
from tests.factories import cases as f

# 1–7 October 2026 is the National Day holiday (seeded calendar); 30 September is a Wednesday.
EVE_OF_NATIONAL_DAY = timezone.make_aware(datetime.datetime(2026, 9, 30, 10, 0))
NATIONAL_DAY = timezone.make_aware(datetime.datetime(2026, 10, 3, 15, 0))


def local_day(moment) -> datetime.date:
    return timezone.localdate(moment)


@pytest.mark.django_db
def test_an_urgent_complaint_is_handled_within_the_catalogues_urgent_limit():
    complaint = f.category("06", "投诉")
    complaint.urgent_deadline_days = 2
    complaint.save()
    case = f.new_case(priority=Priority.URGENT, received_at=EVE_OF_NATIONAL_DAY)
    assert local_day(case.first_contact_due) == datetime.date(2026, 9, 30)  # the same working day
    assert local_day(case.handling_due) == datetime.date(
        2026, 10, 9
    )  # 2 working days, after the holiday
    normal = f.new_case(received_at=EVE_OF_NATIONAL_DAY)
    assert case.handling_due < normal.handling_due


@pytest.mark.django_db
def test_the_urgent_limit_never_lengthens_a_short_category():
    consultation = f.category("06", "咨询")
    consultation.urgent_deadline_days = 10
    consultation.save()
    urgent = f.new_case(
        category_name="咨询", priority=Priority.URGENT, received_at=EVE_OF_NATIONAL_DAY
    )
    normal = f.new_case(category_name="咨询", received_at=EVE_OF_NATIONAL_DAY)
    assert urgent.handling_due == normal.handling_due


@pytest.mark.django_db
def test_an_emergency_received_on_a_holiday_is_due_that_day():
    case = f.new_case(priority=Priority.EMERGENCY, received_at=NATIONAL_DAY)
    assert local_day(case.first_contact_due) == datetime.date(2026, 10, 3)
    assert local_day(case.handling_due) == datetime.date(2026, 10, 3)
    assert timezone.localtime(case.handling_due).time() == datetime.time(23, 59, 59)


@pytest.mark.django_db
def test_an_emergency_category_received_on_a_sunday_is_due_that_sunday():
    sunday = timezone.make_aware(datetime.datetime(2026, 11, 29, 8, 0))
    case = f.new_case(category_name="紧急求助", received_at=sunday)
    assert case.priority == Priority.EMERGENCY
    assert local_day(case.handling_due) == datetime.date(2026, 11, 29)


def _edit(case: Case, user, **changes) -> Case:
    edited = Case.objects.get(pk=case.pk)
    for name, value in changes.items():
        setattr(edited, name, value)
    return services.save_edit(edited, user, expected_version=edited.version)


@pytest.mark.django_db
def test_raising_the_priority_recomputes_the_deadlines_and_says_why():
    lead = f.user("lead06")
    case = f.new_case(received_at=EVE_OF_NATIONAL_DAY)
    assert local_day(case.handling_due) == datetime.date(2026, 10, 23)
    edited = _edit(case, lead, priority=Priority.EMERGENCY)
    edited.refresh_from_db()
    assert local_day(edited.handling_due) == datetime.date(2026, 9, 30)
    assert local_day(edited.first_contact_due) == datetime.date(2026, 9, 30)
    row = edited.history.first()
    assert row.history_user == lead and row.history_type == "~"
    assert "优先级由“一般”改为“特急（当日处置）”" in row.history_change_reason
    assert "办理时限重新计算为 2026-09-30 23:59" in row.history_change_reason
    assert set(row.diff_against(row.prev_record).changed_fields) >= {"priority", "handling_due"}


@pytest.mark.django_db
def test_changing_the_category_recomputes_from_the_receipt_keeping_approved_extensions():
    worker, lead = f.user("worker06"), f.user("lead06")
    case = f.new_case(received_at=EVE_OF_NATIONAL_DAY)  # 投诉: 13 working days
    extension = services.request_extension(case, worker, days=2, reason="需现场勘查")
    services.decide_extension(extension, lead, approve=True)
    assert ExtensionRequest.objects.get(pk=extension.pk).decision == "approved"
    edited = _edit(case, lead, category=f.category("06", "咨询"))
    edited.refresh_from_db()
    # 咨询: 3 working days from 30 Sep (8, 9, 10 Oct: the 10th is a make-up Saturday), then 2 more.
    assert local_day(edited.handling_due) == datetime.date(2026, 10, 13)
    reason = edited.history.first().history_change_reason
    assert "类别由“投诉”改为“咨询”" in reason and "重新计算" in reason


@pytest.mark.django_db
def test_an_edit_that_keeps_category_and_priority_keeps_the_deadlines():
    lead = f.user("lead06")
    case = f.new_case(received_at=EVE_OF_NATIONAL_DAY)
    edited = _edit(case, lead, title="地下车库漏水（补充）")
    edited.refresh_from_db()
    assert edited.handling_due == case.handling_due
    assert edited.history.first().history_change_reason == "编辑"


@pytest.mark.django_db
def test_a_category_of_another_studio_is_refused_by_an_edit():
    office = f.user("office")
    case = f.new_case()
    with pytest.raises(services.CaseRuleError) as refusal:
        _edit(case, office, category=f.category("02", "咨询"))
    assert "改派" in refusal.value.messages[0]
