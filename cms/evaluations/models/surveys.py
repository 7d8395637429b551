"""Residents' survey answers (居民问卷): one response per phone number per round, kept without the phone.

The public form (``cms/evaluations/public.py``) writes them through ``services.submit_survey``. The phone is
kept only as a keyed hash (HMAC with the site's secret, salted with the round), enough to refuse a second
response from the same phone in the same round, useless to recover the number or to link one person's
answers across rounds. Nothing else about who answered is stored (no name, no address, no IP, only the day).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.core.models import Record
from cms.evaluations.models.rounds import Round, Subject
from cms.evaluations.models.schemes import Criterion


class SurveyChoice(models.IntegerChoices):
    """The five answers every survey question takes, and the score each maps to (value × 20)."""

    VERY_DISSATISFIED = 1, _("很不满意")
    DISSATISFIED = 2, _("不满意")
    NEUTRAL = 3, _("一般")
    SATISFIED = 4, _("满意")
    VERY_SATISFIED = 5, _("很满意")


class SurveyResponse(Record):
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="responses", verbose_name=_("评估轮次")
    )
    subject = models.ForeignKey(
        Subject,
        on_delete=models.CASCADE,
        related_name="survey_responses",
        verbose_name=_("评估对象"),
    )
    phone_hash = models.CharField(_("手机号摘要"), max_length=64, editable=False)
    submitted_on = models.DateField(_("提交日期"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["phone_hash"])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "phone_hash"], name="one_response_per_phone")
        ]
        verbose_name = _("问卷答卷")
        verbose_name_plural = _("问卷答卷")

    def __str__(self) -> str:
        return f"{self.subject} · {self.pk}"


class SurveyAnswer(Record):
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("答卷")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("问卷题目")
    )
    value = models.PositiveSmallIntegerField(_("评价"), choices=SurveyChoice.choices)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "criterion"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="answer_on_the_scale"
            ),
        ]
        verbose_name = _("问卷回答")
        verbose_name_plural = _("问卷回答")

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.get_value_display()}"
