"""Small tables that every online submission reads and staff rarely change: the active categories (with their
studios) and the working-day calendar. Kept in the shared cache; ``cms/cases/signals.py`` forgets them when a
row changes, and the timeout bounds what a change made without signals (a data migration) can leave behind."""

import datetime

from django.core.cache import cache

from cms.cases.models import CalendarDay, CaseCategory, KnownAddress
from cms.studios.models import Studio

CATEGORIES_KEY = "cases:active-categories"
CALENDAR_KEY = "cases:calendar"
KNOWN_ADDRESSES_KEY = "cases:known-addresses"
TIMEOUT_SECONDS = 300


_CATEGORY_FIELDS = (
    "pk",
    "name",
    "deadline_days",
    "urgent_deadline_days",
    "priority",
    "studio_id",
    "studio__name",
    "studio__code",
)


def active_categories() -> list[dict]:
    """Every active category with its studio's name, ordered by studio code and name, as plain values:
    unpickling model instances cost more than the query they save."""
    return cache.get_or_set(
        CATEGORIES_KEY,
        lambda: list(
            CaseCategory.objects.filter(active=True)
            .order_by("studio__code", "name")
            .values(*_CATEGORY_FIELDS)
        ),
        TIMEOUT_SECONDS,
    )


def category(values: dict) -> CaseCategory:
    """The category of an ``active_categories`` entry, with just what an intake and its receipt read."""
    studio = Studio(pk=values["studio_id"], name=values["studio__name"])
    return CaseCategory(
        pk=values["pk"],
        name=values["name"],
        deadline_days=values["deadline_days"],
        urgent_deadline_days=values["urgent_deadline_days"],
        priority=values["priority"],
        studio=studio,
    )


def calendar_days() -> dict[datetime.date, str]:
    """Every holiday and make-up working day: date → kind."""
    return cache.get_or_set(
        CALENDAR_KEY, lambda: dict(CalendarDay.objects.values_list("date", "kind")), TIMEOUT_SECONDS
    )


def forget() -> None:
    cache.delete_many([CATEGORIES_KEY, CALENDAR_KEY])


def known_addresses() -> list[tuple[str, int]]:
    """The office's known addresses (``KnownAddress``, active ones): (network, submissions per hour)."""
    return cache.get_or_set(
        KNOWN_ADDRESSES_KEY,
        lambda: list(
            KnownAddress.objects.filter(active=True).values_list("network", "submissions_per_hour")
        ),
        TIMEOUT_SECONDS,
    )


def forget_known_addresses() -> None:
    cache.delete(KNOWN_ADDRESSES_KEY)
