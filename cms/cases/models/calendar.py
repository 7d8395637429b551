"""The working-day calendar: public holidays and make-up working days (调休), edited by staff in the admin.

Deadlines are computed from it (``cms.cases.calendar``), never typed in by hand.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.core.models import Record


class CalendarDay(Record):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("说明"), max_length=40, help_text=_("如：春节、国庆节调休"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}（{self.name}）"
