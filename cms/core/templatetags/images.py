from django import template
from wagtail.images.models import Filter

register = template.Library()


@register.filter
def prefetched_rendition(image, spec: str):
    """The rendition of ``image`` for ``spec``, taken from renditions prefetched with it.

    Wagtail's ``{% image %}`` also writes every rendition to the cache on each render, a round trip per
    card; lists prefetch renditions (``listing.with_cover``) so none is needed. Created on first use.
    """
    try:
        return image.find_existing_rendition(Filter(spec))
    except image.get_rendition_model().DoesNotExist:
        return image.get_rendition(spec)
