"""One-time codes that let a resident open "我的诉求" (their own cases) with the phone they gave.

Written and checked by ``cms/cases/residents.py`` only; the code itself is never stored (a keyed hash is),
and the SMS that carries it renders it from the message's nonce when it is sent. Not in the admin: a
code lives five minutes, and rows older than a day are deleted when new codes are issued.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInCode(models.Model):
    phone = models.CharField(_("手机号码"), max_length=20, db_index=True)
    code_hash = models.CharField(_("验证码摘要"), max_length=64, editable=False)
    # The outbox message that carries the code (its state tells the resident whether SMS is getting out).
    message_key = models.CharField(_("短信幂等键"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("失效时间"))
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("我的诉求验证码")
        verbose_name_plural = _("我的诉求验证码")
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.pk}"
