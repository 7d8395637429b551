"""Template tags of the committee's figures: a rate as a percentage, and the studio page's public block."""

from django import template
from django.core.cache import cache

from cms.committee import rates

register = template.Library()
# The public block is the same for every visitor and moves slowly: computed at most every 15 minutes.
PUBLIC_SUMMARY_SECONDS = 15 * 60


@register.filter
def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1f}%"


@register.inclusion_tag("committee/public_summary.html")
def public_summary(studio):
    """This and last month's counts and satisfaction for a studio page: aggregates only, never a case.

    A tag rather than page context, so the studio pages (a lower layer) need not know the committee."""
    key = f"committee:public-summary:{studio.pk}"
    summary = cache.get(key)
    if summary is None:
        summary = rates.public_summary(studio.pk)
        cache.set(key, summary, PUBLIC_SUMMARY_SECONDS)
    return {"summary": summary}
