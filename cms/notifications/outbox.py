"""``notify()``: how any app asks for someone to be told something.

The message row is written in the caller's transaction (a change rolled back sends nothing) and its
delivery task is enqueued when that transaction commits. Task arguments are the message id only.
"""

from django.db import IntegrityError, transaction

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
    transaction.on_commit(lambda: enqueue(message.pk))
    return message


def notify_staff(user, *, template: str, key: str, context: dict | None = None) -> None:
    """An in-admin notice and, if the user has an address, an e-mail."""
    for channel in (Channel.NOTICE, Channel.EMAIL):
        notify(
            channel=channel, template=template, key=f"{key}:{channel}", context=context, user=user
        )


def enqueue(message_id: int, run_after=None) -> None:
    from cms.notifications.tasks import deliver_message

    task = deliver_message.using(run_after=run_after) if run_after else deliver_message
    task.enqueue(message_id)
