"""Delivering outbox messages: claim, send, record. Run by the outbox's ``deliver_message`` task and sweep.

A message is claimed by a conditional update (queued → sending, with a lease) after locking its row with
``select_for_update(skip_locked=True)`` on PostgreSQL, so two workers given the same id never both send it;
the sending itself happens outside any transaction (an SMS provider's latency holds no lock). A message
already sent is never sent again. Passing faults are retried with back-off; after
``NOTIFICATIONS_MAX_ATTEMPTS`` the message is marked failed with the reason.

This module names no task: when a message is to be tried again it asks the caller's ``requeue`` (the
outbox's ``enqueue``), so the outbox imports delivery and never the other way round.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cms.notifications import channels
from cms.notifications.models import Message, State

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
# How a message goes back on the queue: (message id, run after) → None.
Requeue = Callable[[int, datetime | None], None]


def deliver(message_id: int, *, requeue: Requeue) -> str:
    """Sends one message if it is due and nobody else holds it; returns what happened. A passing fault
    puts the message back with ``requeue`` at its next attempt's time."""
    message = _claim(message_id)
    if message is None:
        return "skipped"
    try:
        channels.send(message)
    except channels.UndeliverableError as error:
        _fail(message, str(error))
        return "failed"
    except Exception as error:  # a passing fault (network, provider, SMTP): try again later
        logger.warning("message %s attempt %s failed: %s", message.pk, message.attempts, error)
        return _retry_or_fail(message, f"{type(error).__name__}: {error}", requeue)
    Message.objects.filter(pk=message.pk, state=State.SENDING).update(
        state=State.SENT, sent_at=timezone.now(), lease_until=None, last_error=""
    )
    return "sent"


def backoff(attempts: int) -> timedelta:
    """1, 4, 16, 64 … times the base delay after the 1st, 2nd, 3rd, 4th … failed attempt."""
    return timedelta(seconds=settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 4 ** (attempts - 1))


def sweep(*, requeue: Requeue, now=None) -> dict[str, int]:
    """Puts back what a crash lost: messages whose sender died mid-send, and queued messages whose
    delivery task never ran (a crash between commit and enqueue, a queue emptied by a restart)."""
    now = now or timezone.now()
    expired = Message.objects.filter(state=State.SENDING, lease_until__lt=now)
    given_up = expired.filter(attempts__gte=settings.NOTIFICATIONS_MAX_ATTEMPTS).update(
        state=State.FAILED, lease_until=None, last_error="发送中断，已达最大尝试次数"
    )
    released = expired.update(state=State.QUEUED, lease_until=None, next_attempt_at=now)
    lost_before = now - timedelta(seconds=settings.NOTIFICATIONS_LOST_AFTER_SECONDS)
    lost = list(
        Message.objects.filter(state=State.QUEUED, next_attempt_at__lt=lost_before)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:1000]
    )
    # Due again from now: one more enqueue per period, not one per sweep, while a backlog drains.
    Message.objects.filter(pk__in=lost, state=State.QUEUED).update(next_attempt_at=now)
    for pk in lost:
        requeue(pk, None)
    return {"released": released, "given_up": given_up, "requeued": len(lost)}


def _claim(message_id: int) -> Message | None:
    now = timezone.now()
    with transaction.atomic():
        due = Message.objects.select_for_update(skip_locked=True).filter(
            pk=message_id, state=State.QUEUED, next_attempt_at__lte=now
        )
        if not due.exists():
            return None
        # The conditional update is the claim on every database (SQLite has no row locks).
        claimed = due.update(
            state=State.SENDING, attempts=F("attempts") + 1, lease_until=now + LEASE
        )
    if not claimed:
        return None
    return Message.objects.select_related("user").get(pk=message_id)


def _fail(message: Message, reason: str) -> None:
    Message.objects.filter(pk=message.pk, state=State.SENDING).update(
        state=State.FAILED, lease_until=None, last_error=reason[:1000]
    )


def _retry_or_fail(message: Message, reason: str, requeue: Requeue) -> str:
    if message.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        _fail(message, reason)
        return "failed"
    next_attempt_at = timezone.now() + backoff(message.attempts)
    Message.objects.filter(pk=message.pk, state=State.SENDING).update(
        state=State.QUEUED,
        lease_until=None,
        last_error=reason[:1000],
        next_attempt_at=next_attempt_at,
    )
    requeue(message.pk, next_attempt_at)
    return "retry"
