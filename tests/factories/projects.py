"""Projects built through the real services (history as in production); shared by the ledger's tests."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.committee.models import Kind, Resource
from cms.core import history
from cms.projects import periods, services
from cms.projects.models import Project, ProjectKind, ProjectState
from cms.studios.models import Studio

QUARTER = periods.PeriodKind.QUARTER


def user(username: str):
    return get_user_model().objects.get(username=username)


def quarters_ago(n: int, today: datetime.date | None = None) -> datetime.date:
    start = periods.start_of(today or timezone.localdate(), QUARTER)
    for _ in range(n):
        start = periods.start_of(start - datetime.timedelta(days=1), QUARTER)
    return start


def provider(name: str = "示例社会工作服务中心") -> Resource:
    found = Resource.objects.filter(kind=Kind.ORGANISATION, name=name).first()
    if found is None:
        found = Resource(kind=Kind.ORGANISATION, category="social_org", name=name)
        history.save(found, user("office"), "资源入库")
    return found


def social_work_project(name: str = "长者关爱社工服务项目", **fields) -> Project:
    """A running studio 03 project from two quarters ago to the end of the next quarter."""
    values = {
        "studio": Studio.objects.get(code="03"),
        "kind": ProjectKind.SOCIAL_WORK,
        "name": name,
        "state": ProjectState.RUNNING,
        "provider": provider(),
        "budget": Decimal("400000"),
        "starts_on": quarters_ago(2),
        "ends_on": periods.end_of(
            periods.next_start(periods.start_of(timezone.localdate(), QUARTER), QUARTER), QUARTER
        ),
        "target_groups": "独居、空巢长者",
    }
    values.update(fields)
    project = Project(**values)
    project.full_clean()
    history.save(project, user("worker03"), "项目立项")
    return project


def village_matter(name: str = "石肯村村规民约修订", **fields) -> Project:
    values = {
        "studio": Studio.objects.get(code="01"),
        "kind": ProjectKind.VILLAGE_MATTER,
        "name": name,
        "state": ProjectState.RUNNING,
        "provider_name": "石肯村村民委员会",
        "starts_on": quarters_ago(1),
        "ends_on": quarters_ago(-3),
    }
    values.update(fields)
    project = Project(**values)
    project.full_clean()
    history.save(project, user("worker01"), "事项立项")
    return project


def indicator(project: Project, **fields):
    values = {"name": "探访独居长者", "unit": "人次", "target": Decimal(300), "period": QUARTER}
    values.update(fields)
    return services.add_indicator(project, user("worker03"), **values)
