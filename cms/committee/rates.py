"""The three rates (三率) and the committee's other figures, computed in the database for any period.

The definitions readers see (dashboard, printed report) are ``DEFINITIONS`` below, in Chinese; each names
the ``Figures`` attribute that computes it, and a test holds the two together. In short:

- Cases counted: those **received** in the period (``received_at`` in [start, end)), grouped by their
  current studio, category or handling unit.
- **Response rate** (响应率): cases first contacted by their first-contact deadline, over the cases whose
  first contact is due (contacted already, or past the deadline). A case still inside its window and not yet
  contacted is not counted either way.
- **Resolution rate** (办结率): cases resolved by their handling deadline, over the cases resolved or past
  that deadline. An approved extension moves the deadline, so it counts as the deadline. A case re-opened
  after a dissatisfied follow-up counts by its latest resolution.
- **Satisfaction rate** (满意率): satisfied and basically satisfied, over the cases followed up. A re-opened
  case counts as dissatisfied until it is followed up again.
- **Overdue** (超期): open and past a deadline now (``cms.cases.models.case.overdue_condition``).
- **Median time to resolve**: from receipt to resolution, over the resolved cases.
- **Volunteer hours**: verified service records that started in the period, by the activity's studio.
- **Mediation success rate**: agreements over mediations concluded in the period (agreement or failure).

A rate with nothing to count is None, shown as "—", never 0 %.
"""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, F, Q, QuerySet, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.cases.models import Case, Chase, Satisfaction
from cms.cases.models.case import overdue_condition
from cms.committee.grouping_sets import grouping_sets
from cms.core.snapshot_reads import at_once
from cms.mediation.models import MediationFile, Outcome
from cms.volunteers.models import ServiceRecord
from cms.volunteers.models.service import in_hours

# How each grouping reads: the case field, the fields that label a group (a category or unit with its
# studio, since several studios have a "咨询"), and the label of cases outside any group.
GROUPS = {
    "studio": ("studio_id", ("studio__name",), _("待分派")),
    "category": ("category_id", ("category__studio__name", "category__name"), _("未分类")),
    "unit": (
        "handling_unit_id",
        ("handling_unit__studio__name", "handling_unit__name"),
        _("未指定承办单位"),
    ),
    "community": ("community_id", ("community__name",), _("未关联社区")),
    "estate": ("estate_id", ("estate__community__name", "estate__name"), _("未关联小区")),
}
_SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)
# The month's figures read the covering index ``cases_case_figures`` alone, in key order and from memory.
# The default random_page_cost (4.0: a disk's seek) can price a narrower index plus the table lower;
# at a million cases that plan read 78,000 buffers instead of 1,500 and took ~35 ms more per query.
FIGURES_SETTINGS = {"random_page_cost": "1.1"}
# A month's ~40,000 resolved cases of a million sort in memory with this, not on disk: 123 -> 96 ms.
MEDIANS_SETTINGS = {**FIGURES_SETTINGS, "work_mem": "16MB"}


@dataclass(frozen=True)
class Definition:
    """One figure as its readers are told it is computed (指标口径): its name, the ``Figures`` attribute
    that computes it, and how."""

    name: str
    attribute: str
    text: str


