"""The ledger's figures per studio and per community: projects running, indicators on or behind target,
spending against budget, referrals and their outcomes. Arithmetic over ``progress`` (a fixed number of
queries for any number of projects); shown on the figures page (``views.figures``)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from cms.projects import progress
from cms.projects.models import Project, ProjectState, Referral, ReferralState


@dataclass
class Row:
    label: str
    projects: int = 0
    running: int = 0
    on_target: int = 0
    behind: int = 0
    budget: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)
    referrals: int = 0
    referrals_done: int = 0
    outcomes: dict = field(default_factory=lambda: defaultdict(int))

    @property
    def spent_percent(self) -> int | None:
        return int(self.spent * 100 / self.budget) if self.budget else None


def rows(projects) -> tuple[list[Row], list[Row], Row]:
    """Rows by studio, rows by community, and the total, over ``projects`` (a queryset)."""
    projects = list(projects.select_related("studio", "community"))
    indicators = progress.indicators_of(projects)
    budgets = progress.budgets_of(projects)
    referrals = defaultdict(lambda: defaultdict(int))
    for row in (
        Referral.objects.filter(project__in=projects)
        .order_by()
        .values("project_id", "state", "outcome")
        .annotate(n=Count("pk"))
    ):
        referrals[row["project_id"]][(row["state"], row["outcome"])] += row["n"]
    by_studio, by_community = {}, {}
    total = Row(_("合计"))
    for project in projects:
        community = project.community.name if project.community else _("全街道")
        targets = [
            by_studio.setdefault(project.studio_id, Row(project.studio.name)),
            by_community.setdefault(community, Row(community)),
            total,
        ]
        for row in targets:
            _add(row, project, indicators[project.pk], budgets[project.pk], referrals[project.pk])
    return (
        list(by_studio.values()),
        sorted(by_community.values(), key=lambda r: r.label),
        total,
    )


def _add(row: Row, project: Project, indicators, budget, referrals) -> None:
    row.projects += 1
    row.running += project.state == ProjectState.RUNNING
    for item in indicators:
        if item.behind:
            row.behind += 1
        else:
            row.on_target += 1
    row.budget += budget.budget
    row.spent += budget.spent
    for (state, outcome), n in referrals.items():
        row.referrals += n
        if state == ReferralState.DONE:
            row.referrals_done += n
            row.outcomes[outcome] += n
