"""In-admin notices for staff: the dashboard panel and the count on the menu item read these
(``cms/notifications/wagtail_hooks.py``). Written by the outbox's notice channel, never directly."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l


class Notice(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_l("接收人"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    message = models.OneToOneField(
        "notifications.Message",
        verbose_name=_l("发送记录"),
        on_delete=models.CASCADE,
        related_name="notice",
    )
    text = models.CharField(_l("内容"), max_length=500)
    url = models.CharField(_l("链接"), max_length=200, blank=True)
    created_at = models.DateTimeField(_l("时间"), default=timezone.now)
    read_at = models.DateTimeField(_l("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _l("站内通知")
        verbose_name_plural = _l("站内通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text
