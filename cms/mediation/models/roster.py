"""The mediator roster (调解员名册): people who preside over or assist in mediations, across studios.

Registered in the admin by ``cms/mediation/wagtail_hooks.py`` (纠纷调解 → 调解员名册).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.core.models import Record


class Mediator(Record):
    name = models.CharField(_("姓名"), max_length=50)
    organisation = models.CharField(_("所在单位"), max_length=100)
    specialities = models.CharField(
        _("擅长领域"), max_length=200, blank=True, help_text=_("如：物业费、维修资金、邻里纠纷")
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    # A mediator with an account sees the parties' ID numbers on the files they mediate.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediator",
        verbose_name=_("系统账号"),
    )
    active = models.BooleanField(_("在册"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("调解员")
        verbose_name_plural = _("调解员名册")

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation}）"
