"""The studio page's and the committee dashboard's register figures (aggregates only).

A tag rather than page context, so the studio pages and the committee (which need not know the registers)
only load it; the figures come from the shared cache and are dropped on change (``cms/registers/signals.py``),
so a warm page costs no query for them.
"""

from django import template

from cms.registers import figures

register = template.Library()


@register.inclusion_tag("registers/figures.html")
def register_figures(studio=None):
    """One studio's registers with links to their public forms, or every register (no studio given)."""
    if studio is None:
        return {"registers": figures.all_registers(), "links": False}
    return {"registers": figures.for_studio(studio.pk), "links": True}