DEFINITIONS = [
    Definition(
        _("受理量"),
        "received",
        _(
            "统计期内受理（登记）的诉求件数，按诉求当前所属的工作室、类别或承办单位归类，"
            "或按诉求所在的社区、小区归类；合并到先前诉求的重复件不另计。"
        ),
    ),
    Definition(
        _("响应率"),
        "response_rate",
        _(
            "在首次联系时限内联系了居民的诉求，占应当联系的诉求（已联系的，或已过首次联系时限的）的比例；"
            "尚在时限内、还未联系的诉求不计入。"
        ),
    ),
    Definition(
        _("办结率"),
        "resolution_rate",
        _(
            "在办理时限内办结的诉求，占已办结或已过办理时限的诉求的比例。经批准的延期以延期后的时限为准；"
            "回访不满意重新办理的，按最近一次办结计算。"
        ),
    ),
    Definition(
        _("满意率"),
        "satisfaction_rate",
        _(
            "回访结果为“满意”和“基本满意”的诉求，占已回访诉求的比例；重新办理的诉求在再次回访前按不满意计。"
        ),
    ),
    Definition(
        _("超期"),
        "overdue",
        _("当前仍未办结、且已超过首次联系时限或办理时限的诉求件数。"),
    ),
    Definition(
        _("办结用时（中位数）"),
        "median_resolution_days",
        _("已办结诉求从受理到办结所用时间的中位数，以天计。"),
    ),
    Definition(
        _("志愿服务时长"),
        "volunteer_hours",
        _("统计期内开始、且已由组织方核实的志愿服务记录的时长合计，按服务活动所属工作室归类。"),
    ),
    Definition(
        _("催办"),
        "chases",
        _("统计期内工作室负责人或委员会办公室对本工作室诉求的催办次数；括号内为被催办的诉求件数。"),
    ),
    Definition(
        _("调解成功率"),
        "mediation_success_rate",
        _("统计期内调解结束（达成协议或调解不成）的卷宗中，达成调解协议的比例。"),
    ),
]
NO_DATA_NOTE = _("没有可统计的诉求时，比率显示为“—”，而不是 0%。")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # exclusive

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return cls(datetime.date(year, month, 1), following)

    @classmethod
    def this_month(cls) -> "Period":
        today = timezone.localdate()
        return cls.month(today.year, today.month)

    def previous_month(self) -> "Period":
        last = self.start - datetime.timedelta(days=1)
        return Period.month(last.year, last.month)

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Local midnights, as aware datetimes."""
        return tuple(
            timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
            for day in (self.start, self.end)
        )


@dataclass
class Figures:
    """One row of figures: a studio, a category, a unit, a community, an estate, or everything."""

    key: object
    label: str
    received: int = 0
    resolved: int = 0
    overdue: int = 0
    response_due: int = 0
    responded_in_time: int = 0
    resolution_due: int = 0
    resolved_in_time: int = 0
    followed_up: int = 0
    satisfied: int = 0
    median_resolution: datetime.timedelta | None = None
    volunteer_hours: Decimal = field(default_factory=Decimal)
    mediations_concluded: int = 0
    mediation_agreements: int = 0
    chases: int = 0
    chased_cases: int = 0

    @property
    def response_rate(self) -> float | None:
        return _rate(self.responded_in_time, self.response_due)

    @property
    def resolution_rate(self) -> float | None:
        return _rate(self.resolved_in_time, self.resolution_due)

    @property
    def satisfaction_rate(self) -> float | None:
        return _rate(self.satisfied, self.followed_up)

    @property
    def mediation_success_rate(self) -> float | None:
        return _rate(self.mediation_agreements, self.mediations_concluded)

    @property
    def median_resolution_days(self) -> float | None:
        if self.median_resolution is None:
            return None
        return round(self.median_resolution.total_seconds() / 86400, 1)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def case_counts(now=None) -> dict:
    """The conditional counts behind every case figure, as one annotation. They count ``received_at`` (never
    null), not the key, so the month's figures are read from the index ``cases_case_figures`` alone,
    which does not hold the key."""
    now = now or timezone.now()
    return {
        "received": Count("received_at"),
        "resolved": Count("received_at", filter=Q(resolved_at__isnull=False)),
        "overdue": Count("received_at", filter=overdue_condition(now)),
        "response_due": Count(
            "received_at", filter=Q(first_contacted_at__isnull=False) | Q(first_contact_due__lt=now)
        ),
        "responded_in_time": Count(
            "received_at", filter=Q(first_contacted_at__lte=F("first_contact_due"))
        ),
        "resolution_due": Count(
            "received_at", filter=Q(resolved_at__isnull=False) | Q(handling_due__lt=now)
        ),
        "resolved_in_time": Count("received_at", filter=Q(resolved_at__lte=F("handling_due"))),
        "followed_up": Count("received_at", filter=~Q(satisfaction="")),
        "satisfied": Count("received_at", filter=Q(satisfaction__in=_SATISFIED)),
    }


@dataclass
class Report:
    """A period's figures three ways, and the total."""

    by_studio: list[Figures]
    by_category: list[Figures]
    by_unit: list[Figures]
    by_community: list[Figures]
    by_estate: list[Figures]
    total: Figures


def at_place(cases: QuerySet, community=None, estate=None) -> QuerySet:
    """The cases located in ``community`` and/or at ``estate`` (records or ids; None: anywhere)."""
    if community is not None:
        cases = cases.filter(community=community)
    if estate is not None:
        cases = cases.filter(estate=estate)
    return cases


def report(cases: QuerySet, period: Period) -> Report:
    """The figures of the cases received in ``period``, by studio, category, handling unit, community and
    estate."""
    start, end = period.bounds
    received = cases.counted().filter(received_at__gte=start, received_at__lt=end)
    counts = case_counts()
    if connection.vendor == "postgresql":
        total, grouped = _every_grouping(received, counts)
    else:
        total = Figures(key=None, label="", **received.aggregate(**counts))
        total.median_resolution = _medians(received, None).get(None)
        grouped = {by: _grouped(received, by, counts) for by in GROUPS}
    _add_volunteering_and_mediation(grouped["studio"], total, cases, period)
    _add_chases(grouped["studio"], total, cases, period)
    return Report(
        by_studio=list(grouped["studio"].values()),
        by_category=list(grouped["category"].values()),
        by_unit=list(grouped["unit"].values()),
        by_community=list(grouped["community"].values()),
        by_estate=list(grouped["estate"].values()),
        total=total,
    )


