"""The studio page's block of public volunteer teams.

A tag rather than page context, so the studio pages (a lower layer) need not know the volunteers; the list
comes from the shared cache and is dropped whenever a team changes (``cms/volunteers/signals.py``).
"""

from django import template
from django.core.cache import cache

register = template.Library()
TEAMS_KEY = "volunteers:public-teams:{studio_id}"


@register.inclusion_tag("volunteers/public/teams.html")
def public_teams(studio):
    teams = cache.get_or_set(
        TEAMS_KEY.format(studio_id=studio.pk),
        lambda: list(studio.teams.filter(public=True).values("name", "description")),
        timeout=None,
    )
    return {"teams": teams}
