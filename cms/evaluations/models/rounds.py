"""Evaluation rounds (评估轮次): one scheme applied to a set of subjects over a period, and what each
subject scored. Registered in the admin by ``cms/evaluations/wagtail_hooks.py`` (menu 评估 › 评估轮次); every
change goes through ``cms/evaluations/services.py``. A finished round is locked: ``save`` refuses any change
to it, its subjects, scores and photos (the services say so in Chinese first).

Subjects are generic: a ``Subject`` row says its ``kind`` and has one nullable foreign key per place kind
(``estate``, ``community``), with a check constraint that exactly the key of its kind is set. Unlike a
GenericForeignKey this keeps real foreign keys (integrity, joins for ranking and for the indicators'
subqueries) at the price of one column per kind. Records of higher apps (a project of ``cms.projects``) are
*named* subjects: the engine keeps their ``label`` and an opaque ``key`` (unique in a round, the same across
rounds), and the higher app points at the ``Subject`` from its own record, so this app never imports it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.core.models import PrivateFile, Record
from cms.core.storage import private_storage
from cms.evaluations.models.schemes import PLACE_KINDS, Criterion, Scheme, SubjectKind
from cms.places.models import Community, Estate

SCORE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class LockedError(ValidationError):
    """A change to a finished (locked) round."""


def _locked_message() -> str:
    return str(_("该评估轮次已完成并锁定，不能再修改。"))


class RoundState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SCORING = "scoring", _("评分中")
    FINISHED = "finished", _("已完成（锁定）")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优")
    GOOD = "good", _("良")
    FAIR = "fair", _("中")
    POOR = "poor", _("差")


# Grades that open a rectification case when the round is finished.
NEEDS_RECTIFICATION = (Grade.FAIR, Grade.POOR)


def default_threshold(grade: str) -> Decimal:
    """The lowest total of ``grade`` for a new round (setting ``EVALUATION_GRADE_THRESHOLDS``)."""
    return Decimal(settings.EVALUATION_GRADE_THRESHOLDS[grade])


def default_excellent() -> Decimal:
    return default_threshold("excellent")


def default_good() -> Decimal:
    return default_threshold("good")


def default_fair() -> Decimal:
    return default_threshold("fair")


class Round(Record):
    """A round of one scheme; its studio is the scheme's."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("评估方案")
    )
    name = models.CharField(_("轮次名称"), max_length=80, help_text=_("如：2026 年第四季度"))
    period_start = models.DateField(_("评估期开始"))
    period_end = models.DateField(_("评估期结束"))
    state = models.CharField(
        _("状态"), max_length=10, choices=RoundState.choices, default=RoundState.DRAFT
    )
    excellent_from = models.DecimalField(
        _("“优”最低分"),
        max_digits=5,
        decimal_places=2,
        default=default_excellent,
        validators=SCORE_VALIDATORS,
    )
    good_from = models.DecimalField(
        _("“良”最低分"),
        max_digits=5,
        decimal_places=2,
        default=default_good,
        validators=SCORE_VALIDATORS,
    )
    fair_from = models.DecimalField(
        _("“中”最低分"),
        max_digits=5,
        decimal_places=2,
        default=default_fair,
        validators=SCORE_VALIDATORS,
    )
    computed_at = models.DateTimeField(_("计算时间"), null=True, editable=False)
    finished_at = models.DateTimeField(_("完成时间"), null=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="round_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(excellent_from__gt=models.F("good_from"))
                & Q(good_from__gt=models.F("fair_from")),
                name="round_thresholds_in_order",
            ),
        ]
        verbose_name = _("评估轮次")
        verbose_name_plural = _("评估轮次")

    def __str__(self) -> str:
        return self.name

    @property
    def studio_id(self) -> int:
        return self.scheme.studio_id

    @property
    def is_locked(self) -> bool:
        return self.state == RoundState.FINISHED

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("评估期结束不能早于开始。")})
        if not (self.excellent_from > self.good_from > self.fair_from):
            raise ValidationError(_("分数线须满足：优 > 良 > 中。"))

    def grade_for(self, total: Decimal | None) -> str:
        if total is None:
            return ""
        if total >= self.excellent_from:
            return Grade.EXCELLENT
        if total >= self.good_from:
            return Grade.GOOD
        if total >= self.fair_from:
            return Grade.FAIR
        return Grade.POOR

    def save(self, *args, **kwargs):
        if self.pk and Round.objects.filter(pk=self.pk, state=RoundState.FINISHED).exists():
            raise LockedError(_locked_message())
        super().save(*args, **kwargs)


class SubjectQuerySet(models.QuerySet):
    def with_place(self):
        return self.select_related("estate__community", "community")


