"""The parts of a mediation file: parties, the mediators on it, sessions with their records, follow-ups.

Each keeps its own revision history; ``cms/mediation/history.py`` merges them into the file's timeline.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.cases.models import Satisfaction
from cms.core import privacy
from cms.core.models import Record
from cms.mediation.models.file import MediationFile
from cms.mediation.models.roster import Mediator


class Party(Record):
    class Side(models.TextChoices):
        APPLICANT = "applicant", _("申请人")
        RESPONDENT = "respondent", _("被申请人")

    class Kind(models.TextChoices):
        RESIDENT = "resident", _("业主或住户")
        PROPERTY_COMPANY = "property", _("物业服务企业")
        OWNERS_COMMITTEE = "committee", _("业主委员会")
        DEVELOPER = "developer", _("开发建设单位")
        ORGANISATION = "organisation", _("其他组织")

    file = models.ForeignKey(
        MediationFile, on_delete=models.CASCADE, related_name="parties", verbose_name=_("卷宗")
    )
    side = models.CharField(_("身份"), max_length=10, choices=Side.choices)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("姓名或名称"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    id_number = models.CharField(
        _("身份证号码"), max_length=18, blank=True, help_text=_("选填；仅本案调解员可见全文。")
    )
    address = models.CharField(_("住址或所在地"), max_length=200, blank=True)
    agent = models.CharField(
        _("代理人"), max_length=100, blank=True, help_text=_("姓名及与当事人的关系")
    )
    sms_opt_in = models.BooleanField(
        _("同意短信通知"),
        default=False,
        help_text=_("安排调解时发短信告知时间和地点（只写卷宗编号，不含案情）"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["side", "pk"]
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.name}"

    @staticmethod
    def masks(*, personal: bool, identity: bool) -> dict:
        """Field → mask for a viewer: name, phone, address and agent unless ``personal`` (the viewer
        handles the case), the ID number unless ``identity`` (the viewer mediates it). Used by the file
        page, the print pages and the history."""
        masks = {} if identity else {"id_number": privacy.mask_id_number}
        if not personal:
            masks.update(
                name=privacy.mask_name,
                phone=privacy.mask_phone,
                address=privacy.mask_address,
                agent=privacy.mask_name,
            )
        return masks

    def shown(self, *, personal: bool, identity: bool) -> "Party":
        """A copy for display, masked by ``masks``."""
        copy = Party(pk=self.pk, file_id=self.file_id, side=self.side, kind=self.kind)
        masks = self.masks(personal=personal, identity=identity)
        for name in ("name", "phone", "address", "agent", "id_number"):
            value = getattr(self, name)
            setattr(copy, name, masks[name](value) if name in masks else value)
        return copy


class Appointment(Record):
    """A mediator on a file, presiding or assisting; a party may ask that they step aside (回避)."""

    class Role(models.TextChoices):
        PRESIDING = "presiding", _("主持调解员")
        ASSISTING = "assisting", _("协助调解员")

    class Recusal(models.TextChoices):
        NONE = "", _("无")
        PENDING = "pending", _("待决定")
        GRANTED = "granted", _("同意回避")
        REFUSED = "refused", _("不予回避")

    file = models.ForeignKey(
        MediationFile, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("卷宗")
    )
    mediator = models.ForeignKey(
        Mediator, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("调解员")
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    appointed_on = models.DateField(_("指定日期"), default=timezone.localdate)
    recusal_requested_by = models.CharField(_("申请回避的当事人"), max_length=100, blank=True)
    recusal_reason = models.TextField(_("回避理由"), blank=True)
    recusal = models.CharField(
        _("回避申请"), max_length=10, choices=Recusal.choices, blank=True, default=Recusal.NONE
    )
    recusal_decided_on = models.DateField(_("回避决定日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["file", "mediator"], name="one_appointment_per_mediator"
            )
        ]
        verbose_name = _("调解员指定")
        verbose_name_plural = _("调解员指定")

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.mediator.name}"

    @property
    def is_active(self) -> bool:
        return self.recusal != self.Recusal.GRANTED

    @property
    def recusal_pending(self) -> bool:
        return self.recusal == self.Recusal.PENDING

    @property
    def recusal_can_be_requested(self) -> bool:
        """None asked yet, or the last request was refused."""
        return self.recusal not in (self.Recusal.PENDING, self.Recusal.GRANTED)


class Session(Record):
    """A mediation session and its record (调解笔录), printable for signature."""

    file = models.ForeignKey(
        MediationFile, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("卷宗")
    )
    held_at = models.DateTimeField(_("调解时间"), default=timezone.now)
    place = models.CharField(_("调解地点"), max_length=100)
    attendees = models.TextField(_("参加人员"), help_text=_("当事人、代理人、调解员及其他到场人员"))
    statements = models.TextField(_("当事人陈述"), help_text=_("各方的陈述、意见和请求"))
    verified_facts = models.TextField(_("调查核实的情况"), blank=True)
    proposals = models.TextField(_("调解员的意见和建议"), blank=True)
    signed = models.BooleanField(_("笔录已由参加人签名"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["held_at", "pk"]
        verbose_name = _("调解笔录")
        verbose_name_plural = _("调解笔录")

    def __str__(self) -> str:
        return f"{timezone.localtime(self.held_at):%Y-%m-%d %H:%M} {self.place}"


class FollowUp(Record):
    """回访: was the agreement carried out, are the parties satisfied, may the dispute flare up again."""

    class Performance(models.TextChoices):
        FULL = "full", _("已全部履行")
        PARTIAL = "partial", _("部分履行")
        NONE = "none", _("未履行")
        NOT_APPLICABLE = "na", _("不适用（未达成协议）")

    class Risk(models.TextChoices):
        LOW = "low", _("低")
        MEDIUM = "medium", _("中")
        HIGH = "high", _("高")

    file = models.ForeignKey(
        MediationFile, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("卷宗")
    )
    visited_on = models.DateField(_("回访日期"), default=timezone.localdate)
    performance = models.CharField(_("履行情况"), max_length=10, choices=Performance.choices)
    satisfaction = models.CharField(_("当事人满意度"), max_length=20, choices=Satisfaction.choices)
    relapse_risk = models.CharField(_("纠纷反复风险"), max_length=10, choices=Risk.choices)
    note = models.TextField(_("回访记录"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("回访人"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["visited_on", "pk"]
        verbose_name = _("回访记录")
        verbose_name_plural = _("回访记录")

    def __str__(self) -> str:
        return f"{self.visited_on} {self.get_performance_display()}"
