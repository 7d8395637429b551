"""Progress is computed from what was reported, never typed: outputs per period against each indicator's
target, completed referrals where the indicator counts them; milestones past their date are overdue;
spending adds up against the budget."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cms.projects import figures, progress, services
from cms.projects.models import Milestone, Project
from tests.factories import projects as f

pytestmark = pytest.mark.django_db


def test_progress_of_a_hand_made_project_comes_from_its_outputs():
    project = f.social_work_project()
    visits = f.indicator(project, target=Decimal(300))
    worker = f.user("worker03")
    first, second, current = f.quarters_ago(2), f.quarters_ago(1), f.quarters_ago(0)
    services.report_output(visits, worker, day=first, quantity=Decimal(180), note="首批探访")
    services.report_output(
        visits, worker, day=first + datetime.timedelta(days=40), quantity=Decimal(140)
    )
    services.report_output(visits, worker, day=second, quantity=Decimal(250))
    services.report_output(visits, worker, day=current, quantity=Decimal(90))

    [item] = progress.indicators_of([project])[project.pk]
    by_period = {row.start: row for row in item.rows}
    assert len(item.rows) == 4  # two ended quarters, this one and the next
    assert by_period[first].done == 320 and by_period[first].met and by_period[first].ended
    assert by_period[second].done == 250 and not by_period[second].met
    assert by_period[current].done == 90 and not by_period[current].ended
    assert item.done == 660 and item.owed == 600 and item.total_target == 1200
    assert not item.behind  # 660 done against 600 owed by the two ended quarters
    assert item.percent == 55

    services.report_output(visits, worker, day=current, quantity=Decimal(0))
    project.refresh_from_db()
    lagging = f.indicator(project, name="长者个案服务", unit="个", target=Decimal(15))
    services.report_output(lagging, worker, day=first, quantity=Decimal(10))
    items = progress.indicators_of([project])[project.pk]
    assert [i.behind for i in items] == [False, True]


def test_an_output_cannot_be_reported_for_a_future_period_or_outside_the_project():
    project = f.social_work_project()
    visits = f.indicator(project)
    worker = f.user("worker03")
    with pytest.raises(services.ProjectRuleError):
        services.report_output(
            visits, worker, day=timezone.localdate() + datetime.timedelta(days=120), quantity=1
        )
    with pytest.raises(services.ProjectRuleError):
        services.report_output(visits, worker, day=f.quarters_ago(4), quantity=1)


def test_a_milestone_past_its_date_and_not_reached_is_overdue():
    project = f.social_work_project()
    worker = f.user("worker03")
    today = timezone.localdate()
    late = services.add_milestone(
        project, worker, title="中期评估", due_on=today - datetime.timedelta(days=3)
    )
    done = services.add_milestone(
        project, worker, title="项目启动会", due_on=today - datetime.timedelta(days=60)
    )
    services.reach_milestone(done, worker, reached_on=done.due_on)
    ahead = services.add_milestone(
        project, worker, title="末期评估", due_on=today + datetime.timedelta(days=30)
    )

    assert list(Milestone.objects.overdue()) == [late]
    assert late.is_overdue and not ahead.is_overdue
    annotated = Project.objects.with_overdue_count().get(pk=project.pk)
    assert annotated.overdue_milestones == 1
    assert list(Project.objects.with_overdue_milestones()) == [project]
    services.reach_milestone(late, worker, reached_on=today)
    assert not Project.objects.with_overdue_milestones().exists()
    with pytest.raises(services.ProjectRuleError):
        services.reach_milestone(ahead, worker, reached_on=today + datetime.timedelta(days=1))


def test_spending_adds_up_against_the_budget_per_project_and_in_the_figures():
    worker = f.user("worker03")
    elderly = f.social_work_project(budget=Decimal("400000.00"))
    youth = f.social_work_project(name="青少年成长陪伴项目", budget=Decimal("260000.00"))
    day = f.quarters_ago(1)
    services.record_expense(
        elderly, worker, spent_on=day, amount=Decimal("100000.50"), note="第一期"
    )
    services.record_expense(
        elderly, worker, spent_on=day, amount=Decimal("20000.25"), note="第二期"
    )
    services.record_expense(youth, worker, spent_on=day, amount=Decimal("65000"), note="第一期")

    budgets = progress.budgets_of([elderly, youth])
    assert budgets[elderly.pk].spent == Decimal("120000.75")
    assert budgets[elderly.pk].remaining == Decimal("279999.25")
    assert budgets[elderly.pk].percent == 30
    assert budgets[youth.pk].percent == 25
    [studio], _communities, total = figures.rows(Project.objects.filter(studio__code="03"))
    assert studio.budget == total.budget == Decimal("660000.00")
    assert studio.spent == Decimal("185000.75") and total.spent_percent == 28
    assert studio.projects == studio.running == 2


def test_a_target_set_for_one_period_is_owed_instead_of_the_usual_one(client):
    from django.urls import reverse

    from cms.projects.services import ProjectRuleError
    from tests.conftest import login

    project = f.social_work_project()
    visits = f.indicator(project, target=Decimal(300))
    worker = f.user("worker03")
    first, second = f.quarters_ago(2), f.quarters_ago(1)
    services.report_output(visits, worker, day=first, quantity=Decimal(100))
    services.report_output(visits, worker, day=second, quantity=Decimal(300))
    [item] = progress.indicators_of([project])[project.pk]
    assert item.owed == 600 and item.behind

    login(client, "worker03")
    response = client.post(
        reverse("projects_set_target", args=(project.pk,)),
        {"indicator": visits.pk, "day": first, "target": "100", "note": "首季度为筹备期"},
    )
    assert response.status_code == 302
    [item] = progress.indicators_of([project])[project.pk]
    first_row = next(row for row in item.rows if row.start == item.rows[0].start)
    assert first_row.target == 100 and first_row.adjusted and first_row.met
    assert item.owed == 400 and not item.behind
    assert item.total_target == 100 + 300 * (len(item.rows) - 1)
    # Set again for the same period: replaced, not added; the history says who and why, each time.
    services.set_period_target(visits, worker, day=first, target=Decimal(120), note="复核后调整")
    assert visits.period_targets.get().target == 120
    reasons = list(
        visits.period_targets.get().history.values_list("history_change_reason", flat=True)
    )
    assert reasons == ["调整周期目标：复核后调整", "调整周期目标：首季度为筹备期"]
    page = client.get(
        reverse("projects_project_modeladmin_inspect", args=(project.pk,))
    ).content.decode()
    assert "已调整" in page and "调整周期目标：首季度为筹备期" in page

    with pytest.raises(ProjectRuleError):
        services.set_period_target(
            visits, worker, day=project.ends_on + datetime.timedelta(days=400), target=1, note="x"
        )
    with pytest.raises(ProjectRuleError):
        services.set_period_target(visits, worker, day=first, target=1, note=" ")
    login(client, "worker02")
    refused = client.post(
        reverse("projects_set_target", args=(project.pk,)),
        {"indicator": visits.pk, "day": first, "target": "0", "note": "x"},
    )
    assert refused.status_code in (403, 404)
    assert visits.period_targets.get().target == 120
