"""What a studio handles and who handles it: case categories (with deadlines) and handling units."""

from django.core.validators import RegexValidator
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
    # The stable service code other systems know the category by (Open311 ``service_code``): never reused.
    code = models.CharField(
        _("服务代码"),
        max_length=20,
        unique=True,
        blank=True,
        validators=[
            RegexValidator(r"^[A-Za-z0-9-]+$", _("服务代码只能包含英文字母、数字和连字符。"))
        ],
        help_text=_("对外接口使用的固定代码，如 06-01；留空则自动编号，发布后请勿修改"),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("办理时限（工作日）"), help_text=_("如：咨询 3 个工作日，投诉 13 个工作日")
    )
    # The catalogue's rule for priorities (``cms.cases.services.deadlines``): 紧急 shortens the handling
    # limit to this many working days (never longer than the normal one); 特急 is due the day received.
    urgent_deadline_days = models.PositiveSmallIntegerField(
        _("紧急办理时限（工作日）"),
        default=1,
        help_text=_("优先级为“紧急”时的办理时限，不长于一般时限；“特急”一律当日处置（节假日亦然）"),
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

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = next_code(CaseCategory.objects, self.studio.code, self.studio_id)
        super().save(*args, **kwargs)


def next_code(categories, studio_code: str, studio_id: int) -> str:
    """The studio's next free service code (06-01, 06-02, ...); also used by the migration that filled
    the codes of the categories that existed before codes did."""
    prefix = f"{studio_code}-"
    used = categories.filter(studio_id=studio_id, code__startswith=prefix).values_list(
        "code", flat=True
    )
    numbers = [int(code[len(prefix) :]) for code in used if code[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


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
