"""notify(): the message is written in the caller's transaction and delivered by a task after commit."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from cms.notifications.models import Channel, Message, SmsRecord, State
from cms.notifications.outbox import notify
from cms.notifications.worker import run_queued_tasks
from tests.notifications import helpers  # noqa: F401 (registers the test template)

pytestmark = pytest.mark.django_db


def sms(key: str = "case:1:hello", phone: str = "13800001234") -> Message | None:
    return notify(
        channel=Channel.SMS,
        template="test-hello",
        key=key,
        context={"reference": "GC20261130001", "case_id": 1},
        address=phone,
    )


def delivery_tasks() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="deliver_message").count()


def test_a_message_is_queued_with_the_change_and_its_task_enqueued_on_commit(
    django_capture_on_commit_callbacks,
):
    before = delivery_tasks()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        message = sms()
        assert delivery_tasks() == before  # nothing is enqueued before the change commits
    assert len(callbacks) == 1
    assert Message.objects.get(pk=message.pk).state == State.QUEUED
    task = DBTaskResult.objects.filter(task_path__endswith="deliver_message").latest("enqueued_at")
    assert task.args_kwargs == {"args": [message.pk], "kwargs": {}}  # the id only, no phone


def test_a_change_rolled_back_leaves_no_message_and_no_task(django_capture_on_commit_callbacks):
    before = delivery_tasks()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        sms(key="case:1:rolled-back")
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert not Message.objects.filter(idempotency_key="case:1:rolled-back").exists()
    assert delivery_tasks() == before


def test_the_same_event_told_twice_is_one_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = sms(key="case:1:twice")
        with transaction.atomic():  # the caller's transaction survives the refused duplicate
            second = sms(key="case:1:twice")
            Message.objects.count()
    assert first is not None and second is None
    assert Message.objects.filter(idempotency_key="case:1:twice").count() == 1


def test_the_worker_delivers_the_queued_sms_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = sms(key="case:1:deliver", phone="13900004321")
    run_queued_tasks()
    message.refresh_from_db()
    assert message.state == State.SENT and message.attempts == 1 and message.sent_at
    record = SmsRecord.objects.get(out_id="case:1:deliver")
    assert record.phone == "13900004321"
    assert record.params == {"reference": "GC20261130001"}
    assert record.text == "您好，GC20261130001 有新进展。"
    # The task enqueued again (a duplicate enqueue, a sweep) finds it sent and sends nothing.
    from cms.notifications.outbox import enqueue

    enqueue(message.pk)
    run_queued_tasks()
    assert SmsRecord.objects.filter(out_id="case:1:deliver").count() == 1


def test_a_staff_email_without_an_address_is_not_queued():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("no-mail-worker", email="")
    assert notify(channel=Channel.EMAIL, template="test-hello", key="k:no-mail", user=user) is None


def test_the_messages_of_one_transaction_are_enqueued_together_after_it_commits(
    django_capture_on_commit_callbacks,
):
    before = delivery_tasks()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        sms(key="case:1:together-1")
        sms(key="case:1:together-2")
    assert len(callbacks) == 1
    assert delivery_tasks() == before + 2


def test_a_message_after_a_rolled_back_savepoint_is_still_delivered(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            sms(key="case:1:savepoint-lost")
            raise RuntimeError("this part of the change failed")
        kept = sms(key="case:1:savepoint-kept")
    run_queued_tasks()
    kept.refresh_from_db()
    assert kept.state == State.SENT
    assert not Message.objects.filter(idempotency_key="case:1:savepoint-lost").exists()
