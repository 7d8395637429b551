"""Evaluation schemes (评估方案): a versioned list of weighted criteria and where each criterion's score
comes from. One engine for every studio: studio 06 scores estates' property services, studio 02 scores
communities against the 创熟 standard, and the project ledger (``cms.projects``) scores social-work projects.

Registered in the admin by ``cms/evaluations/wagtail_hooks.py`` (menu 评估 › 评估方案). A scheme that a round
uses never changes (``save`` refuses; the admin offers no edit): ``services.new_version`` copies it instead.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.core.models import Record
from cms.evaluations import indicators
from cms.studios.models import Studio

TOTAL_WEIGHT = 100


class SchemeInUseError(ValidationError):
    """A scheme (or one of its criteria) changed after a round used it."""


class SubjectKind(models.TextChoices):
    ESTATE = "estate", _("小区")
    COMMUNITY = "community", _("社区/村")
    # A record of a higher app (a social-work project): the engine keeps only its label and an opaque key.
    PROJECT = "project", _("项目")


# Kinds whose subjects are places (their foreign key on ``Subject``); the others are named subjects.
PLACE_KINDS = (SubjectKind.ESTATE, SubjectKind.COMMUNITY)


class Source(models.TextChoices):
    INSPECTION = "inspection", _("现场检查评分")
    SURVEY = "survey", _("居民问卷")
    INDICATOR = "indicator", _("系统数据指标")


class Scheme(Record):
    """A studio's scheme; ``name`` + ``version`` name one fixed version, and rounds of the same ``name``
    form a series (the results chart and the "improved since last round" figure follow it)."""

    studio = models.ForeignKey(
        Studio,
        on_delete=models.PROTECT,
        related_name="evaluation_schemes",
        verbose_name=_("工作室"),
    )
    name = models.CharField(_("方案名称"), max_length=80)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    subject_kind = models.CharField(
        _("评估对象"), max_length=12, choices=SubjectKind.choices, default=SubjectKind.ESTATE
    )
    description = models.TextField(_("说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["studio__code", "name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "name", "version"], name="scheme_version_per_studio"
            )
        ]
        verbose_name = _("评估方案")
        verbose_name_plural = _("评估方案")

    def __str__(self) -> str:
        return f"{self.name}（第 {self.version} 版）"

    @property
    def in_use(self) -> bool:
        return self.pk is not None and self.rounds.exists()

    def save(self, *args, **kwargs):
        if self.in_use:
            raise SchemeInUseError(_("已有评估轮次使用此方案，不能修改；请生成新版本。"))
        super().save(*args, **kwargs)

    def weight_problem(self, weights=None) -> str:
        """Why the weights are not acceptable (they must add up to 100), or an empty string."""
        if weights is None:
            weights = [c.weight for c in self.criteria.all()]
        total = sum(w or 0 for w in weights)
        if total != TOTAL_WEIGHT:
            return str(_("各指标权重之和必须为 100（现为 %(total)s）。") % {"total": total})
        return ""


class Criterion(Record):
    """One criterion of a scheme: its weight, the guidance inspectors read, and its score's source."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("评估方案")
    )
    name = models.CharField(_("指标名称"), max_length=80)
    weight = models.PositiveSmallIntegerField(
        _("权重（%）"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    source = models.CharField(_("评分来源"), max_length=12, choices=Source.choices)
    guidance = models.TextField(_("评分指引"), blank=True)
    question = models.CharField(
        _("问卷题目"), max_length=200, blank=True, help_text=_("评分来源为居民问卷时必填")
    )
    indicator = models.CharField(
        _("数据指标"),
        max_length=60,
        blank=True,
        choices=indicators.choices(),
        help_text=_("评分来源为系统数据指标时必选"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(source="inspection", question="", indicator="")
                    | (models.Q(source="survey", indicator="") & ~models.Q(question=""))
                    | (models.Q(source="indicator", question="") & ~models.Q(indicator=""))
                ),
                name="criterion_source_has_its_input",
            )
        ]
        verbose_name = _("评估指标")
        verbose_name_plural = _("评估指标")

    def __str__(self) -> str:
        return f"{self.name}（{self.weight}%）"

    def clean(self):
        if self.source == Source.SURVEY and not self.question.strip():
            raise ValidationError({"question": _("居民问卷指标须填写问卷题目。")})
        if self.source == Source.INDICATOR and not self.indicator:
            raise ValidationError({"indicator": _("系统数据指标须选择一个指标。")})
        if self.source != Source.SURVEY:
            self.question = ""
        if self.source != Source.INDICATOR:
            self.indicator = ""

    def save(self, *args, **kwargs):
        if (
            self.scheme_id
            and Scheme.objects.filter(pk=self.scheme_id, rounds__isnull=False).exists()
        ):
            raise SchemeInUseError(_("已有评估轮次使用此方案，不能修改；请生成新版本。"))
        super().save(*args, **kwargs)
