"""A mediation file (调解卷宗): the case of kind "mediation" and everything the People's Mediation Law asks
the file to hold. Its parts (parties, mediators, sessions, follow-ups) are in ``records.py``.

Registered in the admin by ``cms/mediation/wagtail_hooks.py``; every change goes through
``cms/mediation/services.py``, which writes the revision history.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.cases.models import Case
from cms.core.models import Record
from cms.mediation.models.committee import MediationCommittee

# Disputes are normally settled within a month of intake; a court may confirm an agreement if the parties
# apply within 30 days of it taking effect (人民调解法 art. 33).
COURT_CONFIRMATION_DAYS = 30
DUE_SOON_DAYS = 3


class Source(models.TextChoices):
    PARTY_APPLICATION = "application", _("当事人申请")
    OWN_INITIATIVE = "initiative", _("主动调解")
    POLICE_REFERRAL = "police", _("公安机关移送")
    COURT_REFERRAL = "court", _("法院委派")
    HOTLINE = "hotline", _("热线转办")


class DisputeType(models.TextChoices):
    PROPERTY_FEES = "fees", _("物业费")
    REPAIR_FUNDS = "repairs", _("维修养护与维修资金")
    PARKING = "parking", _("停车")
    NEIGHBOURS = "neighbours", _("噪音与邻里")
    COMMITTEE_ELECTION = "election", _("业委会选举")
    HANDOVER = "handover", _("物业交接")
    OTHER = "other", _("其他")


class Stage(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    MEDIATING = "mediating", _("调解中")
    AGREED = "agreed", _("达成协议")
    FAILED = "failed", _("调解不成")
    FOLLOWED_UP = "followed_up", _("已回访")
    ARCHIVED = "archived", _("已归档")


class Outcome(models.TextChoices):
    AGREEMENT = "agreement", _("达成调解协议")
    FAILURE = "failure", _("调解不成")


class NoticeMethod(models.TextChoices):
    WRITTEN = "written", _("书面告知（当事人签收）")
    ORAL = "oral", _("口头告知（记入笔录）")


def one_month_after(day: datetime.date) -> datetime.date:
    """The same day next month, or that month's last day (31 Jan → 28/29 Feb)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class Timer:
    key: str
    label: str
    due: datetime.date
    state: str  # "running", "soon", "passed", "closed" or "met"
    days_left: int

    @property
    def days_overdue(self) -> int:
        return -self.days_left


