"""Large exports run as tasks: the page shows progress (and reloads itself while the file is built),
the file is served to the person who asked only, each download is in the access log, and the file
goes after 24 hours."""

import datetime
import io
import os

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cms.cases.models import Status
from cms.core.models import PersonalDataAccess
from cms.exports import services
from cms.exports.models import ExportJob
from cms.notifications.models import Message
from cms.notifications.worker import run_queued_tasks
from tests.conftest import login
from tests.factories import cases as f

pytestmark = pytest.mark.django_db
State = ExportJob.State


@pytest.fixture(autouse=True)
def private_files(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def ask_for_cases(client, username: str = "worker06", **query) -> ExportJob:
    login(client, username)
    response = client.get(reverse("cases_export", args=("xlsx",)), query)
    assert response.status_code == 302
    job = ExportJob.objects.latest("pk")
    assert response["Location"] == reverse("exports_job", args=(job.pk,))
    return job


def test_the_request_only_queues_the_export_and_the_page_shows_its_progress(
    client, django_capture_on_commit_callbacks
):
    f.case_in(Status.ASSIGNED, title="地下车库漏水")
    with django_capture_on_commit_callbacks(execute=True):
        job = ask_for_cases(client, status__exact="assigned")
    assert job.state == State.QUEUED and not job.file
    assert job.params == {"query": "status__exact=assigned"}  # read by the task, never passed to it
    page = client.get(reverse("exports_job", args=(job.pk,)))
    assert page["Refresh"] == "2"  # reloads itself: no script needed
    html = page.content.decode()
    assert "<progress" in html and "排队中" in html

    # Half-way, as the task leaves it between two progress updates.
    ExportJob.objects.filter(pk=job.pk).update(state=State.RUNNING, rows_total=10, rows_done=4)
    html = client.get(reverse("exports_job", args=(job.pk,))).content.decode()
    assert 'value="40"' in html and "4 / 10" in html

    ExportJob.objects.filter(pk=job.pk).update(state=State.QUEUED, rows_total=0, rows_done=0)
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == State.DONE and job.rows_done == job.rows_total == 2
    assert job.expires_at - job.finished_at == datetime.timedelta(hours=24)
    page = client.get(reverse("exports_job", args=(job.pk,)))
    assert "Refresh" not in page and "下载" in page.content.decode()
    # The asker is told it is ready (a notice linking to the page).
    assert Message.objects.filter(template="export-ready", user__username="worker06").exists()

    download = client.get(reverse("exports_download", args=(job.pk,)))
    assert download["Content-Disposition"].startswith('attachment; filename="cases-')
    assert "private, no-store" in download["Cache-Control"]
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    assert rows[1][6] == "地下车库漏水" and rows[1][11] == "13800001234"
    entry = PersonalDataAccess.objects.get(user__username="worker06", action="export")
    assert entry.subject == "居民诉求导出 status__exact=assigned"


def test_only_the_asker_sees_the_job_and_downloads_the_file(client):
    f.case_in(Status.ASSIGNED)
    job = ask_for_cases(client)
    run_queued_tasks()
    for other in ("lead06", "office", "worker01"):
        login(client, other)
        assert client.get(reverse("exports_job", args=(job.pk,))).status_code == 404
        assert client.get(reverse("exports_download", args=(job.pk,))).status_code == 404
        assert job.title not in client.get(reverse("exports_list")).content.decode()
    assert not PersonalDataAccess.objects.filter(action="export").exists()
    client.logout()
    assert client.get(reverse("exports_download", args=(job.pk,))).status_code == 302


def test_the_export_shows_only_what_the_asker_may_see_masked_as_for_them(client):
    f.case_in(Status.ASSIGNED, "06", title="六号的诉求")
    f.case_in(Status.ASSIGNED, "01", title="一号的诉求")
    job = ask_for_cases(client, "office")
    run_queued_tasks()
    rows = list(load_workbook(ExportJob.objects.get(pk=job.pk).file.path).active.values)
    titles = {row[6] for row in rows[1:]}
    assert titles == {"六号的诉求", "一号的诉求"}
    assert {row[11] for row in rows[1:]} == {"138****1234"}  # the office sees phones masked
    job = ask_for_cases(client, "worker01")
    run_queued_tasks()
    rows = list(load_workbook(ExportJob.objects.get(pk=job.pk).file.path).active.values)
    assert [row[6] for row in rows[1:]] == ["一号的诉求"]


def test_an_asker_who_lost_the_right_before_the_task_ran_gets_no_file(client):
    job = ask_for_cases(client)
    f.user("worker06").groups.clear()
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == State.FAILED and not job.file and "无权" in job.error


def test_files_are_deleted_after_24_hours_by_the_scheduled_job(client):
    job = ask_for_cases(client)
    run_queued_tasks()
    job.refresh_from_db()
    path = job.file.path
    assert os.path.exists(path)
    assert services.delete_expired(timezone.now() + datetime.timedelta(hours=23)) == "0 deleted"
    assert services.delete_expired(timezone.now() + datetime.timedelta(hours=25)) == "1 deleted"
    assert not os.path.exists(path) and not ExportJob.objects.exists()


def test_an_expired_job_is_not_served_even_before_the_clean_up(client):
    job = ask_for_cases(client)
    run_queued_tasks()
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    assert client.get(reverse("exports_download", args=(job.pk,))).status_code == 404


def test_my_exports_list_counts_its_queries(client, django_assert_max_num_queries):
    for _n in range(3):
        ask_for_cases(client)
    with django_assert_max_num_queries(25):
        html = client.get(reverse("exports_list")).content.decode()
    assert html.count("居民诉求导出") == 3
