"""Query helpers for page listings: keep every list at a fixed number of queries, whatever its length."""

from collections.abc import Callable

from django.db.models import Prefetch, QuerySet
from django.utils.functional import SimpleLazyObject
from wagtail.images import get_image_model


def with_cover(pages: QuerySet) -> QuerySet:
    """News pages with their cover image and its renditions in two queries, not one per card."""
    renditions = get_image_model().get_rendition_model().objects.all()
    return pages.select_related("cover_image").prefetch_related(
        Prefetch("cover_image__renditions", queryset=renditions)
    )


def attach_studio_pages(pages, studio_pages):
    """Sets ``page.studio_page`` from the tree path, using studio pages already loaded (no query)."""
    for page in pages:
        page.studio_page = next((s for s in studio_pages if page.path.startswith(s.path)), None)
    return pages


def lazy(compute: Callable) -> SimpleLazyObject:
    """A context value read when the template first uses it: never when the fragment showing it comes
    from the cache (``{% fragment %}``, cms/core/templatetags/fragments.py)."""
    return SimpleLazyObject(compute)
