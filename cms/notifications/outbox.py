"""``notify()``: how any app asks for someone to be told something.

The message row is written in the caller's transaction (a change rolled back sends nothing) and its
delivery task is enqueued when that transaction commits. Task arguments are the message id only.

The outbox owns its task (``deliver_message``) and the sweep that re-enqueues what a crash lost; the
sending itself is ``cms.notifications.delivery``, which hands a message back through ``enqueue``.
"""

from django.db import IntegrityError, transaction
from django_tasks import task

from cms.notifications import delivery
from cms.notifications.models import Channel, Message


def notify(
    *,
    channel: str,
    template: str,
    key: str,
    context: dict | None = None,
    user=None,
    address: str = "",
) -> Message | None:
    """Queues one message; returns it, or None when a message with this key exists already (the same
    event told twice) or the staff recipient has no address on that channel."""
    if channel == Channel.EMAIL and user is not None and not address and not user.email:
        return None
    try:
        with transaction.atomic():
            message = Message.objects.create(
                channel=channel,
                template=template,
                idempotency_key=key,
                context=context or {},
                user=user,
                address=address,
            )
    except IntegrityError:
        if Message.objects.filter(idempotency_key=key).exists():
            return None
        raise
    _deliver_after_commit(message.pk)
    return message


def notify_staff(user, *, template: str, key: str, context: dict | None = None) -> None:
    """An in-admin notice and, if the user has an address, an e-mail."""
    for channel in (Channel.NOTICE, Channel.EMAIL):
        notify(
            channel=channel, template=template, key=f"{key}:{channel}", context=context, user=user
        )


# Bulk writes (``notify_many``): rows a statement, and message ids a delivery task.
INSERT_BATCH = 1000
DELIVERY_BATCH = 100


def staff_drafts(user, *, template: str, key: str, context: dict | None = None) -> list[Message]:
    """The unsaved messages ``notify_staff`` would write for ``user``, for ``notify_many``."""
    return [
        Message(
            channel=channel,
            template=template,
            idempotency_key=f"{key}:{channel}",
            context=context or {},
            user=user,
        )
        for channel in (Channel.NOTICE, Channel.EMAIL)
        if channel != Channel.EMAIL or user.email
    ]


def notify_many(drafts: list[Message]) -> int:
    """Queues many messages at once (a deadline scan's backlog): a few INSERTs instead of one each, and
    one delivery task per ``DELIVERY_BATCH`` messages once the caller's transaction commits. A draft
    whose key exists already is skipped, as ``notify`` skips it; returns how many were queued."""
    drafts = list({d.idempotency_key: d for d in drafts}.values())
    existing = set()
    for start in range(0, len(drafts), INSERT_BATCH):
        keys = [d.idempotency_key for d in drafts[start : start + INSERT_BATCH]]
        existing.update(
            Message.objects.filter(idempotency_key__in=keys).values_list(
                "idempotency_key", flat=True
            )
        )
    new = [d for d in drafts if d.idempotency_key not in existing]
    try:
        with transaction.atomic():
            created = Message.objects.bulk_create(new, batch_size=INSERT_BATCH)
    except IntegrityError:
        # Another writer queued some of these a moment ago: one by one, each skipped if it exists.
        created = [
            m
            for d in new
            if (
                m := notify(
                    channel=d.channel,
                    template=d.template,
                    key=d.idempotency_key,
                    context=d.context,
                    user=d.user,
                    address=d.address,
                )
            )
        ]
        return len(created)
    ids = [m.pk for m in created]
    batches = [ids[i : i + DELIVERY_BATCH] for i in range(0, len(ids), DELIVERY_BATCH)]
    transaction.on_commit(lambda: _enqueue_batches(batches))
    return len(ids)


def _enqueue_batches(batches: list[list[int]]) -> None:
    with transaction.atomic():
        for batch in batches:
            deliver_messages.enqueue(batch)


class _Pending:
    """The messages of one transaction: enqueued together once it commits (one commit for all their
    tasks, not one each: a scan warning about a thousand cases enqueues in one go)."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.flushed = False

    def flush(self) -> None:
        self.flushed = True
        with transaction.atomic():
            for message_id in self.ids:
                enqueue(message_id)


def _deliver_after_commit(message_id: int) -> None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        enqueue(message_id)
        return
    pending = getattr(connection, "_qiandeng_outbox", None)
    # A savepoint rolled back drops the callback it registered: then this is a new batch. (A message
    # rolled back after its batch registered is skipped by its task: its row does not exist.)
    if (
        pending is None
        or pending.flushed
        or all(func != pending.flush for _s, func, _r in connection.run_on_commit)
    ):
        pending = connection._qiandeng_outbox = _Pending()
        transaction.on_commit(pending.flush)
    pending.ids.append(message_id)


def enqueue(message_id: int, run_after=None) -> None:
    queued = deliver_message.using(run_after=run_after) if run_after else deliver_message
    queued.enqueue(message_id)


def deliver(message_id: int) -> str:
    """Sends one message now if it is due (``cms.notifications.delivery``); a retry comes back here."""
    return delivery.deliver(message_id, requeue=enqueue)


def sweep() -> dict[str, int]:
    """The scheduled sweep (every minute, ``NotificationsConfig.ready``): see ``delivery.sweep``."""
    return delivery.sweep(requeue=enqueue)


@task()
def deliver_message(message_id: int) -> str:
    return deliver(message_id)


@task()
def deliver_messages(message_ids: list[int]) -> str:
    """A batch written by ``notify_many``. A worker killed halfway leaves the rest queued: the sweep
    enqueues them again."""
    outcomes = [deliver(message_id) for message_id in message_ids]
    return ", ".join(f"{o} {outcomes.count(o)}" for o in sorted(set(outcomes)))
