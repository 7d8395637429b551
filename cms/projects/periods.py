"""Reporting periods of an indicator (month, quarter, year): where a date falls and which periods a project
spans. Outputs are reported per period; targets are per period (``models.Indicator``)."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    YEAR = "year", _("每年")


_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


def start_of(day: datetime.date, kind: str) -> datetime.date:
    """The first day of the period of ``kind`` holding ``day``."""
    step = _MONTHS[kind]
    month = (day.month - 1) // step * step + 1
    return datetime.date(day.year, month, 1)


def next_start(start: datetime.date, kind: str) -> datetime.date:
    month = start.month - 1 + _MONTHS[kind]
    return datetime.date(start.year + month // 12, month % 12 + 1, 1)


def end_of(start: datetime.date, kind: str) -> datetime.date:
    return next_start(start, kind) - datetime.timedelta(days=1)


def spanned(first: datetime.date, last: datetime.date, kind: str) -> list[datetime.date]:
    """Starts of every period of ``kind`` that overlaps ``first`` … ``last``."""
    starts, current = [], start_of(first, kind)
    while current <= last:
        starts.append(current)
        current = next_start(current, kind)
    return starts


def label(start: datetime.date, kind: str) -> str:
    if kind == PeriodKind.QUARTER:
        return str(
            _("%(year)s 年第 %(q)s 季度") % {"year": start.year, "q": (start.month + 2) // 3}
        )
    if kind == PeriodKind.YEAR:
        return str(_("%(year)s 年") % {"year": start.year})
    return str(_("%(year)s 年 %(month)s 月") % {"year": start.year, "month": start.month})
