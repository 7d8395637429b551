"""The registers' figures (aggregates only, never a person): members by field or occupation, work per month,
the 人才驿站's use, observers' reports and how many were resolved.

Shown on the studio pages and the committee dashboard through ``templatetags/registers.py`` and on the
liaison station's public page; kept in the shared cache until anything they count changes
(``cms/registers/signals.py``), so a page costs no query for them once warm.
"""

import datetime

from django.core.cache import cache
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cms.cases.models import Status
from cms.registers.models import (
    Booking,
    CareService,
    Engagement,
    Member,
    MemberState,
    ObserverReport,
    Register,
    RegisterKind,
    StationDay,
    TalentService,
)
from cms.registers.models.members import PROFILES

VERSION_KEY = "registers:figures-version"
MONTHS = 12
RESOLVED = (Status.RESOLVED, Status.FOLLOWED_UP, Status.CLOSED)
# The profile field a register's members are counted by.
GROUPED_BY = {
    RegisterKind.SAGES: "sage__field",
    RegisterKind.TALENTS: "talent__field",
    RegisterKind.NEW_EMPLOYMENT: "worker__occupation",
}
_WORK_PER_MONTH = {
    RegisterKind.SAGES: (Engagement, "happened_on"),
    RegisterKind.TALENTS: (TalentService, "received_at"),
    RegisterKind.NEW_EMPLOYMENT: (CareService, "served_on"),
}


def forget() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)


def cached(name: str, compute):
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    return cache.get_or_set(f"registers:figures:{version}:{name}", compute, timeout=None)


def for_studio(studio_id: int) -> list[dict]:
    """The figures of each register the studio keeps (most keep none: an empty list)."""
    return cached(
        f"studio:{studio_id}",
        lambda: [register_figures(r) for r in Register.objects.filter(studio_id=studio_id)],
    )


def all_registers() -> list[dict]:
    return cached(
        "all",
        lambda: [register_figures(r) for r in Register.objects.select_related("studio")],
    )


def register_figures(register: Register) -> dict:
    members = Member.objects.filter(register=register)
    states = dict(members.values_list("state").annotate(n=Count("pk")).order_by())
    figures = {
        "kind": register.kind,
        "title": register.title,
        "studio_id": register.studio_id,
        "registered": states.get(MemberState.SUBMITTED, 0) + states.get(MemberState.VERIFIED, 0),
        "verified": states.get(MemberState.VERIFIED, 0),
        "withdrawn": states.get(MemberState.WITHDRAWN, 0),
        "by_group": by_group(register),
        "per_month": per_month(register),
    }
    if register.kind == RegisterKind.TALENTS:
        figures["station"] = station_use()
    if register.kind == RegisterKind.NEW_EMPLOYMENT:
        figures["observers"] = observers(register)
    return figures


def by_group(register: Register) -> list[tuple[str, int, int]]:
    """(label, registered, verified) per field or occupation, current members only."""
    path = GROUPED_BY[register.kind]
    rows = (
        Member.objects.current()
        .filter(register=register)
        .values(path)
        .annotate(
            registered=Count("pk"), verified=Count("pk", filter=Q(state=MemberState.VERIFIED))
        )
        .order_by(path)
    )
    field = PROFILES[register.kind]._meta.get_field(path.split("__")[1])
    labels = dict(field.choices)
    return [(str(labels.get(r[path], "—")), r["registered"], r["verified"]) for r in rows]


def per_month(register: Register) -> list[tuple[str, int]]:
    """The register's work (engagements, talent services or care services) in each of the last 12 months."""
    model, date_field = _WORK_PER_MONTH[register.kind]
    start = _months_ago(MONTHS - 1)
    since = start
    if isinstance(model._meta.get_field(date_field), models.DateTimeField):
        since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    counts = dict(
        model.objects.filter(studio_id=register.studio_id, **{f"{date_field}__gte": since})
        .annotate(month=TruncMonth(date_field))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {_month_key(month): n for month, n in counts.items()}
    months = [_shift(start, n) for n in range(MONTHS)]
    return [(f"{m:%Y-%m}", counts.get(f"{m:%Y-%m}", 0)) for m in months]


def station_use(days: int = 30) -> dict:
    """The 人才驿站 over the last ``days`` days: seats offered, bookings kept, no-shows, use rate."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=days)
    past = StationDay.objects.filter(day__gte=since, day__lt=today, closed=False)
    seats = past.aggregate(total=Sum("seats"))["total"] or 0
    bookings = Booking.objects.filter(station_day__in=past)
    attended = bookings.filter(state=Booking.State.ATTENDED).count()
    no_shows = bookings.filter(state=Booking.State.NO_SHOW).count()
    upcoming = Booking.objects.filter(
        station_day__day__gte=today, state=Booking.State.BOOKED
    ).count()
    return {
        "seats": seats,
        "attended": attended,
        "no_shows": no_shows,
        "upcoming": upcoming,
        "use_rate": round(100 * attended / seats) if seats else None,
    }


def observers(register: Register) -> dict:
    reports = ObserverReport.objects.filter(member__register=register)
    return {
        "observers": reports.values("member").distinct().count(),
        "reports": reports.count(),
        "resolved": reports.filter(case__status__in=RESOLVED).count(),
    }


def _months_ago(n: int) -> datetime.date:
    return _shift(timezone.localdate().replace(day=1), -n)


def _shift(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_key(month) -> str:
    if isinstance(month, datetime.datetime):
        month = timezone.localtime(month) if timezone.is_aware(month) else month
    return f"{month:%Y-%m}"


def register_figures_cached(register: Register) -> dict:
    return cached(f"register:{register.pk}", lambda: register_figures(register))
