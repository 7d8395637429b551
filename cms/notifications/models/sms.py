"""What the development SMS backend "sent": the demo and the tests read these instead of a phone.
Visible in the admin to superusers only (it holds phone numbers)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l


class SmsRecord(models.Model):
    phone = models.CharField(_l("手机号码"), max_length=20, db_index=True)
    template_id = models.CharField(_l("模板编号"), max_length=50)
    params = models.JSONField(_l("参数"), default=dict)
    text = models.CharField(_l("内容"), max_length=500)
    # The outbox key, as a provider would get it (Alibaba Cloud's OutId): a duplicate shows here.
    out_id = models.CharField(_l("业务编号"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_l("时间"), default=timezone.now)

    class Meta:
        verbose_name = _l("短信记录（开发）")
        verbose_name_plural = _l("短信记录（开发）")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.text
