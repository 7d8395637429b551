from django import template

from cms.core import list_counts

register = template.Library()


@register.filter
def list_count(count: int) -> str:
    """A list's count as shown: "约 1,000,000" for an estimate (``cms.core.list_counts``)."""
    return list_counts.display(count)
