"""Indicators computed from the product's own records: the registry a scheme's criterion picks from.

Each indicator gives, for every subject of a round at once (one grouped SQL query over the period's cases
for all indicators), a raw value, and maps it to a score of 0–100 by the rule in its
``mapping`` text (shown to staff in the admin). The period is the round's; "property cases" are the issues
filed under studio 06's categories (红色业委会 handles property matters), the rectification cases this
engine opens excluded. With no case in the period, a rate is not measured and scores full marks (nothing
went wrong); a count of zero also scores full marks.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.cases.models import Case, Kind, Satisfaction, Status
from cms.evaluations.case_places import subject_of_case

PROPERTY_STUDIO = "06"
# Opened by ``services.finish_round`` for a poor grade: not a resident's complaint, so never counted as one.
RECTIFICATION_CATEGORY = "物业服务整改"
RESOLVED = (Status.RESOLVED, Status.FOLLOWED_UP, Status.CLOSED)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str
    unit: str
    mapping: str
    # Named counts of the subject's cases (each a condition on ``Case``) and the raw value from them.
    counts: dict[str, Q]
    raw: Callable[[dict, int | None], Decimal | None]
    score: Callable[[Decimal | None], Decimal]


PROPERTY_ISSUE = Q(kind=Kind.ISSUE, category__studio__code=PROPERTY_STUDIO) & ~Q(
    category__name=RECTIFICATION_CATEGORY
)
ISSUE = Q(kind=Kind.ISSUE)
SATISFIED = Q(satisfaction__in=(Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED))


def _per_100_households(values: dict, households: int | None) -> Decimal | None:
    if not households:
        return None
    return (Decimal(values["n"]) * HUNDRED / households).quantize(Decimal("0.01"))


def _rate(part: str, whole: str) -> Callable[[dict, int | None], Decimal | None]:
    def raw(values: dict, _households) -> Decimal | None:
        if not values[whole]:
            return None
        return (Decimal(values[part]) * HUNDRED / values[whole]).quantize(Decimal("0.01"))

    return raw


def _falling(per_unit: int) -> Callable[[Decimal | None], Decimal]:
    """100 at zero, ``per_unit`` points less for each unit, never below 0; unmeasured: 100."""

    def score(raw: Decimal | None) -> Decimal:
        if raw is None:
            return HUNDRED
        return max(Decimal(0), HUNDRED - per_unit * raw).quantize(Decimal("0.01"))

    return score


def _as_rate(raw: Decimal | None) -> Decimal:
    return HUNDRED if raw is None else raw


REGISTRY: dict[str, Indicator] = {
    indicator.name: indicator
    for indicator in [
        Indicator(
            "property_complaints_per_100_households",
            _("物业类诉求数（每百户）"),
            _("件/百户"),
            _("每百户 0 件得 100 分，每多 1 件扣 20 分，最低 0 分；无户数资料时按 100 分计。"),
            {"n": PROPERTY_ISSUE},
            _per_100_households,
            _falling(20),
        ),
        Indicator(
            "property_resolution_rate",
            _("物业类诉求办结率"),
            "%",
            _("办结率即得分（办结、已回访、已归档计为办结，退单不计）；期内无诉求按 100 分计。"),
            {
                "resolved": PROPERTY_ISSUE & Q(status__in=RESOLVED),
                "handled": PROPERTY_ISSUE & ~Q(status=Status.RETURNED),
            },
            _rate("resolved", "handled"),
            _as_rate,
        ),
        Indicator(
            "property_satisfaction_rate",
            _("物业类诉求满意率"),
            "%",
            _("回访“满意”“基本满意”占已回访诉求的比例即得分；期内无回访按 100 分计。"),
            {
                "satisfied": PROPERTY_ISSUE & SATISFIED,
                "rated": PROPERTY_ISSUE & ~Q(satisfaction=""),
            },
            _rate("satisfied", "rated"),
            _as_rate,
        ),
        Indicator(
            "mediation_files_opened",
            _("物业纠纷调解立案数"),
            _("件"),
            _("0 件得 100 分，每多 1 件扣 25 分，最低 0 分。"),
            {"n": Q(kind=Kind.MEDIATION)},
            lambda values, _households: Decimal(values["n"]),
            _falling(25),
        ),
        Indicator(
            "issues_per_100_households",
            _("居民诉求数（每百户，全部类别）"),
            _("件/百户"),
            _("每百户 0 件得 100 分，每多 1 件扣 10 分，最低 0 分；无户数资料时按 100 分计。"),
            {"n": ISSUE},
            _per_100_households,
            _falling(10),
        ),
        Indicator(
            "issue_resolution_rate",
            _("居民诉求办结率（全部类别）"),
            "%",
            _("办结率即得分（退单不计）；期内无诉求按 100 分计。"),
            {
                "resolved": ISSUE & Q(status__in=RESOLVED),
                "handled": ISSUE & ~Q(status=Status.RETURNED),
            },
            _rate("resolved", "handled"),
            _as_rate,
        ),
    ]
}


def choices() -> list[tuple[str, str]]:
    return [(indicator.name, indicator.label) for indicator in REGISTRY.values()]


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period's first and last moment in local time (a case received on the last day counts)."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end, time.max, tzinfo=zone),
    )


def counts_by_subject(
    names: set[str], subjects: QuerySet, kind: str, start: date, end: date
) -> dict[int, dict[str, int]]:
    """For the named indicators, the counts each needs per subject (``{subject id: {"<indicator>__<count>":
    n}}``) over the cases located at the subject and received in the period: one grouped query."""
    if not names:
        return {}
    low, high = period_bounds(start, end)
    counts = {
        f"{name}__{count}": Count("pk", filter=condition)
        for name in sorted(names)
        for count, condition in REGISTRY[name].counts.items()
    }
    rows = (
        Case.objects.filter(received_at__range=(low, high))
        .annotate(subject_id=subject_of_case(subjects, kind))
        .filter(subject_id__isnull=False)
        .order_by()
        .values("subject_id")
        .annotate(**counts)
    )
    return {row.pop("subject_id"): row for row in rows}


def raw_and_score(
    name: str, counts: dict[str, int], households: int | None
) -> tuple[Decimal | None, Decimal]:
    """The raw value and 0–100 score of indicator ``name`` from a subject's counts (none: no case)."""
    indicator = REGISTRY[name]
    prefix = f"{name}__"
    values = {count: counts.get(prefix + count, 0) for count in indicator.counts}
    raw = indicator.raw(values, households)
    return raw, indicator.score(raw)
