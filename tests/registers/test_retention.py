"""Retention for the registers: an enrolment nobody could verify within the stated period is withdrawn and
anonymised by the daily job (history included, one line in the access log); verified members and recent
enrolments stay; the privacy notice states the period."""

import datetime

import pytest
from django.utils import timezone

from cms.core.models import PersonalDataAccess
from cms.notifications import schedules
from cms.registers import retention, services
from cms.registers.models import Member, MemberState, RegisterKind
from tests.factories import registers as f
from tests.factories.cases import user

pytestmark = pytest.mark.django_db


def later(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_an_enrolment_unverified_past_the_period_is_withdrawn_and_anonymised(settings):
    settings.REGISTER_UNVERIFIED_DAYS = 30
    waiting = f.member(RegisterKind.SAGES, phone="13900003333", name="林晓东")
    verified, _code = f.verified(RegisterKind.TALENTS, phone="13900004444", name="何嘉敏")

    assert retention.withdraw_unverified(later(29)) == 0
    assert retention.withdraw_unverified(later(31)) == 1

    waiting = Member.objects.get(pk=waiting.pk)
    assert waiting.state == MemberState.WITHDRAWN and waiting.phone == ""
    assert "林晓东" not in waiting.name
    rows = list(waiting.history.all())
    assert all(r.phone == "" and "林晓东" not in r.name for r in rows)
    assert rows[0].history_change_reason == "超过 30 天未核实，按保存期限撤回"
    assert rows[0].history_user is None
    assert Member.objects.get(pk=verified.pk).phone == "13900004444"  # verified: kept
    entry = PersonalDataAccess.objects.get(action="anonymise")
    assert entry.user is None and "1 人" in entry.subject
    assert retention.withdraw_unverified(later(32)) == 0  # nothing left; nothing more logged
    assert PersonalDataAccess.objects.filter(action="anonymise").count() == 1


def test_the_job_runs_daily_and_the_privacy_notice_states_the_period(client, settings):
    settings.REGISTER_UNVERIFIED_DAYS = 90
    job = {job.name: job for job in schedules.jobs()}["register-retention"]
    assert job.function == "cms.registers.retention.run" and job.every == datetime.timedelta(days=1)
    assert "如 90 天内未能核实，将自动撤回并匿名化" in client.get("/privacy/").content.decode()


def test_a_member_verified_or_withdrawn_after_the_job_picked_it_is_left_as_it_is(settings):
    # The job selects its members, then locks each: staff may have acted on one in between.
    verified, _code = f.verified(RegisterKind.TALENTS, phone="13900005555", name="邓子轩")
    withdrawn = f.member(RegisterKind.SAGES, phone="13900006666")
    services.withdraw(
        withdrawn, user(f"worker{withdrawn.register.studio.code}"), reason="本人电话申请撤回"
    )
    rows = {m.pk: m.history.count() for m in (verified, withdrawn)}

    assert services.withdraw_unverified(verified, days=30) is False
    assert services.withdraw_unverified(withdrawn, days=30) is False

    assert Member.objects.get(pk=verified.pk).phone == "13900005555"
    assert {m.pk: m.history.count() for m in (verified, withdrawn)} == rows
