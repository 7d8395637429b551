"""Replaying past events (cms/core/clock.py): services record the replayed time, history rows carry it, and
nothing leaks out of the replay."""

import datetime

import pytest
from django.utils import timezone

from cms.cases import services
from cms.core import clock
from tests.factories import cases as f

MONDAY = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


@pytest.mark.django_db
def test_a_case_replayed_in_the_past_keeps_the_times_it_happened():
    worker = f.user("worker06")
    with clock.at(MONDAY):
        case, _code = services.create_case(
            category=f.category("06", "咨询"),
            source="phone",
            location_text="示例花园",
            reporter_name="陈晓明",
            reporter_phone="13800001234",
            title="咨询物业费标准",
            description="想了解物业费标准。",
        )
    with clock.at(MONDAY + datetime.timedelta(hours=2)):
        case = services.assign(case, worker, assignee=worker)
    assert case.received_at == MONDAY
    assert case.history.first().history_date == MONDAY + datetime.timedelta(hours=2)
    assert case.first_contact_due < MONDAY + datetime.timedelta(days=2)
    assert not clock.replaying()
    later = services.start(case, worker)
    assert later.history.first().history_date > timezone.now() - datetime.timedelta(minutes=1)
