"""Template tags for the studio pages: a rate as a percentage, this and last month's figures, and the studio's
public resources from the resource bank. Tags rather than page context, so the studio pages (a lower layer)
need not know the committee; both blocks come from the shared cache."""

from django import template
from django.core.cache import cache

from cms.committee import rates
from cms.committee.models import Kind, Resource

register = template.Library()
# The public block is the same for every visitor and moves slowly: computed at most every 15 minutes.
PUBLIC_SUMMARY_SECONDS = 15 * 60
# Public resources of every studio, dropped whenever a resource or its studios change (signals.py).
PUBLIC_RESOURCES_KEY = "committee:public-resources"
RESOURCES_SHOWN = 6


@register.filter
def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1f}%"


@register.filter
def with_total(rows: list, total) -> list:
    """A table's rows and its total row last, so one loop renders both alike."""
    return [*rows, total]


@register.inclusion_tag("committee/public_summary.html")
def public_summary(studio=None):
    """This and last month's counts and satisfaction for a studio page (or, without a studio, the
    committee's page, over every studio): aggregates only, never a case.

    A tag rather than page context, so the studio pages (a lower layer) need not know the committee."""
    studio_id = studio.pk if studio else None
    summary = cache.get_or_set(
        f"committee:public-summary:{studio_id or 'all'}",
        lambda: rates.public_summary(studio_id),
        PUBLIC_SUMMARY_SECONDS,
    )
    return {"summary": summary}


@register.inclusion_tag("committee/public_resources.html")
def public_resources(studio):
    by_studio = cache.get_or_set(PUBLIC_RESOURCES_KEY, _public_resources_by_studio, timeout=None)
    shown = [
        {**row, "kind": Kind(row["kind"]).label}
        for row in by_studio.get(studio.pk, [])[:RESOURCES_SHOWN]
    ]
    return {"resources": shown, "studio": studio}


def _public_resources_by_studio() -> dict[int, list[dict]]:
    by_studio = {}
    rows = Resource.objects.filter(public=True, studios__isnull=False).values(
        "studios", "name", "kind", "availability"
    )
    for row in rows.order_by("kind", "name"):
        by_studio.setdefault(row.pop("studios"), []).append(row)
    return by_studio
