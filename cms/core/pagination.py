"""A pager that counts no further than it shows: used where exact counts are expensive (search results).

Counting every match of a broad word is most of a search's work over a large site, and nobody pages past
the hundredth page of results. ``CappedPaginator`` counts at most ``limit + 1`` items (its object list must
count a slice without reading past it, as querysets and the search results of ``cms.core.search_backend``
do), offers pages up to ``limit`` and says whether there were more.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, limit: int = 1000, **kwargs):
        self.limit = limit
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _counted(self) -> int:
        return self.object_list[: self.limit + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)

    @property
    def capped(self) -> bool:
        """More items than ``limit`` exist: ``count`` is a lower bound."""
        return self._counted > self.limit