def _every_grouping(received: QuerySet, counts: dict) -> tuple[Figures, dict]:
    """PostgreSQL: the total and every grouping of ``GROUPS`` in two passes over the period's cases (the
    counts, the medians, run at once on one snapshot), then each grouping's labels from its own small
    table; rows in key order."""
    keys = {by: GROUPS[by][0] for by in GROUPS}
    columns = list(keys.values())
    resolved = received.filter(resolved_at__isnull=False).values(*columns)
    counted, medians = at_once(
        lambda: grouping_sets(
            received.values(*columns).annotate(**counts), columns, FIGURES_SETTINGS
        ),
        lambda: grouping_sets(
            resolved.annotate(median=Median(F("resolved_at") - F("received_at"))),
            columns,
            MEDIANS_SETTINGS,
        ),
    )
    total = Figures(
        key=None, label="", **(_only_counts(counted[None][0], counts) if counted[None] else {})
    )
    total.median_resolution = medians[None][0]["median"] if medians[None] else None
    grouped = {}
    for by, key in keys.items():
        rows = sorted(counted[key], key=lambda row: (row[key] is None, row[key] or 0))
        labels = _labels(by, [row[key] for row in rows if row[key] is not None])
        median_of = {row[key]: row["median"] for row in medians[key]}
        grouped[by] = {
            row[key]: Figures(
                key=row[key],
                label=labels.get(row[key]) or str(GROUPS[by][2]),
                median_resolution=median_of.get(row[key]),
                **_only_counts(row, counts),
            )
            for row in rows
        }
    return total, grouped


def _labels(by: str, ids: list) -> dict:
    """The labels of a grouping's groups, as ``_grouped`` reads them through the case."""
    key, label_fields, _unlabelled = GROUPS[by]
    model = Case._meta.get_field(key.removesuffix("_id")).related_model
    paths = [label.split("__", 1)[1] for label in label_fields]
    return {
        pk: " · ".join(value for value in values if value)
        for pk, *values in model.objects.filter(pk__in=ids).values_list("pk", *paths)
    }


def counts_by(cases: QuerySet, key: str) -> dict:
    """Counts and rates (no medians) of ``cases`` per value of ``key``, in one query: {value: Figures}."""
    counts = case_counts()
    rows = cases.values(key).annotate(**counts).order_by(key)
    return {row[key]: Figures(key=row[key], label="", **_only_counts(row, counts)) for row in rows}


def totals(cases: QuerySet) -> Figures:
    """Counts and rates (no median) of all ``cases``, in one query."""
    return Figures(key=None, label="", **cases.aggregate(**case_counts()))


def _grouped(received: QuerySet, by: str, counts: dict) -> dict:
    key, label_fields, unlabelled = GROUPS[by]
    rows = {
        row[key]: Figures(
            key=row[key],
            label=" · ".join(row[f] for f in label_fields if row[f]) or str(unlabelled),
            **_only_counts(row, counts),
        )
        for row in received.values(key, *label_fields).annotate(**counts).order_by(key)
    }
    for group, median in _medians(received, key).items():
        if group in rows:
            rows[group].median_resolution = median
    return rows


def monthly_trend(cases: QuerySet, months: int = 12) -> list[tuple[datetime.date, int, int]]:
    """(month, received, resolved) for the last ``months`` months, oldest first, in one query: each month
    is a range of ``received_at`` counted on its own (UNION ALL), which the partial indexes
    ``cases_case_trend`` (every studio) and ``cases_case_studio_trend`` (a studio's) answer from
    the index alone. A million cases are read as index entries, not rows."""
    firsts = [Period.this_month()]
    for _month in range(months - 1):
        firsts.insert(0, firsts[0].previous_month())
    counted = cases.counted()
    per_month = [
        counted.filter(received_at__gte=month.bounds[0], received_at__lt=month.bounds[1])
        .values(month=Value(i))
        .annotate(received=Count("*"), resolved=Count("resolved_at"))
        .order_by()
        for i, month in enumerate(firsts)
    ]
    rows = {row["month"]: row for row in per_month[0].union(*per_month[1:], all=True)}
    return [
        (month.start, rows[i]["received"], rows[i]["resolved"])
        if i in rows
        else (month.start, 0, 0)
        for i, month in enumerate(firsts)
    ]


def _only_counts(row: dict, counts: dict) -> dict:
    return {name: row[name] for name in counts}


