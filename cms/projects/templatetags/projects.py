"""The studio page's block of public progress (studio 01's village and community matters): each matter
staff marked public, its public text, the public milestones reached and the next public step — nothing
else of the ledger. A tag rather than page context, so the studio pages (a lower layer) need not know the
projects; the block comes from the shared cache, dropped on any change (``cms/projects/signals.py``)."""

from collections import defaultdict

from django import template
from django.core.cache import cache
from django.db.models import Prefetch

from cms.projects.models import Milestone, Project

register = template.Library()
PUBLIC_KEY = "projects:public-progress"


@register.inclusion_tag("projects/public_progress.html")
def public_progress(studio):
    by_studio = cache.get_or_set(PUBLIC_KEY, _public_progress, timeout=None)
    return {"matters": by_studio.get(studio.pk, [])}


def _public_progress() -> dict[int, list[dict]]:
    public_milestones = Prefetch(
        "milestones", queryset=Milestone.objects.filter(public=True), to_attr="public_milestones"
    )
    projects = (
        Project.objects.filter(public=True)
        .select_related("community")
        .prefetch_related(public_milestones)
        .order_by("starts_on", "pk")
    )
    found = defaultdict(list)
    for project in projects:
        reached = [m for m in project.public_milestones if m.reached_on]
        ahead = [m for m in project.public_milestones if not m.reached_on]
        found[project.studio_id].append(
            {
                "name": project.name,
                "community": project.community.name if project.community else "",
                "state": project.get_state_display(),
                "summary": project.public_summary,
                "reached": [(m.title, m.reached_on) for m in reached],
                "next": (ahead[0].title, ahead[0].due_on) if ahead else None,
                "total": len(project.public_milestones),
            }
        )
    return dict(found)
