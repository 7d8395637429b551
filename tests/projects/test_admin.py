"""The ledger's admin as the studios use it: each studio reaches its own projects only, the project page
shows computed progress and overdue milestones, evidence files are checked and private, every change has
its history, the print and figures pages stay within a fixed number of queries, evaluations by the engine
leave their result on the project, and studio 01's page shows public progress and nothing else."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cms.evaluations import services as evaluation_services
from cms.evaluations.models import Criterion, Scheme, Source, SubjectKind
from cms.projects import services
from cms.projects.models import EvaluationStage, Evidence, Project
from cms.studios.models import StudioPage
from tests.conftest import login
from tests.factories import projects as f

pytestmark = pytest.mark.django_db
DENIED = (302, 403, 404)
LIST = "/admin/projects/project/"


def url(project, action="inspect") -> str:
    return reverse(f"projects_project_modeladmin_{action}", args=(project.pk,))


def jpeg(name="签到表.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def project():
    made = f.social_work_project()
    visits = f.indicator(made)
    services.report_output(visits, f.user("worker03"), day=f.quarters_ago(1), quantity=Decimal(120))
    services.add_milestone(
        made,
        f.user("worker03"),
        title="中期评估",
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    return made


def test_a_studio_01_worker_cannot_reach_studio_03s_projects(client, project):
    login(client, "worker01")
    assert project.name not in client.get(LIST).content.decode()
    for action in ("inspect", "edit"):
        assert client.get(url(project, action)).status_code in DENIED
    for name in ("projects_print", "projects_add_milestone", "projects_record_expense"):
        assert client.get(reverse(name, args=(project.pk,))).status_code in (*DENIED, 405)
        assert client.post(reverse(name, args=(project.pk,)), {}).status_code in DENIED
    login(client, "editor03")  # editors publish pages; they keep no ledger
    assert client.get(LIST).status_code in DENIED


def test_the_project_page_shows_progress_and_the_overdue_milestone(client, project):
    login(client, "worker03")
    listing = client.get(LIST + "?overdue=yes").content.decode()
    assert project.name in listing
    page = client.get(url(project)).content.decode()
    assert (
        "探访独居长者" in page and "落后于目标" in page
    )  # 120 done, 300 owed by the ended quarter
    milestones = page[page.index("项目节点") :]
    assert "中期评估" in milestones and "已超期" in milestones


def test_an_output_with_a_checked_evidence_file_that_only_the_project_staff_download(
    client, project
):
    login(client, "worker03")
    indicator = project.indicators.get()
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.report_output(
            indicator, f.user("worker03"), day=f.quarters_ago(0), quantity=1, files=[fake]
        )
    client.post(
        reverse("projects_report_output", args=(project.pk,)),
        {"indicator": indicator.pk, "day": f.quarters_ago(0), "quantity": "30", "evidence": jpeg()},
    )
    evidence = Evidence.objects.get()
    assert evidence.content_type == "image/jpeg" and evidence.original_name == "签到表.jpg"
    download = reverse("projects_evidence", args=(project.pk, evidence.pk))
    response = client.get(download)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    login(client, "worker02")
    assert client.get(download).status_code == 404


def test_every_change_is_in_the_history_with_who_and_why(client, project):
    login(client, "lead03")
    form = client.get(url(project, "edit"))
    assert form.status_code == 200
    data = {
        "studio": project.studio_id,
        "kind": project.kind,
        "state": "suspended",
        "name": project.name,
        "provider": project.provider_id,
        "budget": "380000",
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "target_groups": project.target_groups,
    }
    response = client.post(url(project, "edit"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    latest = project.history.first()
    assert latest.history_type == "~" and latest.history_user.username == "lead03"
    assert {c.field for c in latest.diff_against(latest.prev_record).changes} == {"state", "budget"}
    milestone = project.milestones.get()
    services.reach_milestone(milestone, f.user("worker03"), reached_on=timezone.localdate())
    record = milestone.history.first()
    assert record.history_change_reason == "节点完成" and record.history_user.username == "worker03"
    page = client.get(url(project)).content.decode()
    assert "节点完成" in page and "填报产出" in page and "已暂停" in page


def test_the_pages_stay_within_a_fixed_number_of_queries(
    client, project, django_assert_max_num_queries
):
    for number in range(5):
        other = f.social_work_project(name=f"项目{number}")
        indicator = f.indicator(other)
        services.report_output(indicator, f.user("worker03"), day=f.quarters_ago(1), quantity=10)
    login(client, "lead03")
    # The admin's own shell (menus, rights) takes about 30 of these; the page's own are a fixed few.
    with django_assert_max_num_queries(60):
        assert client.get(url(project)).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("projects_print", args=(project.pk,))).status_code == 200
    with django_assert_max_num_queries(35):
        page = client.get(reverse("projects_figures"))
    assert page.status_code == 200 and "关爱桂城工作室" in page.content.decode()
    with django_assert_max_num_queries(35):
        assert client.get(LIST).status_code == 200
    login(client, "worker03")  # figures are for leads and the office
    assert client.get(reverse("projects_figures")).status_code in DENIED


def test_a_finished_evaluation_leaves_its_result_on_the_project(client, project):
    lead = f.user("lead03")
    scheme = Scheme(
        studio=project.studio, name="社工服务项目评估方案", subject_kind=SubjectKind.PROJECT
    )
    scheme.save()
    for name, weight in (("服务成效", 60), ("项目管理", 40)):
        Criterion.objects.create(scheme=scheme, name=name, weight=weight, source=Source.INSPECTION)
    evaluated = evaluation_services.create_round(
        scheme,
        lead,
        name="中期评估",
        period_start=project.starts_on,
        period_end=timezone.localdate(),
    )
    with pytest.raises(evaluation_services.EvaluationRuleError):
        evaluation_services.add_subjects(evaluated, lead, [])  # projects are added from the ledger
    login(client, "lead03")
    client.post(
        reverse("projects_start_evaluation", args=(project.pk,)),
        {"evaluated": evaluated.pk, "stage": EvaluationStage.MIDTERM},
    )
    evaluation = project.evaluations.get()
    assert evaluation.subject.name == project.name and evaluation.total is None
    evaluation_services.start_scoring(evaluated, lead)
    for score, value in zip(
        evaluation.subject.scores.order_by("criterion__sort_order", "pk"), (90, 80), strict=True
    ):
        evaluation_services.record_score(score, lead, value=Decimal(value))
    evaluation_services.finish_round(evaluated, lead)
    evaluation.refresh_from_db()
    assert evaluation.total == Decimal("86.00") and evaluation.grade == "good"
    assert evaluation.history.first().history_change_reason == "评估完成，保存结果"
    page = client.get(reverse("projects_print", args=(project.pk,))).content.decode()
    assert "86.00 · 良" in page


def test_studio_01s_page_shows_public_progress_and_nothing_else(client):
    worker = f.user("worker01")
    matter = f.village_matter(public=True, public_summary="修订草案已公示，欢迎村民提出意见。")
    reached = services.add_milestone(
        matter,
        worker,
        title="征求村民意见",
        due_on=f.quarters_ago(1),
        public=True,
        note="内部：个别户有异议",
    )
    services.reach_milestone(reached, worker, reached_on=f.quarters_ago(1))
    services.add_milestone(
        matter, worker, title="村民代表会议审议", due_on=f.quarters_ago(-1), public=True
    )
    services.add_milestone(
        matter, worker, title="内部协调会", due_on=f.quarters_ago(-1), public=False
    )
    f.village_matter(name="未公开的事项")
    page = client.get(StudioPage.objects.get(studio__code="01").url).content.decode()
    assert "石肯村村规民约修订" in page and "修订草案已公示" in page
    assert "征求村民意见" in page and "下一步：村民代表会议审议" in page
    assert "内部协调会" not in page and "个别户有异议" not in page and "未公开的事项" not in page
    assert "石肯村村民委员会" not in page  # nothing of the ledger but the public text
    matter.public = False
    matter.save()
    assert (
        "石肯村村规民约修订"
        not in client.get(StudioPage.objects.get(studio__code="01").url).content.decode()
    )


def test_a_social_work_project_needs_a_provider_from_the_resource_bank():
    with pytest.raises(ValidationError):
        f.social_work_project(provider=None, provider_name="某机构")
    assert Project.objects.count() == 0