class Subject(Record):
    """One estate (or community) in one round: its weighted total, grade and rank, filled by
    ``services.compute_round``; and the short code of its residents' survey (``/s/<code>/``)."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="subjects", verbose_name=_("评估轮次")
    )
    kind = models.CharField(_("对象类型"), max_length=12, choices=SubjectKind.choices)
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("小区"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("社区/村"),
    )
    label = models.CharField(_("对象名称"), max_length=120, blank=True)
    key = models.CharField(
        _("对象标识"),
        max_length=60,
        blank=True,
        help_text=_("非场所对象（如项目）在各轮次中的标识"),
    )
    survey_code = models.CharField(_("问卷码"), max_length=8, unique=True, editable=False)
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("等级"), max_length=10, choices=Grade.choices, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    responses = models.PositiveIntegerField(_("问卷份数"), default=0)
    rectification_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("整改案件"),
    )

    history = HistoricalRecords()
    objects = SubjectQuerySet.as_manager()

    class Meta:
        ordering = ["rank", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=SubjectKind.ESTATE, estate__isnull=False, community__isnull=True)
                    | Q(kind=SubjectKind.COMMUNITY, community__isnull=False, estate__isnull=True)
                    | (
                        Q(kind=SubjectKind.PROJECT, estate__isnull=True, community__isnull=True)
                        & ~Q(key="")
                        & ~Q(label="")
                    )
                ),
                name="subject_has_exactly_its_place",
            ),
            models.UniqueConstraint(fields=["round", "estate"], name="estate_once_per_round"),
            models.UniqueConstraint(fields=["round", "community"], name="community_once_per_round"),
            models.UniqueConstraint(
                fields=["round", "key"], condition=~Q(key=""), name="named_subject_once_per_round"
            ),
        ]
        verbose_name = _("评估对象")
        verbose_name_plural = _("评估对象")

    def __str__(self) -> str:
        return self.name

    @property
    def place(self):
        """The estate or community evaluated; None for a named subject (a project)."""
        if self.kind not in PLACE_KINDS:
            return None
        return self.estate if self.kind == SubjectKind.ESTATE else self.community

    @property
    def name(self) -> str:
        place = self.place
        if place is None:
            return self.label
        if self.kind == SubjectKind.ESTATE:
            return f"{place.community.name} · {place.name}"
        return place.name

    @property
    def households(self) -> int | None:
        place = self.place
        return place.households if place is not None else None

    def save(self, *args, **kwargs):
        _refuse_if_finished(self.round_id)
        super().save(*args, **kwargs)


class SubjectScore(Record):
    """A subject's score on one criterion: the inspector's score and note for an on-site criterion; the raw
    value (survey average on the 1–5 scale, or the indicator's raw value) and its 0–100 score for the others."""

    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="scores", verbose_name=_("评估对象")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("评估指标")
    )
    inspector_score = models.DecimalField(
        _("检查评分"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    note = models.TextField(_("检查记录"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("评分人"),
    )
    raw_value = models.DecimalField(
        _("原始值"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__sort_order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "criterion"], name="one_score_per_criterion")
        ]
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")

    def __str__(self) -> str:
        return f"{self.subject} · {self.criterion.name}"

    def save(self, *args, **kwargs):
        _refuse_if_finished(Subject.objects.filter(pk=self.subject_id).values("round_id"))
        super().save(*args, **kwargs)


def photo_path(photo: "ScorePhoto", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evaluations/{photo.score.subject.round_id}/{photo.score_id}/{photo.pk or 'new'}.{extension}"


class ScorePhoto(PrivateFile):
    """A photo (or PDF) an inspector took on site: private storage, served only to those who may see the
    round (``views.photo``); never on a public page."""

    score = models.ForeignKey(
        SubjectScore, on_delete=models.CASCADE, related_name="photos", verbose_name=_("指标得分")
    )
    file = models.FileField(_("文件"), upload_to=photo_path, storage=private_storage)

    history = HistoricalRecords()

    class Meta(PrivateFile.Meta):
        verbose_name = _("检查照片")
        verbose_name_plural = _("检查照片")

    def save(self, *args, **kwargs):
        _refuse_if_finished(Subject.objects.filter(scores=self.score_id).values("round_id"))
        super().save(*args, **kwargs)


def _refuse_if_finished(round_id) -> None:
    """``round_id``: an id, or a query giving it."""
    ids = round_id if isinstance(round_id, models.QuerySet) else [round_id]
    if Round.objects.filter(pk__in=ids, state=RoundState.FINISHED).exists():
        raise LockedError(_locked_message())
