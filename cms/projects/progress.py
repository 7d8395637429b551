"""Progress of a project, computed from what was reported (never typed): per indicator and period, the
target, what was done (outputs plus completed referrals where the indicator counts them), and whether the
project is on target; spending against budget; milestones reached and overdue.

An indicator is *behind* when what was done so far is less than the targets of the periods already ended
(the current period is not yet owed); a period's target is the indicator's, or the one set for that period. Read by the project's page, its print page and the figures
(``figures.py``) with a fixed number of queries whatever the number of projects.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from cms.projects import periods
from cms.projects.models import (
    Expense,
    Indicator,
    Output,
    PeriodTarget,
    Project,
    Referral,
    ReferralState,
)

ZERO = Decimal(0)


@dataclass
class PeriodRow:
    start: datetime.date
    label: str
    target: Decimal
    done: Decimal
    ended: bool
    adjusted: bool = False  # a target set for this period, not the indicator's usual one

    @property
    def met(self) -> bool:
        return self.done >= self.target


@dataclass
class IndicatorProgress:
    indicator: Indicator
    rows: list[PeriodRow] = field(default_factory=list)

    @property
    def done(self) -> Decimal:
        return sum((row.done for row in self.rows), ZERO)

    @property
    def total_target(self) -> Decimal:
        return sum((row.target for row in self.rows), ZERO)

    @property
    def owed(self) -> Decimal:
        """What should have been done by now: the targets of the periods already ended."""
        return sum((row.target for row in self.rows if row.ended), ZERO)

    @property
    def behind(self) -> bool:
        return self.done < self.owed

    @property
    def percent(self) -> int:
        if not self.total_target:
            return 100
        return min(int(self.done * 100 / self.total_target), 999)


@dataclass
class Budget:
    budget: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    @property
    def percent(self) -> int | None:
        return int(self.spent * 100 / self.budget) if self.budget else None


def indicators_of(projects: list[Project], today: datetime.date | None = None) -> dict[int, list]:
    """Each project's ``IndicatorProgress`` list (by project id): four queries for any number."""
    today = today or timezone.localdate()
    by_id = {p.pk: p for p in projects}
    indicators = list(Indicator.objects.filter(project_id__in=by_id))
    sums = defaultdict(dict)
    for row in (
        Output.objects.filter(indicator__project_id__in=by_id)
        .order_by()
        .values("indicator_id", "period_start")
        .annotate(n=Sum("quantity"))
    ):
        sums[row["indicator_id"]][row["period_start"]] = row["n"]
    targets = defaultdict(dict)
    for indicator_id, start, target in PeriodTarget.objects.filter(
        indicator__project_id__in=by_id
    ).values_list("indicator_id", "period_start", "target"):
        targets[indicator_id][start] = target
    referrals = defaultdict(list)
    counting = {i.project_id for i in indicators if i.counts_referrals}
    if counting:
        for project_id, done_on in Referral.objects.filter(
            project_id__in=counting, state=ReferralState.DONE
        ).values_list("project_id", "done_on"):
            referrals[project_id].append(done_on)
    result = {pk: [] for pk in by_id}
    for indicator in indicators:
        project = by_id[indicator.project_id]
        result[project.pk].append(
            _progress(
                project,
                indicator,
                sums[indicator.pk],
                targets[indicator.pk],
                referrals[project.pk],
                today,
            )
        )
    return result


def _progress(project, indicator, sums, targets, referral_dates, today) -> IndicatorProgress:
    kind = indicator.period
    done_by_period = defaultdict(lambda: ZERO, sums)
    if indicator.counts_referrals:
        for day in referral_dates:
            done_by_period[periods.start_of(day, kind)] += 1
    progress = IndicatorProgress(indicator)
    for start in periods.spanned(project.starts_on, project.ends_on, kind):
        progress.rows.append(
            PeriodRow(
                start=start,
                label=periods.label(start, kind),
                target=targets.get(start, indicator.target),
                adjusted=start in targets,
                done=done_by_period[start],
                ended=periods.end_of(start, kind) < today,
            )
        )
    return progress


def budgets_of(projects: list[Project]) -> dict[int, Budget]:
    spent = dict(
        Expense.objects.filter(project__in=projects)
        .order_by()
        .values("project_id")
        .annotate(n=Sum("amount"))
        .values_list("project_id", "n")
    )
    return {p.pk: Budget(budget=p.budget, spent=spent.get(p.pk) or ZERO) for p in projects}
