"""Supervision of deadlines: how early each priority is warned (预警, edited in the admin: 案件管理 →
预警设置), the warnings given (one per case, kind and deadline) and chasers (催办) by leads and the office."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.cases.models.case import Case
from cms.cases.models.catalogue import Priority
from cms.core.models import Record


class WarningRule(Record):
    priority = models.CharField(_("优先级"), max_length=10, choices=Priority.choices, unique=True)
    hours = models.PositiveSmallIntegerField(
        _("提前预警（工作小时）"),
        help_text=_("办理时限前多少个工作小时发出预警（每个工作日按 8 小时计）"),
    )

    class Meta:
        ordering = ["priority"]
        verbose_name = _("预警设置")
        verbose_name_plural = _("预警设置")

    def __str__(self) -> str:
        return f"{self.get_priority_display()}：{self.hours}"


class DeadlineWarning(models.Model):
    """A warning given: the unique row is what makes each warning go out once per case, kind and
    deadline (an approved extension moves the deadline, and may warn again)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("即将到期")
        OVERDUE = "overdue", _("已超期")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="warnings", verbose_name=_("诉求")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    due = models.DateTimeField(_("办理时限"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("超期预警")
        verbose_name_plural = _("超期预警")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "due"], name="deadline_warning_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()}"


class Chase(Record):
    """催办: a lead of the case's studio or the committee office presses for progress, with a note."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="chases", verbose_name=_("诉求")
    )
    note = models.TextField(_("催办意见"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("催办人"),
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("催办")
        verbose_name_plural = _("催办")

    def __str__(self) -> str:
        return f"{self.case_id} {self.created_at:%Y-%m-%d %H:%M}"
