"""The morning digest: each studio's leads get their studio's line, the committee office every studio's,
once a day however often it is asked for."""

import datetime

import pytest
from django.utils import timezone

from cms.cases import digest, services
from cms.cases.models import Satisfaction, Status
from cms.notifications.models import Message
from tests.factories import cases as f

pytestmark = pytest.mark.django_db


def start_of_local_day(moment: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(moment), datetime.time())
    )


def summary_for(username: str) -> str:
    message = Message.objects.get(template="digest", user__username=username, channel="notice")
    return message.context["summary"]


def test_leads_get_their_studio_and_the_office_every_studio_once_a_day():
    now = timezone.now()
    f.new_case("06")
    overdue = f.new_case("06", handling_due=now - datetime.timedelta(hours=2))
    assert overdue.is_overdue
    reopened = f.case_in(Status.RESOLVED, "06")
    services.record_follow_up(reopened, None, satisfaction=Satisfaction.DISSATISFIED)
    digest.send(now)
    digest.send(start_of_local_day(now))  # asked again the same day
    lead = summary_for("lead06")
    assert lead.startswith("06 ") and "；" not in lead  # one studio
    counts = digest.counts_by_studio(now)[overdue.studio_id]
    assert counts["new"] >= 3 and counts["overdue"] >= 1 and counts["dissatisfied"] >= 1
    assert f"超期 {counts['overdue']}" in lead and f"回访不满意 {counts['dissatisfied']}" in lead
    office = summary_for("office")
    assert office.count("；") == 5  # six studios
    assert Message.objects.filter(template="digest", user__username="office").count() == 1


def test_a_new_local_day_brings_a_new_digest():
    midnight = timezone.make_aware(datetime.datetime(2026, 12, 1))  # Guicheng's midnight, not UTC's
    digest.send(midnight - datetime.timedelta(minutes=5))
    digest.send(midnight + datetime.timedelta(minutes=5))
    sent = Message.objects.filter(template="digest", user__username="office", channel="notice")
    assert sorted(m.context["date"] for m in sent) == ["2026-11-30", "2026-12-01"]
