"""The studio page's and the committee dashboard's register figures (aggregates only).

A tag rather than page context, so the studio pages and the committee (which need not know the registers)
only load it; the figures come from the shared cache and are dropped on change (``cms/registers/signals.py``),
so a warm page costs no query for them.
"""

from django import template

from cms.core.access import SEE_FIGURES, studio_ids_for
from cms.registers import figures

register = template.Library()


@register.inclusion_tag("registers/figures.html")
def register_figures(studio):
    """A studio page: the studio's registers with links to their public forms."""
    return {"registers": figures.for_studio(studio.pk), "links": True}


@register.inclusion_tag("registers/figures.html")
def dashboard_register_figures(user):
    """The committee dashboard: the registers of the studios whose figures ``user`` sees."""
    ids = studio_ids_for(user, SEE_FIGURES)
    return {
        "registers": [r for r in figures.all_registers() if r["studio_id"] in ids],
        "links": False,
    }
