"""The public results of a finished round (评估结果公示): grades, ranks and scores of its subjects, and each
subject's score over the published rounds of the same series. Never inspectors' notes or survey answers.

Created in draft under the scheme's studio page by ``services.publish_round`` and submitted to the "三审"
workflow; it goes live when the studio lead and the committee office approve it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.core.models import BasePage
from cms.evaluations import charts, series
from cms.evaluations.models.rounds import Round, Subject


class EvaluationResultsPage(BasePage):
    round = models.OneToOneField(
        Round, on_delete=models.PROTECT, related_name="results_page", verbose_name=_("评估轮次")
    )
    intro = RichTextField(_("说明"), blank=True, features=["bold", "link", "ul"])

    searchable_fields = ("intro",)
    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["studios.StudioPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("评估结果公示页")
        verbose_name_plural = _("评估结果公示页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        evaluated = Round.objects.select_related("scheme").get(pk=self.round_id)
        context.update(evaluated=evaluated, rows=results_rows(evaluated))
        return context


def results_rows(evaluated: Round) -> list[dict]:
    """One row per subject of ``evaluated``, by rank: grade, total, change since the series' previous
    published round, and its line over the published rounds of the series. One query."""
    history: dict[tuple, list[Subject]] = {}
    for subject in series.series_subjects(evaluated):
        history.setdefault(series.place_key(subject), []).append(subject)
    rows = []
    for past in history.values():
        subject = past[-1]
        if subject.round_id != evaluated.pk:
            continue
        previous = past[-2] if len(past) > 1 else None
        rows.append(
            {
                "subject": subject,
                "delta": charts.delta(subject.total, previous.total if previous else None),
                "chart": charts.sparkline([(s.round.name, s.total) for s in past]),
            }
        )
    rows.sort(key=lambda row: (row["subject"].rank or 10**9, row["subject"].name))
    return rows
