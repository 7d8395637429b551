"""Joint handling (联合办理): a case that needs several studios or units gets co-handlers, each with its own
task and status; the lead studio resolves the case only when every task is done (``services.resolve``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.cases.models.case import Case
from cms.cases.models.catalogue import HandlingUnit
from cms.core.models import Record
from cms.studios.models import Studio


class CoHandler(Record):
    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        DONE = "done", _("已完成")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="co_handlers", verbose_name=_("诉求")
    )
    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="co_handled", verbose_name=_("协办工作室")
    )
    handling_unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_handled",
        verbose_name=_("协办单位"),
    )
    task = models.TextField(_("协办任务"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    result = models.TextField(_("办理情况"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("添加人"),
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("完成人"),
    )
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["studio", "status"])]
        verbose_name = _("协办任务")
        verbose_name_plural = _("协办任务")

    def __str__(self) -> str:
        unit = f" · {self.handling_unit.name}" if self.handling_unit_id else ""
        return f"{self.studio.short_name}{unit}：{self.get_status_display()}"
