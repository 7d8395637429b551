"""What is done on a project: outputs reported per period against an indicator (with private, content-
checked evidence files), spending, cases referred to it by any studio, and its evaluations by the engine.

Every change goes through ``cms/projects/services.py``; each record keeps its revision history.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.cases.models import Case
from cms.core.models import PrivateFile, Record
from cms.core.storage import private_storage
from cms.evaluations.models import Grade, Subject
from cms.projects.models.projects import Indicator, Project


class Output(Record):
    """A report of what was done in one period against one indicator (产出), e.g. 探访 86 人次."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("指标")
    )
    period_start = models.DateField(_("所属周期"), help_text=_("周期的第一天"))
    quantity = models.DecimalField(
        _("完成数量"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    note = models.TextField(_("完成情况"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填报人"),
    )
    reported_at = models.DateTimeField(_("填报时间"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["period_start", "pk"]
        verbose_name = _("项目产出")
        verbose_name_plural = _("项目产出")

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.period_start:%Y-%m} {self.quantity:g}"


def evidence_path(evidence: "Evidence", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"projects/{evidence.output_id}/{evidence.token}.{extension}"


class Evidence(PrivateFile):
    """A photo or PDF that shows an output was delivered (sign-in sheets, activity photos): checked by its
    content, kept in private storage and served only to the project's staff (``views.evidence``)."""

    output = models.ForeignKey(
        Output, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("产出")
    )
    file = models.FileField(_("文件"), upload_to=evidence_path, storage=private_storage)
    token = models.CharField(_("文件标识"), max_length=32, editable=False)

    history = HistoricalRecords()

    class Meta(PrivateFile.Meta):
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")


class Expense(Record):
    """Money spent on a project (支出), counted against its budget."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="expenses", verbose_name=_("项目")
    )
    spent_on = models.DateField(_("支出日期"))
    amount = models.DecimalField(
        _("金额（元）"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    note = models.CharField(_("用途"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["spent_on", "pk"]
        verbose_name = _("项目支出")
        verbose_name_plural = _("项目支出")

    def __str__(self) -> str:
        return f"{self.spent_on} {self.amount}"


class ReferralState(models.TextChoices):
    REFERRED = "referred", _("已转介")
    ACCEPTED = "accepted", _("项目已接收")
    DONE = "done", _("服务完成")
    DECLINED = "declined", _("项目未接收")


class ReferralOutcome(models.TextChoices):
    RESOLVED = "resolved", _("需求已解决")
    ONGOING = "ongoing", _("纳入项目长期服务")
    REFERRED_ON = "referred_on", _("已链接其他资源")
    NOT_REACHED = "not_reached", _("未能联系到服务对象")


class Referral(Record):
    """A resident's case referred by a case worker of any studio to a social-work project (转介), e.g. an
    elderly person living alone → 长者关爱 project. The project records what it did and the outcome; both
    show on the case's page and timeline. The case's own studio sees the referral from the case; the
    project's studio sees the case's reference and title and the resident's contact only as its roles allow.
    """

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("项目")
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="project_referrals", verbose_name=_("诉求")
    )
    reason = models.TextField(_("转介原因与需求"))
    state = models.CharField(
        _("状态"), max_length=10, choices=ReferralState.choices, default=ReferralState.REFERRED
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("转介人"),
    )
    referred_at = models.DateTimeField(_("转介时间"), default=timezone.now)
    action = models.TextField(_("项目所做服务"), blank=True)
    outcome = models.CharField(
        _("服务结果"), max_length=12, choices=ReferralOutcome.choices, blank=True
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("项目跟进人"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-referred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "case"],
                condition=~models.Q(state="declined"),
                name="case_referred_once_per_project",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="done")
                | (models.Q(done_on__isnull=False) & ~models.Q(outcome="")),
                name="done_referral_has_outcome",
            ),
        ]
        verbose_name = _("转介个案")
        verbose_name_plural = _("转介个案")

    def __str__(self) -> str:
        return f"{self.case.reference} → {self.project.name}"


class EvaluationStage(models.TextChoices):
    MIDTERM = "midterm", _("中期评估")
    FINAL = "final", _("末期评估")


class ProjectEvaluation(Record):
    """A project's mid-term or final evaluation: the project is a named subject of a round of the
    evaluation engine (``cms.evaluations``), and the result is kept here when the round is finished
    (``signals.keep_results``), so the project's page and print page read it without the engine."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("项目")
    )
    stage = models.CharField(_("评估阶段"), max_length=10, choices=EvaluationStage.choices)
    subject = models.OneToOneField(
        Subject,
        on_delete=models.PROTECT,
        related_name="project_evaluation",
        verbose_name=_("评估对象"),
    )
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("等级"), max_length=10, choices=Grade.choices, blank=True)
    finished_on = models.DateField(_("评估完成日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="one_evaluation_per_stage")
        ]
        verbose_name = _("项目评估")
        verbose_name_plural = _("项目评估")

    def __str__(self) -> str:
        return f"{self.project.name} · {self.get_stage_display()}"
