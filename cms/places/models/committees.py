"""Owners' committees (业委会) of the estates, kept by studio 06 (红色业委会工作室): the committee and its
term, its members (party membership only with the member's consent), its elections (选举/换届), the estate's
property-service contract, and the studio's own criteria for a "红色业委会".

Registered in the admin by ``cms/places/wagtail_hooks.py`` (社区与小区 → 业委会); who may open them is
``cms/places/access.py``; elections change the term through ``cms/places/services.py``.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.core.models import Record
from cms.places.models.places import Estate

# A term ending within this many days shows as a reminder on studio 06's dashboard.
TERM_REMINDER_DAYS = 90


class RedCommitteeCriteria(Record):
    """Studio 06's criteria for calling an owners' committee a "红色业委会"; the latest row applies."""

    min_party_share = models.PositiveSmallIntegerField(
        _("党员委员占比不低于（%）"), default=50, validators=[MaxValueValidator(100)]
    )
    requires_party_branch = models.BooleanField(_("须建立党支部或党的工作小组"), default=True)
    requires_party_chair = models.BooleanField(_("主任须为党员"), default=False)
    note = models.TextField(_("说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("红色业委会认定标准")
        verbose_name_plural = _("红色业委会认定标准")

    def __str__(self) -> str:
        return str(_("红色业委会认定标准"))

    @classmethod
    def current(cls) -> "RedCommitteeCriteria":
        """The criteria in force: the latest saved, else the defaults (unsaved)."""
        return cls.objects.order_by("-pk").first() or cls()


class OwnersCommitteeQuerySet(models.QuerySet):
    def term_ending_within(self, days: int = TERM_REMINDER_DAYS, today=None):
        """Committees whose term ends within ``days`` (or has ended without a new election)."""
        today = today or timezone.localdate()
        return self.filter(term_end__lte=today + datetime.timedelta(days=days))


class OwnersCommittee(Record):
    estate = models.OneToOneField(
        Estate,
        on_delete=models.PROTECT,
        related_name="owners_committee",
        verbose_name=_("小区"),
    )
    term_start = models.DateField(_("本届任期开始"))
    term_end = models.DateField(_("本届任期届满"))
    party_branch = models.CharField(
        _("党支部（党的工作小组）"),
        max_length=100,
        blank=True,
        help_text=_("业委会中建立的党支部或党的工作小组名称；未建立则留空"),
    )
    contract_company = models.CharField(_("物业服务企业"), max_length=100, blank=True)
    contract_start = models.DateField(_("物业服务合同开始"), null=True, blank=True)
    contract_end = models.DateField(_("物业服务合同届满"), null=True, blank=True)
    fee_per_square_metre = models.DecimalField(
        _("物业费（元/平方米·月）"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MaxValueValidator(Decimal("100"))],
    )

    history = HistoricalRecords()
    objects = OwnersCommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["estate__community__sort_order", "estate__community__name", "estate__name"]
        verbose_name = _("业委会")
        verbose_name_plural = _("业委会")

    def __str__(self) -> str:
        return f"{self.estate.name}业委会"

    def clean(self):
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            raise ValidationError({"term_end": _("任期届满日期须晚于开始日期。")})
        if self.contract_start and self.contract_end and self.contract_end <= self.contract_start:
            raise ValidationError({"contract_end": _("合同届满日期须晚于开始日期。")})

    def days_left(self, today=None) -> int:
        return (self.term_end - (today or timezone.localdate())).days

    def is_red(self, criteria: RedCommitteeCriteria, members=None) -> bool:
        """Whether the committee meets studio 06's criteria. Party membership counts only where the member
        consented to its recording. ``members``: the serving members, when already loaded."""
        serving = list(self.members.filter(serving=True) if members is None else members)
        if not serving:
            return False
        party = [m for m in serving if m.party_member_recorded]
        if 100 * len(party) < criteria.min_party_share * len(serving):
            return False
        if criteria.requires_party_branch and not self.party_branch:
            return False
        if criteria.requires_party_chair:
            return any(m.role == CommitteeMember.Role.CHAIR for m in party)
        return True


class CommitteeMember(Record):
    class Role(models.TextChoices):
        CHAIR = "chair", _("主任")
        VICE_CHAIR = "vice_chair", _("副主任")
        MEMBER = "member", _("委员")

    committee = models.ForeignKey(
        OwnersCommittee, on_delete=models.CASCADE, related_name="members", verbose_name=_("业委会")
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    role = models.CharField(_("职务"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    party_member = models.BooleanField(_("中共党员"), default=False)
    party_consent = models.BooleanField(
        _("本人同意登记党员身份"),
        default=False,
        help_text=_(
            "党员身份属于敏感信息：须经本人同意方可登记，仅红色业委会工作室和委员会办公室可见"
        ),
    )
    serving = models.BooleanField(_("在任"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "role", "name"]
        verbose_name = _("业委会委员")
        verbose_name_plural = _("业委会委员")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.party_member and not self.party_consent:
            raise ValidationError({"party_consent": _("登记党员身份须经本人同意。")})

    @property
    def party_member_recorded(self) -> bool:
        return self.party_member and self.party_consent


class Election(Record):
    class Kind(models.TextChoices):
        FIRST = "first", _("首次选举")
        RE_ELECTION = "re_election", _("换届选举")
        BY_ELECTION = "by_election", _("补选")

    committee = models.ForeignKey(
        OwnersCommittee,
        on_delete=models.CASCADE,
        related_name="elections",
        verbose_name=_("业委会"),
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("选举日期"))
    term_start = models.DateField(_("任期开始"), null=True, blank=True)
    term_end = models.DateField(_("任期届满"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("业委会选举")
        verbose_name_plural = _("业委会选举")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"

    def clean(self):
        if self.kind != self.Kind.BY_ELECTION and not (self.term_start and self.term_end):
            raise ValidationError(_("首次选举和换届选举须填写新一届任期。"))
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            raise ValidationError({"term_end": _("任期届满日期须晚于开始日期。")})
