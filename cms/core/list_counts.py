"""How the admin's lists count their rows, at any size.

modeladmin counts a list three times a request: the whole list (``all_count``), the filtered and ordered
list, and that list again in its paginator. An exact COUNT reads every row it counts: over a million cases
an index-only scan of 60–150 ms, for a figure nobody reads to the last digit. So, for a queryset whose class
mixes in ``ListCounts`` and that a list view has marked with ``as_list``:

- counts are remembered per request by their SQL without the ordering (which changes no count), and shared
  by every queryset made from the list's: an unfiltered list counts once;
- the **whole list** (the user's scope, nothing chosen, nothing searched) is *estimated* when PostgreSQL's
  planner expects more than ``settings.ADMIN_LIST_ESTIMATE_ABOVE`` rows: the count is an ``Estimate``
  and the page says so ("约 1,000,000"); every page holding rows still opens (``ListPaginator``);
- a **filtered or searched list** is counted exactly up to ``settings.ADMIN_LIST_COUNT_CAP`` and shown as
  "10,000+" beyond (a COUNT over a ``LIMIT``: it stops at the cap instead of reading every match);
- a whole list the planner expects to be small, and every whole list on SQLite (which keeps no statistics
  to estimate from), is counted exactly.
"""

import json
import math

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage
from django.db import connections
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from wagtail.admin.paginator import WagtailPaginator

_REQUEST_COUNTS = "_qiandeng_list_counts"


class Inexact(int):
    """A row count that is not the exact number of rows: every page past it still opens."""


class AtLeast(Inexact):
    """A capped count: at least this many rows (shown as "10,000+")."""


class Estimate(Inexact):
    """A row count read from the planner's statistics rather than counted: shown as "约" so many."""

    def rounded(self) -> int:
        """To three significant digits: the estimate is no more precise than that."""
        if self < 1000:
            return int(self)
        step = 10 ** (int(math.log10(self)) - 2)
        return round(self / step) * step


def display(count: int) -> str:
    """A list's count as shown: "约 1,000,000" for an estimate, the number itself otherwise."""
    if isinstance(count, Estimate):
        return _("约 %(count)s") % {"count": f"{count.rounded():,}"}
    if isinstance(count, AtLeast):
        return f"{count:,}+"
    return str(count)


class ListCounts:
    """A QuerySet mixin for the models listed in the admin. Nothing changes until a list view calls
    ``as_list``; from then on the queryset and every queryset made from it count as described above."""

    _counts: dict | None = None  # shared by the request's querysets; None: count as Django does
    _whole_list = False  # the list's scope, before any filter or search: may be estimated

    def _clone(self):
        clone = super()._clone()
        clone._counts = self._counts
        return clone

    def as_list(self, request):
        """This queryset as the whole list of an admin page for ``request``."""
        listed = self._chain()
        listed._counts = request.__dict__.setdefault(_REQUEST_COUNTS, {})
        listed._whole_list = True
        return listed

    def count(self) -> int:
        if self._counts is None or self._result_cache is not None:
            return super().count()
        query = self.query.chain()
        query.clear_ordering(force=True)
        try:
            sql, params = query.get_compiler(self.db).as_sql()
        except EmptyResultSet:  # filtered by an empty list: Django counts 0 without asking
            return super().count()
        key = (sql, tuple(map(str, params)))
        if key not in self._counts:
            self._counts[key] = self._whole_count() if self._whole_list else self._capped_count()
        return self._counts[key]

    def _whole_count(self) -> int:
        planned = self._planned_rows()
        if planned is not None and planned > settings.ADMIN_LIST_ESTIMATE_ABOVE:
            return Estimate(planned)
        return super().count()

    def _capped_count(self) -> int:
        cap = settings.ADMIN_LIST_COUNT_CAP
        capped = self.order_by()[: cap + 1]
        counted = super(ListCounts, capped).count()  # COUNT(*) over the LIMIT, not remembered again
        return AtLeast(cap) if counted > cap else counted

    def _planned_rows(self) -> int | None:
        """The rows PostgreSQL's planner expects this queryset to hold (None on other databases)."""
        if connections[self.db].vendor != "postgresql":
            return None
        plan = json.loads(self.order_by().values("pk").explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])


# Past this many rows a page reads its rows' ids first, then those rows: skipping the rows before it in an
# index-only walk of the list's order is a fraction of reading each of them with its joins.
DEEP_PAGE_ROWS = 1000


class ListPaginator(WagtailPaginator):
    """modeladmin's pager for lists of any size. Past an estimate's last page a page still opens and shows
    the rows it holds (an estimate may fall short) instead of falling back to page 1; a deep page reads
    the ids of its rows first (``DEEP_PAGE_ROWS``)."""

    @property
    def estimated(self) -> bool:
        """The count is an estimate or a cap, not the number of rows."""
        return isinstance(self.count, Inexact)

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            if self.estimated and int(number) > 1:
                return int(number)
            raise

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.estimated and top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._rows(bottom, top), number, self)

    def _rows(self, bottom: int, top: int):
        rows = self.object_list
        if bottom < DEEP_PAGE_ROWS or not isinstance(rows, QuerySet):
            return rows[bottom:top]
        return rows.filter(pk__in=list(rows.values_list("pk", flat=True)[bottom:top]))

    @property
    def items_count_label(self):
        if self.estimated:
            return _("%(count)s 条%(items)s") % {
                "count": display(self.count),
                "items": self.verbose_name_plural,
            }
        return super().items_count_label
