"""Scheduling a mediation session tells the parties who agreed to SMS and the reporter who opted in on the
public form: the time, the place and the reference only, once per scheduled time, in the schedule's
transaction. Through the services, the admin step, the outbox and the recording SMS backend."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cms.cases.models import Case
from cms.mediation import services
from cms.mediation.models import MediationFile, Party
from cms.notifications.models import Message, SmsRecord
from cms.notifications.worker import run_queued_tasks
from tests.conftest import login
from tests.factories import mediation as m
from tests.factories.cases import user

pytestmark = pytest.mark.django_db
TEMPLATE = "mediation-session-scheduled"


def opted_in_file() -> MediationFile:
    """A file whose applicant (a mobile) agreed to SMS; the respondent (a landline) did not."""
    file = m.registered_file()
    applicant = file.parties.get(side=Party.Side.APPLICANT)
    applicant.sms_opt_in = True
    services.save_party(file, user("worker06"), applicant)
    return MediationFile.objects.get(pk=file.pk)


def next_week() -> datetime.datetime:
    at = timezone.localtime() + datetime.timedelta(days=7)
    return at.replace(hour=14, minute=30, second=0, microsecond=0)


def test_the_parties_who_agreed_are_told_the_time_and_place(django_capture_on_commit_callbacks):
    file = opted_in_file()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_session(file, user("worker06"), at=next_week(), place="社区调解室")
    run_queued_tasks()
    [(phone, text)] = SmsRecord.objects.values_list("phone", "text")
    at = next_week()
    assert phone == "13900001111"
    assert file.case.reference in text and f"{at.month}月{at.day}日 14:30" in text
    assert "社区调解室" in text
    assert "李秀英" not in text and "物业费" not in text
    file.refresh_from_db()
    assert file.next_session_place == "社区调解室"
    assert file.history.first().history_change_reason == "安排调解"


def test_the_reporter_who_opted_in_is_told_once_even_as_a_party(django_capture_on_commit_callbacks):
    file = opted_in_file()
    Case.objects.filter(pk=file.case_id).update(sms_opt_in=True)
    file = MediationFile.objects.select_related("case").get(pk=file.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_session(file, user("worker06"), at=next_week(), place="调解室")
    assert Message.objects.filter(template=TEMPLATE).count() == 1  # same phone: one message


def test_nobody_who_did_not_agree_is_told_and_rescheduling_tells_again():
    file = m.registered_file()
    services.schedule_session(file, user("worker06"), at=next_week(), place="调解室")
    assert not Message.objects.filter(template=TEMPLATE).exists()
    file = opted_in_file()
    services.schedule_session(file, user("worker06"), at=next_week(), place="调解室")
    services.schedule_session(file, user("worker06"), at=next_week(), place="调解室")
    later = next_week() + datetime.timedelta(days=1)
    services.schedule_session(file, user("worker06"), at=later, place="调解室")
    assert Message.objects.filter(template=TEMPLATE).count() == 2


def test_a_schedule_rolled_back_tells_nobody():
    file = opted_in_file()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.schedule_session(file, user("worker06"), at=next_week(), place="调解室")
        raise RuntimeError("rolled back")
    assert not Message.objects.filter(template=TEMPLATE).exists()


def test_a_time_in_the_past_or_no_place_is_refused():
    file = opted_in_file()
    past = timezone.now() - datetime.timedelta(hours=1)
    with pytest.raises(services.MediationRuleError, match="晚于现在"):
        services.schedule_session(file, user("worker06"), at=past, place="调解室")
    with pytest.raises(services.MediationRuleError, match="调解地点"):
        services.schedule_session(file, user("worker06"), at=next_week(), place=" ")


def test_the_mediator_schedules_from_the_file_page(client):
    file = opted_in_file()
    login(client, "worker06")
    url = reverse("mediation_step", args=(file.pk, "schedule"))
    page = client.get(reverse("mediation_mediationfile_modeladmin_inspect", args=(file.pk,)))
    assert url in page.content.decode()
    at = next_week()
    response = client.post(
        url, {"at": at.strftime("%Y-%m-%dT%H:%M"), "place": "东二社区调解室"}, follow=True
    )
    assert "东二社区调解室" in response.content.decode()
    assert Message.objects.filter(template=TEMPLATE, address="13900001111").exists()
    login(client, "worker01")
    assert client.post(url, {"at": at.strftime("%Y-%m-%dT%H:%M"), "place": "x"}).status_code == 404
