"""A resident who asks for mediation on the public form (category 纠纷调解) follows one reference: the mediation
file opened from their issue continues that case, and their retrieval code keeps working."""

import pytest
from django.urls import reverse

from cms.cases import services as case_services
from cms.cases.models import Case, CaseCategory, Kind, Status
from cms.mediation import services
from cms.mediation.models import MediationFile
from cms.studios.models import Studio
from tests.conftest import login
from tests.factories import mediation as m
from tests.factories.cases import user

pytestmark = pytest.mark.django_db


def mediation_request() -> tuple[Case, str]:
    """What the public form makes when a resident picks 纠纷调解 (``submit_online``, as the form does)."""
    category, _ = CaseCategory.objects.get_or_create(
        studio=Studio.objects.get(code="06"),
        name=services.MEDIATION_CATEGORY,
        defaults={"deadline_days": services.MEDIATION_CATEGORY_DAYS},
    )
    return case_services.submit_online(
        category=category,
        location_text="示例雅苑",
        reporter_name="周小青",
        reporter_phone="13900002222",
        title="楼上漏水，希望调解",
        description="楼上卫生间漏水到我家天花板，协商不成，申请调解。",
    )


def register_data(case: Case, worker, **overrides) -> dict:
    data = {
        "reference": case.reference,
        "studio": case.studio_id,
        "source": "application",
        "registered_on": "2026-11-20",
        "dispute_type": "neighbours",
        "location_text": "示例雅苑",
        "title": "示例雅苑楼上漏水纠纷",
        "description": "楼上卫生间漏水，双方就维修和赔偿协商不成。",
        "assignee": worker.pk,
        "applicant-kind": "resident",
        "applicant-name": "周小青",
        "applicant-phone": "13900002222",
        "respondent-kind": "resident",
        "respondent-name": "吴志明",
    }
    data.update(overrides)
    return data


def test_opening_the_file_from_the_residents_issue_keeps_one_reference(client):
    case, code = mediation_request()
    cases_before = Case.objects.count()
    worker = login(client, "worker06")
    page = client.get(reverse("cases_case_modeladmin_inspect", args=(case.pk,))).content.decode()
    start = f"{reverse('mediation_mediationfile_modeladmin_create')}?case={case.pk}"
    assert start in page and "开启调解卷宗" in page
    form = client.get(start).content.decode()
    assert case.reference in form and "周小青" in form and "楼上卫生间漏水" in form
    response = client.post(start, register_data(case, worker), follow=True)
    html = response.content.decode()
    assert "沿用诉求编号" in html and "查询码" in html  # the resident keeps the code they have
    file = MediationFile.objects.get()
    assert file.case_id == case.pk and Case.objects.count() == cases_before
    case.refresh_from_db()
    assert case.kind == Kind.MEDIATION and case.status == Status.IN_PROGRESS
    assert case.assignee == worker
    assert case.retrieval_code_hash == case_services.hash_retrieval_code(code)
    reasons = list(case.history.values_list("history_change_reason", flat=True))
    assert "转为纠纷调解，开启调解卷宗（沿用诉求编号）" in reasons
    assert file.number is not None and file.parties.count() == 2
    # The case page now leads to the file, and no longer offers to open another.
    page = client.get(reverse("cases_case_modeladmin_inspect", args=(case.pk,))).content.decode()
    assert "打开调解卷宗" in page and start not in page


def test_a_second_file_for_the_same_reference_is_refused(client):
    case, _code = mediation_request()
    worker = login(client, "worker06")
    url = reverse("mediation_mediationfile_modeladmin_create")
    client.post(url, register_data(case, worker))
    response = client.post(url, register_data(case, worker, title="再登记一次"))
    assert "已有调解卷宗" in response.content.decode()
    assert MediationFile.objects.filter(case=case).count() == 1


def test_another_studios_issue_cannot_be_continued():
    case, _code = mediation_request()
    worker = user("worker02")
    with pytest.raises(services.MediationRuleError):
        services.register(
            user("office"),
            studio=Studio.objects.get(code="02"),
            title="x",
            description="x",
            estate=None,
            location_text="示例雅苑",
            source="application",
            dispute_type="neighbours",
            registered_on=case.received_at.date(),
            applicant=m.applicant(),
            respondent=m.respondent(),
            assignee=worker,
            case=case,
        )
    assert not MediationFile.objects.filter(case=case).exists()
