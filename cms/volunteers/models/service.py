"""Service activities, residents' sign-ups, and the service records that count as volunteer hours.

Every change goes through ``cms/volunteers/services.py``: hours, overlaps and verification are decided there.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.cases.models import Case
from cms.core.models import Record
from cms.places.models import Community, Estate
from cms.studios.models import ActivityPage, Studio
from cms.volunteers.models.people import Team, Volunteer


def in_hours(value) -> Decimal:
    """Hours to one decimal, half up. Accepts what databases return for sums of hours (SQLite: float or int)."""
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class ServiceActivity(Record):
    studio = models.ForeignKey(
        Studio,
        on_delete=models.PROTECT,
        related_name="service_activities",
        verbose_name=_("工作室"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="activities", verbose_name=_("服务队")
    )
    title = models.CharField(_("活动名称"), max_length=100)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organised_activities",
        verbose_name=_("组织者"),
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    # The community and estate served, when the activity serves one (the figures count them there).
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_activities",
        verbose_name=_("服务社区/村"),
    )
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_activities",
        verbose_name=_("服务小区"),
    )
    content = models.TextField(_("服务内容"))
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_activities",
        verbose_name=_("服务的诉求"),
        help_text=_("选填：本次志愿服务所回应的居民诉求。"),
    )
    page = models.ForeignKey(
        ActivityPage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_activities",
        verbose_name=_("公开活动页面"),
        help_text=_("选填：居民在该页面报名。"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("服务活动")
        verbose_name_plural = _("服务活动")

    def primary_for_page(self) -> "ServiceActivity | None":
        """The activity whose page shows the sign-ups of a public page several activities link (the
        earliest): the others point to it, so no sign-up is listed twice."""
        if not self.page_id:
            return None
        return (
            ServiceActivity.objects.filter(page_id=self.page_id).order_by("starts_at", "pk").first()
        )

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d} {self.title}"


class SignUp(Record):
    """A resident's sign-up on a public activity page; the organiser may enrol them as a volunteer."""

    page = models.ForeignKey(
        ActivityPage, on_delete=models.CASCADE, related_name="sign_ups", verbose_name=_("活动")
    )
    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="sign_ups", verbose_name=_("工作室")
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号码"), max_length=20)
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sign_ups",
        verbose_name=_("已登记为志愿者"),
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "phone"], name="one_sign_up_per_phone")
        ]
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")

    def __str__(self) -> str:
        return f"{self.page} {self.name}"


class ServiceRecordQuerySet(models.QuerySet):
    def verified(self) -> "ServiceRecordQuerySet":
        """The records that count (志愿服务条例: hours confirmed by the organiser): the hours ledger,
        certificates, the i志愿 export and the committee's figures all start here."""
        return self.filter(status=ServiceRecord.Status.VERIFIED)


class ServiceRecord(Record):
    class Status(models.TextChoices):
        DRAFT = "draft", _("待核实")
        VERIFIED = "verified", _("已核实")

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="records", verbose_name=_("志愿者")
    )
    activity = models.ForeignKey(
        ServiceActivity,
        on_delete=models.PROTECT,
        related_name="records",
        verbose_name=_("服务活动"),
    )
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"))
    break_minutes = models.PositiveIntegerField(
        _("扣除时间（分钟）"), default=0, help_text=_("往返路途、休息等不计入服务时长的时间")
    )
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=5, decimal_places=1)
    hours_reason = models.CharField(
        _("时长调整理由"), max_length=200, blank=True, help_text=_("与按时间计算的时长不一致时必填")
    )
    content = models.CharField(_("服务内容"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核实人"),
    )
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["volunteer", "status", "started_at"]),
            models.Index(fields=["status", "started_at"]),
            models.Index(fields=["volunteer", "started_at", "ended_at"]),
        ]
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")

    def __str__(self) -> str:
        return f"{self.volunteer} {timezone.localtime(self.started_at):%Y-%m-%d} {self.hours}h"

    def computed_hours(self) -> Decimal:
        """Hours of actual service: the time on site minus travel and breaks, to one decimal."""
        minutes = (self.ended_at - self.started_at).total_seconds() / 60 - self.break_minutes
        return in_hours(Decimal(max(minutes, 0)) / 60)
