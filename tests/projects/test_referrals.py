"""A case worker of studio 02 refers a resident's case to a studio 03 social-work project: each side sees
it as far as its roles allow; the project's answer shows on the case's timeline and counts in its outputs."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cms.cases.models import Status
from cms.core.models import PersonalDataAccess
from cms.projects import progress, services
from cms.projects.models import Referral, ReferralOutcome, ReferralState
from tests.conftest import login
from tests.factories import cases as case_factory
from tests.factories import projects as f

pytestmark = pytest.mark.django_db
DENIED = (302, 403, 404)


def project_url(project) -> str:
    return reverse("projects_project_modeladmin_inspect", args=(project.pk,))


def case_url(case) -> str:
    return reverse("cases_case_modeladmin_inspect", args=(case.pk,))


@pytest.fixture
def referred(client):
    """A studio 02 case referred by worker02 through the case page's form."""
    project = f.social_work_project()
    f.indicator(project, name="长者个案服务", unit="个", target=Decimal(2), counts_referrals=True)
    case = case_factory.case_in(
        Status.IN_PROGRESS, "02", reporter_name="黄秀英", reporter_phone="13912345678"
    )
    login(client, "worker02")
    page = client.get(case_url(case)).content.decode()
    assert "转介至社工服务项目" in page and project.name in page
    client.post(
        reverse("projects_refer", args=(case.pk,)),
        {"project": project.pk, "reason": "独居长者，需要上门探访"},
    )
    return project, case, Referral.objects.get(case=case)


def test_the_case_side_sees_the_referral_and_the_project_answer_in_the_timeline(client, referred):
    project, case, referral = referred
    assert referral.referred_by.username == "worker02" and referral.state == ReferralState.REFERRED
    worker03 = f.user("worker03")
    services.accept_referral(referral, worker03)
    services.complete_referral(
        referral,
        worker03,
        action="社工上门探访，链接送餐服务",
        outcome=ReferralOutcome.RESOLVED,
        done_on=timezone.localdate(),
    )
    login(client, "worker02")
    page = client.get(case_url(case)).content.decode()
    timeline = page[page.index("办理记录与修改历史") :]
    assert "转介至社工服务项目“长者关爱社工服务项目”" in timeline
    assert "服务完成（需求已解决）：社工上门探访，链接送餐服务" in timeline
    section = page[page.index("转介社工服务项目") :]
    assert "服务完成：需求已解决" in section
    # The studio 02 worker reads the answer on the case, not the project's ledger.
    assert client.get(project_url(project)).status_code in DENIED


def test_the_project_side_sees_the_resident_only_as_its_roles_allow(client, referred):
    project, case, _referral = referred
    login(client, "worker03")
    page = client.get(project_url(project)).content.decode()
    assert case.reference in page and "黄秀英" in page and "13912345678" in page
    assert PersonalDataAccess.objects.filter(user__username="worker03").count() == 1
    assert client.get(case_url(case)).status_code in DENIED  # the case itself stays studio 02's

    login(client, "office")
    page = client.get(project_url(project)).content.decode()
    assert "黄**" in page and "139****5678" in page and "13912345678" not in page
    assert not PersonalDataAccess.objects.filter(user__username="office").exists()

    for outsider in ("worker06", "editor03"):
        login(client, outsider)
        assert client.get(project_url(project)).status_code in DENIED
        assert "转介社工服务项目" not in client.get(case_url(case)).content.decode()


def test_only_the_cases_own_studio_refers_it_and_only_to_a_running_project(client):
    project = f.social_work_project()
    finished = f.social_work_project(name="已结项的项目", state="finished")
    case = case_factory.case_in(Status.IN_PROGRESS, "02")
    with pytest.raises(PermissionDenied):
        services.refer_case(case, f.user("worker03"), project=project, reason="需要探访")
    with pytest.raises(services.ProjectRuleError):
        services.refer_case(case, f.user("worker02"), project=finished, reason="需要探访")
    services.refer_case(case, f.user("worker02"), project=project, reason="需要探访")
    with pytest.raises(services.ProjectRuleError):
        services.refer_case(case, f.user("worker02"), project=project, reason="再次转介")
    referral = Referral.objects.get(case=case)
    with pytest.raises(PermissionDenied):
        services.accept_referral(referral, f.user("worker02"))  # the project answers, not the case


def test_a_completed_referral_counts_in_the_projects_outputs(referred):
    project, _case, referral = referred
    worker03 = f.user("worker03")
    [item] = progress.indicators_of([project])[project.pk]
    assert item.done == 0
    services.accept_referral(referral, worker03)
    assert progress.indicators_of([project])[project.pk][0].done == 0  # accepted is not done
    services.complete_referral(
        referral,
        worker03,
        action="上门探访",
        outcome=ReferralOutcome.ONGOING,
        done_on=timezone.localdate(),
    )
    [item] = progress.indicators_of([project])[project.pk]
    assert item.done == 1
    current = next(row for row in item.rows if row.start == f.quarters_ago(0))
    assert current.done == 1
