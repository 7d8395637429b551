"""What a studio handles and who handles it: case categories (with deadlines) and handling units."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.core.models import Record
from cms.studios.models import Studio


class Priority(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")
    EMERGENCY = "emergency", _("特急（当日处置）")


class CaseCategory(Record):
    """A studio's catalogue entry: its default handling deadline in working days and priority."""

    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="case_categories", verbose_name=_("工作室")
    )
    name = models.CharField(_("名称"), max_length=50)
    deadline_days = models.PositiveSmallIntegerField(
        _("办理时限（工作日）"), help_text=_("如：咨询 3 个工作日，投诉 13 个工作日")
    )
    priority = models.CharField(
        _("默认优先级"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    active = models.BooleanField(_("启用"), default=True)
    service = models.ForeignKey(
        "studios.ServicePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("对应服务事项"),
        help_text=_("居民从该服务事项页面提交诉求时，预先选中此类别"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["studio__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["studio", "name"], name="unique_category_per_studio")
        ]
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")

    def __str__(self) -> str:
        return f"{self.studio.short_name} · {self.name}"


class HandlingUnit(Record):
    """A unit a case can be dispatched to (community, department, company), within one studio."""

    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="handling_units", verbose_name=_("工作室")
    )
    name = models.CharField(_("名称"), max_length=80)
    contact = models.CharField(_("联系方式"), max_length=80, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["studio__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["studio", "name"], name="unique_unit_per_studio")
        ]
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")

    def __str__(self) -> str:
        return f"{self.studio.short_name} · {self.name}"
