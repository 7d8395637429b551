"""Working days: weekdays, minus public holidays, plus make-up working days (调休), from ``CalendarDay``."""

import datetime

from django.utils import timezone

from cms.cases.models import CalendarDay

# Enough calendar to look ahead for any deadline: the longest holiday is 9 days.
_LOOKAHEAD_DAYS = 60


def _overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    rows = CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind")
    return dict(rows)


def is_working_day(day: datetime.date, overrides: dict[datetime.date, str]) -> bool:
    if day in overrides:
        return overrides[day] == CalendarDay.Kind.WORKDAY
    return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The working day that is ``days`` working days after ``start`` (0: ``start`` or the next working day)."""
    overrides = _overrides(start, start + datetime.timedelta(days=days * 2 + _LOOKAHEAD_DAYS))
    day = start
    while not is_working_day(day, overrides):
        day += datetime.timedelta(days=1)
    for _ in range(days):
        day += datetime.timedelta(days=1)
        while not is_working_day(day, overrides):
            day += datetime.timedelta(days=1)
    return day


def end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def deadline(start: datetime.datetime, working_days: int) -> datetime.datetime:
    """End of the working day ``working_days`` working days after ``start`` (local time)."""
    return end_of_day(add_working_days(timezone.localdate(start), working_days))
