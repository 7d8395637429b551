"""Production logs: JSON lines on stdout, each tied to its request, never holding a resident's details."""

import io
import json
import logging
import logging.config

import pytest
from django.urls import include, path
from django.utils.log import configure_logging

from cms.cases.models import Case
from cms.core.logs import json_logging
from tests.cases.test_public import form
from tests.conftest import login


def boom(request):
    raise RuntimeError("the view broke")


urlpatterns = [path("boom/", boom), path("", include("cms.urls"))]


@pytest.fixture
def json_log(settings, tmp_path):
    """Production's logging configuration, writing into a buffer instead of stdout."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    buffer = io.StringIO()
    logging.config.dictConfig(json_logging("DEBUG"))
    root.handlers[0].setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    root.handlers[:], _ = saved
    root.setLevel(saved[1])


@pytest.mark.django_db
def test_a_submitted_case_leaves_neither_name_nor_phone_in_the_logs(client, json_log):
    data = form(reporter_name="欧阳测试员", reporter_phone="13912345678")
    response = client.post("/issues/new/", data)
    assert Case.objects.filter(reporter_phone="13912345678").exists()
    output = "\n".join(json.dumps(line, ensure_ascii=False) for line in json_log())
    access = [line for line in json_log() if line.get("path") == "/issues/new/"]
    assert access and access[0]["status"] == 200
    assert access[0]["request_id"] == response["X-Request-ID"]
    for detail in ("欧阳测试员", "13912345678", "139 1234 5678"):
        assert detail not in output


@pytest.mark.django_db
def test_a_well_formed_incoming_request_id_is_kept_and_anything_else_replaced(client, json_log):
    nginx_id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert client.get("/healthz", HTTP_X_REQUEST_ID=nginx_id)["X-Request-ID"] == nginx_id
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x", "user_id": 1')["X-Request-ID"]
    assert len(forged) == 32 and forged.isalnum()
    assert [line["request_id"] for line in json_log()] == [nginx_id, forged]


@pytest.mark.django_db
def test_staff_requests_carry_the_user_id_and_anonymous_ones_none(client, json_log):
    client.get("/healthz")
    user = login(client, "editor06")
    client.get("/admin/")
    lines = json_log()
    assert "user_id" not in lines[0]
    assert lines[-1]["path"] == "/admin/" and lines[-1]["user_id"] == user.pk


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_error_is_one_line_with_its_traceback_and_request_id(client, json_log):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    errors = [line for line in json_log() if line["level"] == "ERROR"]
    assert len(errors) == 1
    assert errors[0]["request_id"] == response["X-Request-ID"]
    assert "Traceback" in errors[0]["exception"]
    assert "RuntimeError: the view broke" in errors[0]["exception"]
