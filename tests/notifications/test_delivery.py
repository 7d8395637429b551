"""Delivery: retries with back-off on passing faults, failure with the reason, the sweep after a crash."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.notifications import delivery, outbox, sms
from cms.notifications.models import Channel, Message, Notice, SmsRecord, State
from cms.notifications.worker import run_queued_tasks
from tests.notifications import helpers  # noqa: F401 (registers the test template)

pytestmark = pytest.mark.django_db


def queued(key: str, **fields) -> Message:
    """A queued message as notify() leaves it, without its delivery task (as after a crash)."""
    values = {
        "channel": Channel.SMS,
        "template": "test-hello",
        "idempotency_key": key,
        "context": {"reference": "GC20261130002", "case_id": 2},
        "address": "13800001234",
    }
    values.update(fields)
    return Message.objects.create(**values)


class ProviderDown(sms.SmsBackend):
    def send(self, phone, template_id, params, *, out_id="", text=""):
        raise ConnectionError("短信平台无法连接")


class ProviderRefuses(sms.SmsBackend):
    def send(self, phone, template_id, params, *, out_id="", text=""):
        raise sms.SmsRefusedError("isv.MOBILE_NUMBER_ILLEGAL: 号码格式错误")


@pytest.fixture
def provider(settings):
    def use(backend: type) -> None:
        settings.NOTIFICATIONS_SMS_BACKEND = f"{__name__}.{backend.__name__}"

    return use


def test_a_provider_fault_is_retried_later_with_growing_delays(provider, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    provider(ProviderDown)
    message = queued("retry")
    assert outbox.deliver(message.pk) == "retry"
    message.refresh_from_db()
    assert message.state == State.QUEUED and message.attempts == 1
    assert "短信平台无法连接" in message.last_error
    first_delay = message.next_attempt_at - timezone.now()
    assert timedelta(seconds=55) < first_delay <= timedelta(seconds=60)
    # The retry task waits for the back-off; before then, delivering does nothing.
    retry = DBTaskResult.objects.filter(task_path__endswith="deliver_message").latest("enqueued_at")
    assert retry.run_after == message.next_attempt_at
    assert outbox.deliver(message.pk) == "skipped"
    assert delivery.backoff(2) == 4 * delivery.backoff(1)


def test_after_the_last_attempt_the_message_fails_with_the_reason(provider, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    provider(ProviderDown)
    message = queued("fail-after-retries")
    outbox.deliver(message.pk)
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert outbox.deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert message.state == State.FAILED and message.attempts == 2
    assert message.last_error == "ConnectionError: 短信平台无法连接"


def test_a_refusal_fails_at_once_without_retry(provider):
    provider(ProviderRefuses)
    message = queued("refused")
    assert outbox.deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.FAILED, 1)
    assert "isv.MOBILE_NUMBER_ILLEGAL" in message.last_error


def test_an_unknown_template_fails_with_the_reason():
    message = queued("unknown-template", template="no-such-template")
    assert outbox.deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert message.state == State.FAILED and "no-such-template" in message.last_error


def test_a_message_whose_task_was_lost_is_swept_back_into_the_queue(settings):
    message = queued("lost")
    Message.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now()
        - timedelta(seconds=settings.NOTIFICATIONS_LOST_AFTER_SECONDS + 1)
    )
    assert outbox.sweep()["requeued"] == 1
    run_queued_tasks()
    message.refresh_from_db()
    assert message.state == State.SENT
    assert SmsRecord.objects.filter(out_id="lost").count() == 1
    assert outbox.sweep()["requeued"] == 0


def test_a_message_fresh_in_the_queue_is_left_to_its_own_task():
    queued("fresh")
    assert outbox.sweep()["requeued"] == 0


def test_a_worker_killed_mid_send_leaves_a_lease_the_sweep_releases():
    message = queued("killed", state=State.SENDING, attempts=1)
    Message.objects.filter(pk=message.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert outbox.sweep()["released"] == 1
    assert outbox.deliver(message.pk) == "sent"
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.SENT, 2)


def test_a_message_being_sent_by_another_worker_is_not_sent_again():
    message = queued("held", state=State.SENDING, attempts=1)
    Message.objects.filter(pk=message.pk).update(lease_until=timezone.now() + timedelta(minutes=5))
    assert outbox.deliver(message.pk) == "skipped"
    assert outbox.sweep()["released"] == 0


def test_a_notice_appears_in_the_staff_members_list():
    from django.contrib.auth import get_user_model

    worker = get_user_model().objects.get(username="worker06")
    message = queued("notice", channel=Channel.NOTICE, address="", user=worker)
    assert outbox.deliver(message.pk) == "sent"
    notice = Notice.objects.get(message=message)
    assert (notice.user, notice.text, notice.url) == (
        worker,
        "您好，GC20261130002 有新进展。",
        "/admin/test/2/",
    )
