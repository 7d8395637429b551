"""Working days: weekdays, minus public holidays, plus make-up working days (调休), from ``CalendarDay``."""

import datetime

from django.utils import timezone

from cms.cases import cached_tables
from cms.cases.models import CalendarDay


def is_working_day(day: datetime.date, overrides: dict[datetime.date, str]) -> bool:
    if day in overrides:
        return overrides[day] == CalendarDay.Kind.WORKDAY
    return day.weekday() < 5


def _add(start: datetime.date, days: int, overrides: dict[datetime.date, str]) -> datetime.date:
    """The working day ``days`` working days after ``start`` (0: ``start`` or the next working day)."""
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
    return deadlines(start, working_days)[0]


def deadlines(start: datetime.datetime, *working_days: int) -> list[datetime.datetime]:
    """Several deadlines from one start, reading the calendar once."""
    day = timezone.localdate(start)
    overrides = cached_tables.calendar_days()
    return [end_of_day(_add(day, n, overrides)) for n in working_days]
