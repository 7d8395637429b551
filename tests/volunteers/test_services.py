"""Volunteer service rules through the services: hours, overlaps, verification, the ledger, certificates,
residents' sign-ups."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cms.studios.models import ActivityPage
from cms.volunteers import services
from cms.volunteers.models import Certificate, ImmutableError, ServiceRecord
from tests.factories import volunteers as v
from tests.factories.cases import user

pytestmark = pytest.mark.django_db


def test_hours_are_the_time_on_site_minus_travel_and_breaks():
    record = v.record(v.volunteer(), v.activity(v.team()), break_minutes=40)
    assert record.hours == Decimal("2.3")  # 180 - 40 = 140 minutes
    assert record.status == ServiceRecord.Status.DRAFT


def test_hours_that_differ_from_the_times_need_a_reason():
    volunteer, activity = v.volunteer(), v.activity(v.team())
    with pytest.raises(services.VolunteerRuleError, match="请说明理由"):
        v.record(volunteer, activity, hours=Decimal("4.0"))
    record = v.record(volunteer, activity, hours=Decimal("4.0"), reason="活动后继续整理场地")
    assert record.hours == Decimal("4.0")
    assert record.history.get().history_change_reason == "调整时长：活动后继续整理场地"


def test_duplicate_or_overlapping_records_for_a_volunteer_are_refused():
    volunteer, team = v.volunteer(), v.team()
    v.record(volunteer, v.activity(team))
    with pytest.raises(services.VolunteerRuleError, match="重叠"):
        v.record(volunteer, v.activity(team))  # the same time again
    with pytest.raises(services.VolunteerRuleError, match="重叠"):
        v.record(volunteer, v.activity(team, starts_at=v.MORNING + datetime.timedelta(hours=2)))
    touching = v.activity(team, starts_at=v.MORNING + datetime.timedelta(hours=3))
    assert v.record(volunteer, touching).hours == Decimal("3.0")
    other = v.volunteer(phone="13700005678")
    assert v.record(other, v.activity(team)).hours == Decimal("3.0")


def test_only_the_organiser_or_team_leader_verifies_and_a_verified_record_is_final():
    team = v.team()
    record = v.record(v.volunteer(), v.activity(team))
    with pytest.raises(PermissionDenied):
        services.verify(user("office"), record)
    verified = services.verify(user("lead04"), record)  # the team leader
    assert (
        verified.status == ServiceRecord.Status.VERIFIED
        and verified.verified_by.username == "lead04"
    )
    verified.break_minutes = 60
    with pytest.raises(services.VolunteerRuleError, match="已核实"):
        services.save_record(user("worker04"), verified)


def test_only_verified_hours_count_in_the_ledger_by_year_and_team():
    volunteer = v.volunteer()
    science, startups = v.team(), v.team(name="创新创业党员志愿服务队")
    verified = [
        v.record(volunteer, v.activity(science)),
        v.record(volunteer, v.activity(startups, starts_at=v.MORNING + datetime.timedelta(days=1))),
        v.record(volunteer, v.activity(science, starts_at=v.MORNING - datetime.timedelta(days=90))),
    ]
    for record in verified:
        services.verify(user("worker04"), record)
    v.record(volunteer, v.activity(science, starts_at=v.MORNING + datetime.timedelta(days=7)))
    ledger = services.ledger(volunteer)
    assert ledger["total"] == Decimal("9.0")
    assert ledger["by_year"] == [(2026, Decimal("6.0")), (2025, Decimal("3.0"))]
    assert ledger["by_team"] == [
        ("创新创业党员志愿服务队", Decimal("3.0")),
        ("科学家第二课堂志愿服务队", Decimal("6.0")),
    ]


def test_volunteer_id_numbers_are_checked():
    with pytest.raises(ValidationError):
        v.volunteer(id_number="440605198001019990")


def test_certificates_count_verified_records_of_the_period_and_never_change():
    volunteer, team = v.volunteer(), v.team()
    first = v.record(volunteer, v.activity(team))
    services.verify(user("worker04"), first)
    v.record(volunteer, v.activity(team, starts_at=v.MORNING + datetime.timedelta(days=1)))
    issue = {
        "volunteer": volunteer,
        "team": team,
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 12, 31),
        "responsible_person": "示例负责人",
    }
    certificate = services.issue_certificate(user("worker04"), **issue)
    second = services.issue_certificate(user("worker04"), **issue)
    assert certificate.hours == Decimal("3.0") and list(certificate.records.all()) == [first]
    assert re.fullmatch(r"ZY-\d{4}-[A-Z2-9]{8}", certificate.number)
    assert certificate.number != second.number
    certificate.hours = Decimal("99")
    with pytest.raises(ImmutableError):
        certificate.save()
    with pytest.raises(ImmutableError):
        certificate.delete()
    assert Certificate.objects.get(pk=certificate.pk).hours == Decimal("3.0")
    with pytest.raises(services.VolunteerRuleError, match="没有已核实"):
        services.issue_certificate(
            user("worker04"),
            **{
                **issue,
                "period_start": datetime.date(2027, 1, 1),
                "period_end": datetime.date(2027, 2, 1),
            },
        )


def test_another_studio_cannot_record_or_certify():
    volunteer, team = v.volunteer(), v.team()
    with pytest.raises(PermissionDenied):
        services.save_record(
            user("worker01"),
            ServiceRecord(
                volunteer=volunteer,
                activity=v.activity(team),
                started_at=v.MORNING,
                ended_at=v.MORNING + datetime.timedelta(hours=1),
                content="x",
            ),
        )


def upcoming_page(capacity: int | None) -> ActivityPage:
    page = ActivityPage.objects.live().first()
    page.capacity = capacity
    page.start_at = timezone.now() + datetime.timedelta(days=3)
    page.end_at = page.start_at + datetime.timedelta(hours=2)
    page.save()
    return page


def test_sign_ups_respect_capacity_and_one_per_phone():
    page = upcoming_page(capacity=2)
    services.sign_up(page, name="王一", phone="13900000001")
    with pytest.raises(services.VolunteerRuleError, match="已经报过名"):
        services.sign_up(page, name="王一", phone="+86 139 0000 0001")
    services.sign_up(page, name="王二", phone="13900000002")
    with pytest.raises(services.VolunteerRuleError, match="名额已满"):
        services.sign_up(page, name="王三", phone="13900000003")
    assert services.places_left(page) == 0


def test_a_sign_up_becomes_a_volunteer_and_a_draft_record():
    page = upcoming_page(capacity=None)
    signup = services.sign_up(page, name="王一", phone="13900000001")
    volunteer = services.enrol(user(f"worker{signup.studio.code}"), signup)
    assert volunteer.studio == signup.studio and volunteer.consented_at == signup.created_at
    activity = v.activity(v.team(signup.studio.code), starts_at=page.start_at, page=page)
    assert services.draft_records(user(f"worker{signup.studio.code}"), activity) == 1
    assert services.draft_records(user(f"worker{signup.studio.code}"), activity) == 0
    assert volunteer.records.get().status == ServiceRecord.Status.DRAFT