class Median(Aggregate):
    """PostgreSQL's median of an interval. Sorted as seconds (``float8``), which compare faster than
    intervals: 10 ms less for a month's 40,000 resolved cases at a million."""

    function = "PERCENTILE_CONT"
    template = (
        "MAKE_INTERVAL(secs => %(function)s(0.5) WITHIN GROUP "
        "(ORDER BY DATE_PART('epoch', %(expressions)s)))"
    )
    output_field = DurationField()


def _medians(received: QuerySet, key: str | None) -> dict:
    resolved = received.filter(resolved_at__isnull=False)
    duration = F("resolved_at") - F("received_at")
    if connection.vendor == "postgresql":
        if key is None:
            return {None: resolved.aggregate(median=Median(duration))["median"]}
        rows = resolved.values(key).annotate(median=Median(duration)).order_by(key)
        return {row[key]: row["median"] for row in rows}
    # SQLite (development) has no percentile function: the few rows are read and ordered here.
    spans = {}
    fields = ("received_at", "resolved_at") if key is None else (key, "received_at", "resolved_at")
    for values in resolved.values_list(*fields):
        group = None if key is None else values[0]
        spans.setdefault(group, []).append(values[-1] - values[-2])
    return {group: statistics.median_low(sorted(d)) for group, d in spans.items()}


def _add_volunteering_and_mediation(rows: dict, total: Figures, cases: QuerySet, period: Period):
    """Volunteer hours and mediation outcomes of the period, for each studio row and the total."""
    studio_ids = cases.values("studio_id")
    start, end = period.bounds
    hours = (
        ServiceRecord.objects.verified()
        .filter(
            started_at__gte=start,
            started_at__lt=end,
            activity__studio_id__in=studio_ids,
        )
        .values("activity__studio_id")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    for row in hours:
        value = in_hours(row["hours"])
        total.volunteer_hours += value
        if row["activity__studio_id"] in rows:
            rows[row["activity__studio_id"]].volunteer_hours = value
    concluded = (
        MediationFile.objects.filter(
            concluded_on__gte=period.start,
            concluded_on__lt=period.end,
            case__studio_id__in=studio_ids,
        )
        .values("case__studio_id")
        .annotate(
            concluded=Count("pk"), agreements=Count("pk", filter=Q(outcome=Outcome.AGREEMENT))
        )
        .order_by()
    )
    for row in concluded:
        total.mediations_concluded += row["concluded"]
        total.mediation_agreements += row["agreements"]
        if row["case__studio_id"] in rows:
            figures_row = rows[row["case__studio_id"]]
            figures_row.mediations_concluded = row["concluded"]
            figures_row.mediation_agreements = row["agreements"]


def public_summary(studio_id: int | None) -> dict:
    """This and last month's received and resolved counts and satisfaction rate for one studio (or, with
    ``None``, every case of the sub-district): aggregates only, for public pages (two months in one query)."""
    this = Period.this_month()
    last = this.previous_month()
    start = last.bounds[0]
    split = this.bounds[0]
    cases = Case.objects.all() if studio_id is None else Case.objects.filter(studio_id=studio_id)
    counts = (
        cases.counted()
        .filter(received_at__gte=start)
        .aggregate(
            **{
                f"{name}_{when}": Count("pk", filter=condition & period_filter)
                for when, period_filter in (
                    ("last", Q(received_at__lt=split)),
                    ("this", Q(received_at__gte=split)),
                )
                for name, condition in (
                    ("received", Q()),
                    ("resolved", Q(resolved_at__isnull=False)),
                    ("followed_up", ~Q(satisfaction="")),
                    ("satisfied", Q(satisfaction__in=_SATISFIED)),
                )
            }
        )
    )
    return {
        when: {
            "period": period,
            "received": counts[f"received_{when}"],
            "resolved": counts[f"resolved_{when}"],
            "satisfaction_rate": _rate(counts[f"satisfied_{when}"], counts[f"followed_up_{when}"]),
        }
        for when, period in (("this", this), ("last", last))
    }


def _add_chases(rows: dict, total: Figures, cases: QuerySet, period: Period) -> None:
    """Chasers (催办) made in the period on each studio's cases, and how many cases they were on."""
    start, end = period.bounds
    chased = (
        Chase.objects.filter(created_at__gte=start, created_at__lt=end, case__in=cases)
        .values("case__studio_id")
        .annotate(chases=Count("pk"), cases=Count("case", distinct=True))
        .order_by()
    )
    for row in chased:
        total.chases += row["chases"]
        total.chased_cases += row["cases"]
        if row["case__studio_id"] in rows:
            rows[row["case__studio_id"]].chases = row["chases"]
            rows[row["case__studio_id"]].chased_cases = row["cases"]
