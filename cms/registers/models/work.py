"""What the studios do with and for their registers' people: sages' engagements (02), talent services and
人才驿站 bookings (04), care services and community observers' reports (05).

Registered in the admin by ``cms/registers/wagtail_hooks.py``; changed only through
``cms/registers/services.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.cases.models import Case
from cms.core.models import Record
from cms.registers.models.members import Member, TalentNeed
from cms.studios.models import Studio


class StudioWork(Record):
    """What a studio does for or with one register member: the member (declared by each kind, for its
    own related name and label) and the studio whose staff recorded it, which lists and rights filter by."""

    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="+", verbose_name=_("工作室")
    )

    class Meta:
        abstract = True


class RecordedWork(StudioWork):
    """Work entered after the fact by a member of staff (engagements, care services)."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        abstract = True


class Engagement(RecordedWork):
    """What a sage did. A mediation file is reached through its case (``case.mediation_file``)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("参加议事")
        MEDIATION = "mediation", _("参与调解")
        DONATION = "donation", _("捐资捐物")
        MENTORING = "mentoring", _("结对帮扶")
        RESOURCES = "resources", _("对接资源")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="engagements", verbose_name=_("新乡贤")
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    happened_on = models.DateField(_("日期"))
    summary = models.CharField(_("内容摘要"), max_length=200)
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("关联诉求"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["studio", "-happened_on"])]
        verbose_name = _("新乡贤参与记录")
        verbose_name_plural = _("新乡贤参与记录")

    def __str__(self) -> str:
        return f"{self.happened_on} {self.get_kind_display()}"


class TalentService(StudioWork):
    """A talent's request, handled like a small case: received → handled → answered, with a deadline."""

    class State(models.TextChoices):
        RECEIVED = "received", _("已受理")
        HANDLED = "handled", _("办理中")
        ANSWERED = "answered", _("已答复")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="talent_services", verbose_name=_("人才")
    )
    need = models.CharField(_("需求类型"), max_length=12, choices=TalentNeed.choices)
    description = models.TextField(_("需求内容"))
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.RECEIVED
    )
    received_at = models.DateTimeField(_("受理时间"), default=timezone.now, editable=False)
    due_at = models.DateTimeField(_("答复时限"), editable=False)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办人"),
    )
    answer = models.TextField(_("答复内容"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["studio", "-received_at"])]
        verbose_name = _("人才服务")
        verbose_name_plural = _("人才服务")

    def __str__(self) -> str:
        return f"{self.get_need_display()} {timezone.localdate(self.received_at)}"

    @property
    def is_overdue(self) -> bool:
        return self.state != self.State.ANSWERED and self.due_at < timezone.now()


class StationDay(Record):
    """One day of the 人才驿站 workspace and its seats; bookings lock this row to count seats safely."""

    day = models.DateField(_("日期"), unique=True)
    seats = models.PositiveSmallIntegerField(_("座位数"))
    closed = models.BooleanField(_("不开放"), default=False)

    class Meta:
        ordering = ["day"]
        verbose_name = _("人才驿站开放日")
        verbose_name_plural = _("人才驿站开放日")

    def __str__(self) -> str:
        return str(self.day)


class Booking(Record):
    class State(models.TextChoices):
        BOOKED = "booked", _("已预约")
        CANCELLED = "cancelled", _("已取消")
        ATTENDED = "attended", _("已到场")
        NO_SHOW = "no_show", _("未到场")

    station_day = models.ForeignKey(
        StationDay, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("日期")
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号码"), max_length=20)
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("登记人才"),
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.BOOKED)
    booked_at = models.DateTimeField(_("预约时间"), default=timezone.now, editable=False)
    # The booker cancels with the phone and this code (shown once on booking, hashed).
    code_hash = models.CharField(_("取消码摘要"), max_length=64, editable=False)

    history = HistoricalRecords(excluded_fields=["code_hash"])

    class Meta:
        ordering = ["-station_day__day", "booked_at"]
        constraints = [
            # The database's own guard against double booking; the service checks first for a kind message.
            models.UniqueConstraint(
                fields=["station_day", "phone"],
                condition=~Q(state="cancelled"),
                name="one_booking_per_phone_per_day",
            )
        ]
        verbose_name = _("人才驿站预约")
        verbose_name_plural = _("人才驿站预约")

    def __str__(self) -> str:
        return f"{self.station_day.day} {self.get_state_display()}"


class CareService(RecordedWork):
    class Kind(models.TextChoices):
        STATION_VISIT = "station_visit", _("暖蜂驿站到站")
        BENEFIT = "benefit", _("发放慰问")
        HEALTH_CHECK = "health_check", _("健康体检")
        LEGAL_HELP = "legal_help", _("法律援助")
        EMERGENCY = "emergency", _("紧急救助")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="care_services", verbose_name=_("服务对象")
    )
    kind = models.CharField(_("服务类型"), max_length=20, choices=Kind.choices)
    station = models.CharField(_("驿站或地点"), max_length=80)
    served_on = models.DateField(_("日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-served_on", "-pk"]
        indexes = [models.Index(fields=["studio", "-served_on"])]
        verbose_name = _("关怀服务")
        verbose_name_plural = _("关怀服务")

    def __str__(self) -> str:
        return f"{self.served_on} {self.get_kind_display()}"


class ObserverReport(Record):
    """A case raised by a new-employment community observer (社区观察员) on their rounds."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="observer_reports", verbose_name=_("观察员")
    )
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="observer_report", verbose_name=_("诉求")
    )
    reported_at = models.DateTimeField(_("报告时间"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("观察员报告")
        verbose_name_plural = _("观察员报告")

    def __str__(self) -> str:
        return self.case.reference
