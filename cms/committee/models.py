"""The good-governance resource bank (基层善治资源库): organisations, people, venues, service projects and
funds that the committee pools for every studio, and the cases and activities each one served.

Registered in the admin by ``cms/committee/wagtail_hooks.py`` (基层治理委员会 → 资源库); public resources are
listed on the public page ``/resources/``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from cms.cases.models import Case
from cms.core.models import Record
from cms.studios.models import Studio
from cms.volunteers.models import ServiceActivity


class Kind(models.TextChoices):
    ORGANISATION = "organisation", _("组织")
    PERSON = "person", _("人才")
    VENUE = "venue", _("场地")
    PROJECT = "project", _("服务项目")
    FUND = "fund", _("资金")


# Each kind's sub-kinds; a resource's category must belong to its kind.
CATEGORIES = {
    Kind.ORGANISATION: [
        ("social_org", _("社会组织")),
        ("property_company", _("物业服务企业")),
        ("company", _("企业")),
        ("mass_org", _("群团组织")),
    ],
    Kind.PERSON: [
        ("sage", _("新乡贤")),
        ("talent", _("人才")),
        ("lawyer", _("律师")),
        ("social_worker", _("社工")),
        ("building_head", _("楼长")),
    ],
    Kind.VENUE: [("room", _("活动室")), ("hall", _("礼堂或大厅"))],
    Kind.PROJECT: [("social_work", _("社工服务项目")), ("other_project", _("其他项目"))],
    Kind.FUND: [("fund", _("专项资金")), ("donation", _("社会捐赠"))],
}


class Resource(Record):
    kind = models.CharField(_("类型"), max_length=14, choices=Kind.choices)
    category = models.CharField(
        _("细分类别"),
        max_length=20,
        choices=[choice for choices in CATEGORIES.values() for choice in choices],
    )
    name = models.CharField(_("名称"), max_length=100)
    studios = models.ManyToManyField(
        Studio, related_name="resources", verbose_name=_("所属工作室"), blank=True
    )
    tags = TaggableManager(_("标签"), blank=True, help_text=_("多个标签用逗号分隔"))
    description = models.TextField(_("简介"), blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    availability = models.CharField(
        _("可用时间"), max_length=100, blank=True, help_text=_("如：工作日 9:00–17:00")
    )
    public = models.BooleanField(_("对外公开"), default=False)
    # Venues
    capacity = models.PositiveIntegerField(_("容纳人数"), null=True, blank=True)
    booking_contact = models.CharField(_("预约方式"), max_length=100, blank=True)
    # Service projects and funds
    provider = models.CharField(_("承接机构"), max_length=100, blank=True)
    period_start = models.DateField(_("周期自"), null=True, blank=True)
    period_end = models.DateField(_("周期至"), null=True, blank=True)
    amount = models.DecimalField(
        _("金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_groups = models.CharField(_("服务对象"), max_length=200, blank=True)
    kpis = models.TextField(_("绩效指标"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("资源")
        verbose_name_plural = _("基层善治资源库")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.name}"

    def clean(self):
        super().clean()
        if self.category not in dict(CATEGORIES.get(self.kind, [])):
            raise ValidationError({"category": _("细分类别与资源类型不符。")})
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("结束日期不能早于开始日期。")})
        if self.kind == Kind.PROJECT and not self.provider:
            raise ValidationError({"provider": _("服务项目须填写承接机构。")})


class ResourceUse(Record):
    """A resource put to work on a case or a volunteer activity."""

    resource = models.ForeignKey(
        Resource, on_delete=models.PROTECT, related_name="uses", verbose_name=_("资源")
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resource_uses",
        verbose_name=_("诉求"),
    )
    activity = models.ForeignKey(
        ServiceActivity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resource_uses",
        verbose_name=_("服务活动"),
    )
    used_on = models.DateField(_("使用日期"), default=timezone.localdate)
    note = models.CharField(_("使用情况"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-used_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(activity__isnull=False),
                name="resource_use_serves_something",
            )
        ]
        verbose_name = _("资源使用记录")
        verbose_name_plural = _("资源使用记录")

    def __str__(self) -> str:
        return f"{self.resource.name} {self.used_on}"
