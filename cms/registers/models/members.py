"""The studios' registers of their own people: 新乡贤 (studio 02), talents (04), new-employment groups (05).

One mechanism serves the three: a ``Register`` row per studio register states its purpose, retention period
and withdrawal terms (the PIPL notice shown before anyone submits); a ``Member`` holds what every register
asks (name, phone, place, consent, state); a one-to-one profile per kind holds that register's own fields.
Registered in the admin by ``cms/registers/wagtail_hooks.py`` (登记名册); every change goes through
``cms/registers/services.py``, which writes the history with who and why.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.core.list_counts import ListCounts
from cms.core.models import Record
from cms.places.models import Community, Estate
from cms.studios.models import Studio


class RegisterKind(models.TextChoices):
    SAGES = "sages", _("新乡贤")
    TALENTS = "talents", _("人才")
    NEW_EMPLOYMENT = "new_employment", _("新就业群体")


class Register(Record):
    """One studio register; its notice (purpose, retention, withdrawal) is what members consent to."""

    kind = models.CharField(_("名册类型"), max_length=20, choices=RegisterKind.choices, unique=True)
    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="registers", verbose_name=_("工作室")
    )
    title = models.CharField(_("名称"), max_length=60)
    purpose = models.TextField(_("收集目的"))
    retention_months = models.PositiveSmallIntegerField(_("保存期限（月）"), default=36)
    withdrawal_text = models.TextField(_("撤回说明"))
    # Bumped whenever the notice changes: each member keeps the version they agreed to.
    notice_version = models.PositiveSmallIntegerField(_("告知书版本"), default=1)
    needs_id_number = models.BooleanField(_("需要身份证号码"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["studio__code"]
        verbose_name = _("登记名册")
        verbose_name_plural = _("登记名册")

    def __str__(self) -> str:
        return self.title


class MemberState(models.TextChoices):
    SUBMITTED = "submitted", _("待核实")
    VERIFIED = "verified", _("已核实")
    WITHDRAWN = "withdrawn", _("已撤回")


class MemberQuerySet(ListCounts, models.QuerySet):
    def current(self):
        return self.exclude(state=MemberState.WITHDRAWN)

    def verified(self):
        return self.filter(state=MemberState.VERIFIED)


class Member(Record):
    register = models.ForeignKey(
        Register, on_delete=models.PROTECT, related_name="members", verbose_name=_("名册")
    )
    # The register's studio, kept on the row so that lists and rights filter without a join.
    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="register_members", verbose_name=_("工作室")
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号码"), max_length=20)
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True)
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="register_members",
        verbose_name=_("所在社区/村"),
    )
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="register_members",
        verbose_name=_("所在小区"),
    )
    named_publicly = models.BooleanField(_("同意公开姓名"), default=False)
    consented_at = models.DateTimeField(_("同意时间"), editable=False)
    notice_version = models.PositiveSmallIntegerField(_("同意的告知书版本"), editable=False)
    state = models.CharField(
        _("状态"), max_length=10, choices=MemberState.choices, default=MemberState.SUBMITTED
    )
    enrolled_at = models.DateTimeField(_("登记时间"), default=timezone.now, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核实人"),
    )
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    # New-employment observers report with their phone and this code (issued at verification, hashed).
    observer_code_hash = models.CharField(
        _("观察员码摘要"), max_length=64, blank=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["observer_code_hash"])
    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["-enrolled_at"]
        constraints = [
            # Withdrawn rows are anonymised (phone emptied) and never block a new enrolment.
            models.UniqueConstraint(
                fields=["register", "phone"],
                condition=~Q(state="withdrawn"),
                name="one_enrolment_per_phone_per_register",
            )
        ]
        indexes = [
            # The list's order (newest first, then by id as modeladmin adds it) for one studio and for
            # the committee office's every studio, walked in the index rather than sorted.
            models.Index(
                fields=["studio", "-enrolled_at", "-id"], name="registers_member_studio_order"
            ),
            models.Index(fields=["-enrolled_at", "-id"], name="registers_member_list_order"),
            models.Index(fields=["register", "state"]),
        ]
        verbose_name = _("登记人员")
        verbose_name_plural = _("登记人员")

    def __str__(self) -> str:
        return f"{self.name}（{self.register.get_kind_display() if self.register_id else ''}）"


class SageField(models.TextChoices):
    GOVERNANCE = "governance", _("基层治理")
    EDUCATION = "education", _("教育")
    HEALTH = "health", _("医疗卫生")
    LAW = "law", _("法律")
    BUSINESS = "business", _("经济与企业")
    CULTURE = "culture", _("文化")
    OTHER = "other", _("其他")


class SageOffer(models.TextChoices):
    COUNCIL = "council", _("议事协商")
    MEDIATION = "mediation", _("调解纠纷")
    DONATION = "donation", _("捐资捐物")
    MENTORING = "mentoring", _("结对帮扶")
    RESOURCES = "resources", _("对接资源")


class ContactWay(models.TextChoices):
    PHONE = "phone", _("电话")
    WECHAT = "wechat", _("微信")
    VISIT = "visit", _("上门或到站")


class SageProfile(Record):
    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="sage", verbose_name=_("登记人员")
    )
    origin = models.CharField(_("籍贯村（社区）"), max_length=80)
    current_city = models.CharField(_("现居城市"), max_length=40)
    field = models.CharField(_("专长领域"), max_length=20, choices=SageField.choices)
    offers = models.JSONField(_("可提供"), default=list)
    preferred_contact = models.CharField(
        _("联系方式偏好"), max_length=10, choices=ContactWay.choices, default=ContactWay.PHONE
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("新乡贤信息")
        verbose_name_plural = _("新乡贤信息")


class TalentField(models.TextChoices):
    SCIENCE = "science", _("科学研究")
    ENGINEERING = "engineering", _("工程技术")
    MEDICINE = "medicine", _("医药健康")
    FINANCE = "finance", _("金融")
    EDUCATION = "education", _("教育")
    CULTURE = "culture", _("文化创意")
    OTHER = "other", _("其他")


class TalentLevel(models.TextChoices):
    A = "a", _("A类（国家级领军）")
    B = "b", _("B类（省级领军）")
    C = "c", _("C类（市级领军）")
    D = "d", _("D类（区级高层次）")
    E = "e", _("E类（青年骨干）")


class TalentNeed(models.TextChoices):
    POLICY = "policy", _("政策咨询")
    HOUSING = "housing", _("住房保障")
    SCHOOLING = "schooling", _("子女入学")
    WORKSPACE = "workspace", _("办公空间")


class TalentOffer(models.TextChoices):
    LECTURE = "lecture", _("科学家第二课堂授课")
    STARTUP = "startup", _("创新创业指导")
    EXPERT = "expert", _("为诉求提供专家意见")


class TalentProfile(Record):
    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="talent", verbose_name=_("登记人员")
    )
    field = models.CharField(_("专业领域"), max_length=20, choices=TalentField.choices)
    level = models.CharField(_("人才层次"), max_length=2, choices=TalentLevel.choices)
    employer = models.CharField(_("工作单位"), max_length=100, blank=True)
    needs = models.JSONField(_("服务需求"), default=list)
    offers = models.JSONField(_("可提供"), default=list)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("人才信息")
        verbose_name_plural = _("人才信息")


class Occupation(models.TextChoices):
    RIDER = "rider", _("外卖骑手")
    COURIER = "courier", _("快递员")
    RIDE_HAILING = "ride_hailing", _("网约车司机")
    TRUCK = "truck", _("货车司机")
    STREAMER = "streamer", _("直播从业者")
    OTHER = "other", _("其他")


class WorkerProfile(Record):
    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="worker", verbose_name=_("登记人员")
    )
    occupation = models.CharField(_("职业"), max_length=20, choices=Occupation.choices)
    platform = models.CharField(_("所在平台或企业"), max_length=60, blank=True)
    usual_area = models.CharField(_("常跑区域"), max_length=80, blank=True)
    party_member = models.BooleanField(_("党员（本人同意登记）"), default=False)
    volunteer_team = models.BooleanField(_("已加入志愿服务队"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("新就业群体信息")
        verbose_name_plural = _("新就业群体信息")


# Each register's profile: the related name on Member, and the model.
PROFILES: dict[str, type[Record]] = {
    RegisterKind.SAGES: SageProfile,
    RegisterKind.TALENTS: TalentProfile,
    RegisterKind.NEW_EMPLOYMENT: WorkerProfile,
}
# The choices each list field of a profile keeps keys of (labels for the admin and exports).
LIST_CHOICES: dict[tuple[type[Record], str], type[models.TextChoices]] = {
    (SageProfile, "offers"): SageOffer,
    (TalentProfile, "needs"): TalentNeed,
    (TalentProfile, "offers"): TalentOffer,
}


def profile_values(profile: Record) -> list[tuple[str, str]]:
    """(label, display value) of each field of a profile: choices and lists by their labels."""
    shown = []
    for field in profile._meta.concrete_fields:
        if field.name in ("id", "member"):
            continue
        value = getattr(profile, field.name)
        if isinstance(value, bool):
            text = str(_("是") if value else _("否"))
        elif isinstance(value, list):
            labels = dict(LIST_CHOICES[(type(profile), field.name)].choices)
            text = "、".join(str(labels.get(v, v)) for v in value)
        elif field.choices:
            text = str(dict(field.choices).get(value, value))
        else:
            text = value or ""
        shown.append((str(field.verbose_name), text))
    return shown
