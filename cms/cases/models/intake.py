"""Addresses the committee office knows (a community service desk, a carrier's shared address) whose online
submissions may exceed the usual per-client hourly limit. Edited by the office in the admin
(``cms/cases/wagtail_hooks.py``, 案件管理 → 放宽提交限制的地址), with history; read through
``cms/cases/cached_tables.py`` so a submission spends no query on it.
"""

import contextlib
import ipaddress

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.core.models import Record


def validate_network(value: str) -> None:
    try:
        ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        raise ValidationError(
            _("请填写 IP 地址（如 203.0.113.7）或网段（如 203.0.113.0/24）。")
        ) from None


class KnownAddress(Record):
    name = models.CharField(_("名称"), max_length=100, help_text=_("如：东二社区党群服务中心前台"))
    network = models.CharField(
        _("IP 地址或网段"),
        max_length=50,
        validators=[validate_network],
        help_text=_("单个地址如 203.0.113.7，网段如 203.0.113.0/24"),
    )
    submissions_per_hour = models.PositiveIntegerField(
        _("每小时可提交诉求数"),
        validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text=_("其他地址每小时最多 10 条；同一手机号码的限制不变"),
    )
    note = models.TextField(_("说明"), blank=True, help_text=_("为什么放宽、由谁申请"))
    active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("放宽提交限制的地址")
        verbose_name_plural = _("放宽提交限制的地址")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.network}）"

    def clean(self) -> None:
        with contextlib.suppress(ValueError):  # a bad value is reported by the field's validator
            self.network = str(ipaddress.ip_network(self.network.strip(), strict=False))
