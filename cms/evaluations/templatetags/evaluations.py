"""The studio page's block of the studio's latest published evaluation results (studio 06's property
services, studio 02's 创熟 standard).

A tag rather than page context, so the studio pages (a lower layer) need not know the evaluations; the block
comes from the shared cache and is dropped whenever a results page is published or unpublished
(``cms/evaluations/signals.py``), so the studio page costs no query for it.
"""

from collections import Counter

from django import template
from django.core.cache import cache

from cms.evaluations.models import EvaluationResultsPage, Grade

register = template.Library()
LATEST_KEY = "evaluations:latest-results:{studio_id}"
LEADERS = 5


@register.inclusion_tag("evaluations/latest_results.html")
def latest_results(studio):
    latest = cache.get_or_set(
        LATEST_KEY.format(studio_id=studio.pk), lambda: _latest(studio.pk), timeout=None
    )
    return {"latest": latest}


def _latest(studio_id: int) -> dict | None:
    page = (
        EvaluationResultsPage.objects.live()
        .public()
        .filter(round__scheme__studio_id=studio_id)
        .select_related("round__scheme")
        .order_by("-round__period_end", "-pk")
        .first()
    )
    if page is None:
        return None
    subjects = list(page.round.subjects.with_place().order_by("rank", "pk"))
    grades = Counter(s.grade for s in subjects)
    return {
        "title": page.title,
        "url": page.get_url(),
        "scheme": page.round.scheme.name,
        "round": page.round.name,
        "grades": [(label, grades[value]) for value, label in Grade.choices],
        "leaders": [(s.rank, s.name, s.get_grade_display()) for s in subjects[:LEADERS]],
    }
