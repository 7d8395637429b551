"""Entries made by mistake are corrected or withdrawn, never silently: progress and the budget follow at
once, the history keeps what the entry said, who changed it and why, evidence files of a withdrawn output
are removed, and only the project's own studio may do it."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cms.core.storage import private_storage
from cms.projects import progress, services
from cms.projects.models import Evidence, Expense, Output
from tests.conftest import login
from tests.factories import projects as f

pytestmark = pytest.mark.django_db


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "JPEG")
    return SimpleUploadedFile("签到表.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def project():
    return f.social_work_project()


@pytest.fixture
def output(project):
    return services.report_output(
        f.indicator(project), f.user("worker03"), day=f.quarters_ago(1), quantity=Decimal(120)
    )


def done(project) -> Decimal:
    return progress.indicators_of([project])[project.pk][0].done


def page(client, project) -> str:
    return client.get(
        reverse("projects_project_modeladmin_inspect", args=(project.pk,))
    ).content.decode()


def test_a_corrected_output_changes_progress_and_its_history_says_why(client, project, output):
    login(client, "worker03")
    response = client.post(
        reverse("projects_change_output", args=(project.pk, output.pk, "correct")),
        {"quantity": "102", "note": "重复计算了18人次", "reason": "签到表复核"},
    )
    assert response.status_code == 302
    assert done(project) == Decimal(102)
    latest = output.history.first()
    assert latest.history_change_reason == "更正产出：签到表复核"
    assert latest.history_user.username == "worker03"
    assert latest.prev_record.quantity == Decimal(120)
    shown = page(client, project)
    assert "产出已更正。" in shown and "更正产出：签到表复核" in shown


def test_a_withdrawn_output_leaves_progress_and_its_evidence_file_but_not_the_history(
    client, project, django_capture_on_commit_callbacks
):
    output = services.report_output(
        f.indicator(project),
        f.user("worker03"),
        day=f.quarters_ago(1),
        quantity=Decimal(30),
        files=[jpeg()],
    )
    name = Evidence.objects.get(output=output).file.name
    assert private_storage.exists(name)
    login(client, "lead03")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("projects_change_output", args=(project.pk, output.pk, "withdraw")),
            {"reason": "填错了项目"},
        )
    assert not Output.objects.filter(pk=output.pk).exists() and done(project) == 0
    assert not private_storage.exists(name)
    deletion = Output.history.filter(id=output.pk).first()
    assert deletion.history_type == "-" and deletion.history_user.username == "lead03"
    assert (
        deletion.history_change_reason == "撤销产出：填错了项目"
        and deletion.quantity == Decimal(30)
    )
    assert "撤销产出：填错了项目" in page(client, project)


def test_an_expense_is_corrected_or_withdrawn_against_the_budget(client, project):
    expense = services.record_expense(
        project,
        f.user("worker03"),
        spent_on=f.quarters_ago(1),
        amount=Decimal("800.00"),
        note="物资",
    )
    login(client, "worker03")
    client.post(
        reverse("projects_change_expense", args=(project.pk, expense.pk, "correct")),
        {
            "spent_on": expense.spent_on,
            "amount": "880.00",
            "note": "物资（含运费）",
            "reason": "发票金额",
        },
    )
    assert progress.budgets_of([project])[project.pk].spent == Decimal("880.00")
    client.post(
        reverse("projects_change_expense", args=(project.pk, expense.pk, "withdraw")),
        {"reason": "重复登记"},
    )
    assert progress.budgets_of([project])[project.pk].spent == 0
    reasons = list(
        Expense.history.filter(id=expense.pk).values_list("history_change_reason", flat=True)
    )
    assert reasons == ["撤销支出：重复登记", "更正支出：发票金额", "登记支出"]


def test_without_a_reason_nothing_changes_and_the_page_says_what_is_missing(
    client, project, output
):
    login(client, "worker03")
    response = client.post(
        reverse("projects_change_output", args=(project.pk, output.pk, "correct")),
        {"quantity": "1", "reason": " "},
    )
    output.refresh_from_db()
    assert output.quantity == Decimal(120)
    client.post(
        reverse("projects_change_output", args=(project.pk, output.pk, "withdraw")), {"reason": ""}
    )
    assert Output.objects.filter(pk=output.pk).exists()
    assert "请写明" in client.get(response["Location"]).content.decode()


def test_an_unknown_change_is_not_found(client, project, output):
    login(client, "worker03")
    url = reverse("projects_change_output", args=(project.pk, output.pk, "erase"))
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert Output.objects.filter(pk=output.pk).exists()


def test_only_the_projects_own_studio_corrects_its_entries(client, project, output):
    login(client, "worker02")
    for change, data in (
        ("correct", {"quantity": "0", "reason": "x"}),
        ("withdraw", {"reason": "x"}),
    ):
        url = reverse("projects_change_output", args=(project.pk, output.pk, change))
        assert client.post(url, data).status_code in (403, 404)
    output.refresh_from_db()
    assert output.quantity == Decimal(120)
