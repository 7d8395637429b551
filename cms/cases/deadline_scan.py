"""预警: the scheduled scan that warns before a case's handling deadline and again when it has passed.

Run every 15 minutes by the scheduler (registered in ``CasesConfig.ready``). How early each priority is
warned is ``WarningRule`` (working hours, from the working-day calendar). Each warning is a
``DeadlineWarning`` row, unique per case, kind and deadline, so a warning goes out once however often
the scan runs and however many workers run it; an extension (a new deadline) may warn again.
Recipients: the assignee (the studio's leads while nobody is assigned); an overdue case also its leads.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from cms.cases import cached_tables, calendar
from cms.cases.models import OPEN_STATUSES, Case, DeadlineWarning, Priority, WarningRule
from cms.cases.notices import CASE_LINK, studio_leads
from cms.notifications.outbox import notify_many, staff_drafts
from cms.notifications.templates import Template, register

BATCH = 500
DEFAULT_HOURS = {Priority.NORMAL: 8, Priority.URGENT: 4, Priority.EMERGENCY: 2}
Kind = DeadlineWarning.Kind

register(
    Template(
        "case-due-soon", _l("预警：诉求 {reference} 将于 {due} 到期，请抓紧办理。"), **CASE_LINK
    ),
    Template(
        "case-overdue",
        _l("超期：诉求 {reference} 已超过办理时限（{due}），请尽快办结。"),
        **CASE_LINK,
    ),
)


def unwarned(now) -> dict[str, QuerySet]:
    """The open cases owed a warning of each kind now (none given yet for their current deadline)."""
    overrides = cached_tables.calendar_days()
    hours = {**DEFAULT_HOURS, **dict(WarningRule.objects.values_list("priority", "hours"))}
    within = Q()
    for priority, n in hours.items():
        bound = calendar.working_hours_bound(now, n, overrides)
        within |= Q(priority=priority, handling_due__lt=bound)
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES).order_by()
    return {
        Kind.OVERDUE: open_cases.filter(handling_due__lt=now).exclude(_warned(Kind.OVERDUE)),
        Kind.DUE_SOON: open_cases.filter(within, handling_due__gte=now).exclude(
            _warned(Kind.DUE_SOON)
        ),
    }


def scan(now=None) -> dict[str, int]:
    """Gives the warnings due now; returns how many of each kind.

    A backlog (the first scan, a scan after downtime) is written in bulk: per batch of cases one INSERT
    of their warnings, one of their messages and one delivery task per hundred messages, so 2,000
    warnings cost a few statements instead of a few thousand. Each batch is one commit; a crash loses at
    most one batch, which the next scan redoes (its warnings were not written either).
    """
    fields = ("pk", "reference", "studio_id", "assignee_id", "handling_due")
    counts = {Kind.OVERDUE: 0, Kind.DUE_SOON: 0}
    leads_by_studio: dict[int, list] = {}
    for kind, cases in unwarned(now or timezone.now()).items():
        rows = list(cases.values(*fields))
        assignees = get_user_model().objects.in_bulk({r["assignee_id"] for r in rows} - {None})
        for studio_id in {r["studio_id"] for r in rows} - set(leads_by_studio):
            leads_by_studio[studio_id] = list(studio_leads(studio_id)) if studio_id else []
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            with transaction.atomic():
                DeadlineWarning.objects.bulk_create(
                    [
                        DeadlineWarning(case_id=r["pk"], kind=kind, due=r["handling_due"])
                        for r in batch
                    ],
                    # Another scan warned some of these a moment ago: their messages' keys exist too.
                    ignore_conflicts=True,
                )
                drafts = []
                for row in batch:
                    drafts += _drafts(kind, row, assignees, leads_by_studio)
                notify_many(drafts)
            counts[kind] += len(batch)
    return {str(kind): n for kind, n in counts.items()}


def _warned(kind: str):
    return Exists(
        DeadlineWarning.objects.filter(case=OuterRef("pk"), kind=kind, due=OuterRef("handling_due"))
    )


def _drafts(kind: str, row: dict, assignees: dict, leads_by_studio: dict[int, list]) -> list:
    """The messages of one warning: to the assignee (the leads while nobody is assigned), and to the
    leads as well when the case is overdue."""
    people = {user.pk: user for user in leads_by_studio[row["studio_id"]]}
    if row["assignee_id"]:
        assignee = {row["assignee_id"]: assignees[row["assignee_id"]]}
        people = {**people, **assignee} if kind == Kind.OVERDUE else assignee
    due = timezone.localtime(row["handling_due"])
    context = {"reference": row["reference"], "case_id": row["pk"], "due": f"{due:%m-%d %H:%M}"}
    stamp = f"{due:%Y%m%d%H%M}"
    drafts = []
    for user in people.values():
        drafts += staff_drafts(
            user,
            template=f"case-{kind.replace('_', '-')}",
            key=f"case:{row['pk']}:{kind}:{stamp}:u{user.pk}",
            context=context,
        )
    return drafts
