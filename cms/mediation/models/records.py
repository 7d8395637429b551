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

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

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
    # A person (司法部人民调解文书格式): sex, ethnic group, date of birth or age, occupation, address.
    gender = models.CharField(_("性别"), max_length=6, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, help_text=_("如：汉族"))
    birth_date = models.DateField(
        _("出生日期"), null=True, blank=True, help_text=_("填写身份证号码的，自动从号码中读取")
    )
    age = models.PositiveSmallIntegerField(
        _("年龄"), null=True, blank=True, help_text=_("不知道出生日期时填写")
    )
    occupation = models.CharField(_("职业"), max_length=50, blank=True)
    # An organisation: its name (above), legal representative or person in charge, and address.
    legal_representative = models.CharField(
        _("法定代表人或主要负责人"), max_length=50, blank=True, help_text=_("单位当事人填写")
    )
    representative_title = models.CharField(_("职务"), max_length=50, blank=True)
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

    @property
    def is_person(self) -> bool:
        return self.kind == self.Kind.RESIDENT

    def birth_or_age(self) -> str:
        """出生日期或年龄, as a document prints it."""
        if self.birth_date:
            return f"{self.birth_date.year}年{self.birth_date.month}月{self.birth_date.day}日"
        return _("%(age)s岁") % {"age": self.age} if self.age else ""

    def missing_for_documents(self) -> list[str]:
        """What the printed documents ask of this party and the file lacks (a person: sex, ethnic group,
        date of birth or age, occupation, address; an organisation: its representative and address)."""
        if self.is_person:
            wanted = {
                "gender": self.gender,
                "ethnicity": self.ethnicity,
                "birth_date": self.birth_date or self.age,
                "occupation": self.occupation,
                "address": self.address,
            }
        else:
            wanted = {"legal_representative": self.legal_representative, "address": self.address}
        return [str(self._meta.get_field(name).verbose_name) for name, v in wanted.items() if not v]

    # Fields beyond the contact details that describe the person: shown only to those who handle the case.
    _PERSONAL_DETAILS = ("gender", "ethnicity", "birth_date", "age", "occupation")

    def shown(self, *, personal: bool, identity: bool) -> "Party":
        """A copy for display, masked by ``masks``; a person's details only for those who see it unmasked."""
        copy = Party(
            pk=self.pk,
            file_id=self.file_id,
            side=self.side,
            kind=self.kind,
            legal_representative=self.legal_representative,
            representative_title=self.representative_title,
        )
        masks = self.masks(personal=personal, identity=identity)
        for name in ("name", "phone", "address", "agent", "id_number"):
            value = getattr(self, name)
            setattr(copy, name, masks[name](value) if name in masks else value)
        if personal:
            for name in self._PERSONAL_DETAILS:
                setattr(copy, name, getattr(self, name))
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
    # 记录人: the staff member who wrote the record (set by the service when the session is added).
    recorder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("记录人"),
    )

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
