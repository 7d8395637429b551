"""The morning digest (每日待办摘要) for studio leads and the committee office: new, due today, overdue
and dissatisfied cases, by studio. Sent daily at 07:30 by the scheduler (``CasesConfig.ready``) as a
notice and an e-mail; one per person per day (the key carries the date)."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from cms.cases.models import OPEN_STATUSES, Case, Satisfaction
from cms.cases.models.case import overdue_condition
from cms.cases.notices import committee_office, studio_leads
from cms.notifications.outbox import notify_staff
from cms.studios.models import Studio


def counts_by_studio(now: datetime.datetime) -> dict[int, dict[str, int]]:
    today = timezone.localdate(now)
    end_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time.max))
    open_cases = Q(status__in=OPEN_STATUSES)
    rows = (
        Case.objects.filter(studio__isnull=False)
        .values("studio_id")
        .annotate(
            new=Count("pk", filter=Q(received_at__gte=now - datetime.timedelta(days=1))),
            due_today=Count(
                "pk", filter=open_cases & Q(handling_due__gte=now, handling_due__lte=end_of_today)
            ),
            overdue=Count("pk", filter=overdue_condition(now)),
            dissatisfied=Count("pk", filter=open_cases & Q(satisfaction=Satisfaction.DISSATISFIED)),
        )
        .order_by()
    )
    return {row.pop("studio_id"): row for row in rows}


def line(studio: Studio, counts: dict[str, int]) -> str:
    return (
        f"{studio.code} {studio.short_name}：新受理 {counts['new']}，今日到期 {counts['due_today']}，"
        f"超期 {counts['overdue']}，回访不满意 {counts['dissatisfied']}"
    )


def send(now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    date = timezone.localdate(now).isoformat()
    counts = counts_by_studio(now)
    empty = {"new": 0, "due_today": 0, "overdue": 0, "dissatisfied": 0}
    lines = {s.pk: line(s, counts.get(s.pk, empty)) for s in Studio.objects.order_by("code")}
    recipients: dict[int, tuple] = {}
    for studio_id in lines:
        for user in studio_leads(studio_id):
            recipients.setdefault(user.pk, (user, []))[1].append(lines[studio_id])
    for user in committee_office():
        recipients[user.pk] = (user, list(lines.values()))
    for user, user_lines in recipients.values():
        notify_staff(
            user,
            template="digest",
            key=f"digest:{date}:u{user.pk}",
            context={"date": date, "summary": "；".join(user_lines)},
        )
    return f"{len(recipients)} recipients"