class MediationFile(Record):
    # ``stage`` and ``archived_at`` change only through the services (the admin has no edit form for a
    # file); they stay editable fields so that the history shows them.
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="mediation", verbose_name=_("案件")
    )
    stage = models.CharField(
        _("阶段"), max_length=12, choices=Stage.choices, default=Stage.REGISTERED
    )
    source = models.CharField(_("案件来源"), max_length=12, choices=Source.choices)
    registered_on = models.DateField(_("登记日期"), default=timezone.localdate)
    dispute_type = models.CharField(_("纠纷类型"), max_length=12, choices=DisputeType.choices)
    settlement_due = models.DateField(_("调结期限"), editable=False)
    rights_notified_on = models.DateField(_("权利义务告知日期"), null=True, blank=True)
    # The next session agreed with the parties (set by ``services.schedule_session``, which tells them).
    next_session_at = models.DateTimeField(_("下次调解时间"), null=True, blank=True)
    next_session_place = models.CharField(_("下次调解地点"), max_length=100, blank=True)
    rights_notice_method = models.CharField(
        _("告知方式"), max_length=10, choices=NoticeMethod.choices, blank=True
    )
    outcome = models.CharField(_("调解结果"), max_length=10, choices=Outcome.choices, blank=True)
    concluded_on = models.DateField(_("结案日期"), null=True, blank=True)
    agreement_terms = models.TextField(_("协议内容"), blank=True)
    performance_method = models.TextField(_("履行方式和期限"), blank=True)
    performance_due = models.DateField(_("履行期限"), null=True, blank=True)
    failure_reason = models.TextField(_("调解不成的原因"), blank=True)
    route_litigation = models.BooleanField(_("可向人民法院起诉"), default=False)
    route_arbitration = models.BooleanField(_("可申请仲裁"), default=False)
    route_administrative = models.BooleanField(_("可请求行政机关处理"), default=False)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    # The document number (（2026）桂红调字第 12 号), taken from the committee when the file is registered.
    committee = models.ForeignKey(
        MediationCommittee,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="files",
        verbose_name=_("人民调解委员会"),
    )
    number_year = models.PositiveSmallIntegerField(_("编号年度"), null=True, editable=False)
    number = models.PositiveIntegerField(_("编号"), null=True, editable=False)
    # Who wrote the agreement down (记录人 on the 调解协议书): the staff member who recorded it.
    agreement_recorder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("协议记录人"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-registered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number_year", "number"], name="one_document_number"
            )
        ]
        verbose_name = _("调解卷宗")
        verbose_name_plural = _("调解卷宗")

    def __str__(self) -> str:
        return str(self.case)

    @property
    def document_number(self) -> str:
        if self.committee_id is None or self.number is None:
            return ""
        return self.committee.document_number(self.number_year, self.number)

    @property
    def studio_id(self) -> int | None:
        return self.case.studio_id

    def mediated_by(self, user) -> bool:
        """Whether ``user`` is a mediator on this file who has not stepped aside."""
        return any(
            a.is_active and a.mediator.user_id == user.pk
            for a in self.appointments.select_related("mediator")
        )

    def agreement_content(self) -> dict:
        """What the tamper-evident chain vouches for once an agreement is recorded (``cms.core.chain``,
        kind "mediation-agreement"): the agreement's own fields, which no later step changes."""
        fields = ("case_id", "outcome", "concluded_on", "agreement_terms", "performance_method")
        return {name: getattr(self, name) for name in (*fields, "performance_due")}

    @property
    def is_archived(self) -> bool:
        return self.stage == Stage.ARCHIVED

    @property
    def court_confirmation_until(self) -> datetime.date | None:
        if self.outcome != Outcome.AGREEMENT or self.concluded_on is None:
            return None
        return self.concluded_on + datetime.timedelta(days=COURT_CONFIRMATION_DAYS)

    def routes_left(self) -> list[str]:
        names = ("route_litigation", "route_arbitration", "route_administrative")
        return [str(self._meta.get_field(n).verbose_name) for n in names if getattr(self, n)]

    def timers(self, today: datetime.date | None = None) -> list[Timer]:
        """The clocks on the file: settlement within a month, the court-confirmation window, performance."""
        today = today or timezone.localdate()
        timers = [
            _timer("settlement", _("调结期限"), self.settlement_due, today, met=bool(self.outcome))
        ]
        if self.court_confirmation_until:
            timers.append(
                _timer(
                    "court",
                    _("司法确认申请期"),
                    self.court_confirmation_until,
                    today,
                    met=False,
                    window=True,
                )
            )
        if self.outcome == Outcome.AGREEMENT and self.performance_due:
            timers.append(
                _timer(
                    "performance",
                    _("履行期限"),
                    self.performance_due,
                    today,
                    met=self.stage in (Stage.FOLLOWED_UP, Stage.ARCHIVED),
                )
            )
        return timers


def _timer(
    key: str, label, due: datetime.date, today: datetime.date, *, met: bool, window: bool = False
) -> Timer:
    """A deadline is "passed" when missed; a window (a right the parties may use) is "closed"."""
    days_left = (due - today).days
    if met:
        state = "met"
    elif days_left < 0:
        state = "closed" if window else "passed"
    elif days_left <= DUE_SOON_DAYS:
        state = "soon"
    else:
        state = "running"
    return Timer(key, str(label), due, state, days_left)
