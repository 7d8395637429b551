"""The outbox: every message to a person (SMS, e-mail, in-admin notice), written in the same transaction as
the change that caused it and delivered by a task after commit (``cms/notifications/delivery.py``).

The committee office reads it in the admin (通知 → 发送记录): state, attempts and the last error.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l


class Channel(models.TextChoices):
    SMS = "sms", _l("短信")
    EMAIL = "email", _l("电子邮件")
    NOTICE = "notice", _l("站内通知")


class State(models.TextChoices):
    QUEUED = "queued", _l("待发送")
    SENDING = "sending", _l("发送中")
    SENT = "sent", _l("已发送")
    FAILED = "failed", _l("发送失败")


class Message(models.Model):
    """One message to one recipient. The context holds references and ids only (never a description,
    a name or a phone): the text is rendered from its template when it is sent.

    A staff recipient is a user; a resident is the phone (or e-mail) they gave, which is personal data:
    masked in the admin list, anonymised with the case by the retention job.
    """

    channel = models.CharField(_l("渠道"), max_length=10, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_l("接收人（工作人员）"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_l("接收号码/邮箱（居民）"), max_length=254, blank=True)
    template = models.CharField(_l("模板"), max_length=50)
    context = models.JSONField(_l("参数"), default=dict, blank=True)
    # One key per message that must go out once (e.g. "case:12:assigned:3"): notify() with a key that
    # exists already adds nothing, so a retried change or a rescan never sends twice.
    idempotency_key = models.CharField(_l("幂等键"), max_length=200, unique=True)
    state = models.CharField(
        _l("状态"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_l("尝试次数"), default=0)
    last_error = models.TextField(_l("最近错误"), blank=True)
    next_attempt_at = models.DateTimeField(_l("下次尝试时间"), default=timezone.now)
    # While a worker sends, the row is leased to it; a worker killed mid-send leaves an expired lease,
    # and the sweep puts the message back in the queue.
    lease_until = models.DateTimeField(_l("占用至"), null=True, blank=True)
    created_at = models.DateTimeField(_l("创建时间"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_l("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _l("发送记录")
        verbose_name_plural = _l("发送记录")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(address=""),
                name="notifications_message_has_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.template} · {self.get_state_display()}"
