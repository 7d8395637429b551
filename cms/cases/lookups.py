"""Small tables that every online submission reads and staff rarely change: the active categories (with their
studios) and the working-day calendar. Kept in the shared cache; ``cms/cases/signals.py`` forgets them when a
row changes, and the timeout bounds what a change made without signals (a data migration) can leave behind."""

import datetime

from django.core.cache import cache

from cms.cases.models import CalendarDay, CaseCategory

CATEGORIES_KEY = "cases:active-categories"
CALENDAR_KEY = "cases:calendar"
TIMEOUT_SECONDS = 300


def active_categories() -> list[CaseCategory]:
    """Every active category with its studio, ordered by studio code and name."""
    categories = cache.get(CATEGORIES_KEY)
    if categories is None:
        categories = list(
            CaseCategory.objects.filter(active=True)
            .select_related("studio")
            .order_by("studio__code", "name")
        )
        cache.set(CATEGORIES_KEY, categories, TIMEOUT_SECONDS)
    return categories


def calendar_days() -> dict[datetime.date, str]:
    """Every holiday and make-up working day: date → kind."""
    days = cache.get(CALENDAR_KEY)
    if days is None:
        days = dict(CalendarDay.objects.values_list("date", "kind"))
        cache.set(CALENDAR_KEY, days, TIMEOUT_SECONDS)
    return days


def forget() -> None:
    cache.delete_many([CATEGORIES_KEY, CALENDAR_KEY])
