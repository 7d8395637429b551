"""The project ledger (项目台账), built once for two studios: studio 03's third-party social-work service
projects (社工服务项目) and studio 01's village and community matters (村社事项). A project has indicators
with a target per period and milestones with due dates; what was done is reported as outputs
(``models/work.py``), so progress is computed (``cms/projects/progress.py``), never typed.

Registered in the admin by ``cms/projects/wagtail_hooks.py`` (menu 项目台账); every change beyond the
project's own form goes through ``cms/projects/services.py``. Public progress of matters marked public is
shown on the studio's page (``templatetags/projects.py``).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.committee.models import Kind as ResourceKind
from cms.committee.models import Resource
from cms.core.models import Record
from cms.places.models import Community
from cms.projects.periods import PeriodKind
from cms.studios.models import Studio


class ProjectKind(models.TextChoices):
    SOCIAL_WORK = "social_work", _("社工服务项目")
    VILLAGE_MATTER = "village_matter", _("村社事项")


class ProjectState(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    RUNNING = "running", _("实施中")
    FINISHED = "finished", _("已完成")
    SUSPENDED = "suspended", _("已暂停")


class ProjectQuerySet(models.QuerySet):
    def with_overdue_count(self):
        today = timezone.localdate()
        return self.annotate(
            overdue_milestones=Count(
                "milestones",
                filter=Q(milestones__reached_on__isnull=True, milestones__due_on__lt=today),
            )
        )

    def with_overdue_milestones(self):
        today = timezone.localdate()
        overdue = Milestone.objects.filter(reached_on__isnull=True, due_on__lt=today)
        return self.filter(pk__in=overdue.values("project_id"))


class Project(Record):
    """A social-work service project or a village/community matter of one studio."""

    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="projects", verbose_name=_("工作室")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ProjectKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    state = models.CharField(
        _("状态"), max_length=12, choices=ProjectState.choices, default=ProjectState.PLANNED
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("服务社区/村"),
        help_text=_("留空表示面向全街道"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("负责人"),
    )
    provider = models.ForeignKey(
        Resource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provided_projects",
        limit_choices_to={"kind": ResourceKind.ORGANISATION},
        verbose_name=_("承接机构（资源库）"),
    )
    provider_name = models.CharField(
        _("承接/实施主体"),
        max_length=100,
        blank=True,
        help_text=_("不在资源库中的主体，如村委会、经济联合社"),
    )
    budget = models.DecimalField(
        _("预算（元）"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    funding = models.ForeignKey(
        Resource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_projects",
        limit_choices_to={"kind": ResourceKind.FUND},
        verbose_name=_("资金来源（资源库）"),
    )
    funding_note = models.CharField(_("资金来源说明"), max_length=100, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    target_groups = models.CharField(_("服务对象"), max_length=200, blank=True)
    description = models.TextField(_("项目说明（内部）"), blank=True)
    public = models.BooleanField(
        _("公开进度"), default=False, help_text=_("在工作室页面公开名称、公开说明和标为公开的节点")
    )
    public_summary = models.TextField(_("公开说明"), blank=True)

    history = HistoricalRecords()
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["studio__code", "-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="project_dates_in_order"
            )
        ]
        verbose_name = _("项目")
        verbose_name_plural = _("项目台账")

    def __str__(self) -> str:
        return self.name

    @property
    def provider_label(self) -> str:
        return self.provider.name if self.provider_id else self.provider_name

    @property
    def funding_label(self) -> str:
        return self.funding.name if self.funding_id else self.funding_note

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})
        if self.kind == ProjectKind.SOCIAL_WORK and not self.provider_id:
            raise ValidationError({"provider": _("社工服务项目须选择资源库中的承接机构。")})
        if not self.provider_id and not self.provider_name.strip():
            raise ValidationError({"provider_name": _("请选择承接机构或填写实施主体。")})


class Indicator(Record):
    """A target of a project (目标), e.g. 探访独居长者 300 人次 每季度. Referral outcomes count toward it when
    ``counts_referrals`` is set (one per referral completed in the period)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("项目")
    )
    name = models.CharField(_("指标"), max_length=80)
    unit = models.CharField(_("单位"), max_length=20, help_text=_("如：人次、场、户"))
    period = models.CharField(
        _("考核周期"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.QUARTER
    )
    target = models.DecimalField(
        _("每周期目标"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    counts_referrals = models.BooleanField(
        _("计入转介个案"), default=False, help_text=_("每完成一宗转介个案计 1")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("项目指标")
        verbose_name_plural = _("项目指标")

    def __str__(self) -> str:
        return f"{self.name}（{self.target:g} {self.unit}/{self.get_period_display()}）"


class PeriodTarget(Record):
    """An indicator's target for one period where it differs from its usual one (a first quarter spent
    setting up, a summer campaign); progress owes this instead of ``Indicator.target`` for that period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="period_targets", verbose_name=_("指标")
    )
    period_start = models.DateField(_("所属周期"), help_text=_("周期的第一天"))
    target = models.DecimalField(
        _("本周期目标"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    note = models.CharField(_("调整说明"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_start"]
        verbose_name = _("分周期目标")
        verbose_name_plural = _("分周期目标")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="projects_one_target_a_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.period_start:%Y-%m} {self.target:g}"


class MilestoneQuerySet(models.QuerySet):
    def overdue(self):
        return self.filter(reached_on__isnull=True, due_on__lt=timezone.localdate())


class Milestone(Record):
    """A step of a project with its due date; not reached after it, it is overdue (shown as cases are).
    Only milestones marked public appear on the studio's page, with their public text."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("项目")
    )
    title = models.CharField(_("节点"), max_length=100)
    due_on = models.DateField(_("计划完成日期"))
    reached_on = models.DateField(_("实际完成日期"), null=True, blank=True)
    note = models.TextField(_("情况说明（内部）"), blank=True)
    public = models.BooleanField(_("公开"), default=False)

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.reached_on is None and self.due_on < timezone.localdate()
