"""A database failure while a resident submits (e.g. PostgreSQL restarting) is not a "server error" page:
the form comes back as typed with a Chinese message that the issue was NOT submitted; nothing half-saved."""

import logging

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from cms.cases.models import Case, CaseNote
from tests.cases.test_public import form


class RefuseCaseInserts:
    """A database execute wrapper (Django's hook on every query) failing the INSERT of a case, as a
    connection dropped by a restarting database would."""

    def __init__(self):
        self.refused = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and '"cases_case"' in sql:
            self.refused += 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


@pytest.mark.django_db
def test_a_failed_submission_says_it_was_not_submitted_and_keeps_the_text(
    client, caplog, settings, tmp_path
) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    caplog.set_level(logging.ERROR, logger="cms.cases.intake")
    before = (Case.objects.count(), CaseNote.objects.count())
    hook = RefuseCaseInserts()
    with connection.execute_wrapper(hook):
        response = client.post(
            reverse("case_submit"), form(title="数据库重启时提交", description="楼道灯坏了三天。")
        )
    html = response.content.decode()
    assert hook.refused == 1
    assert response.status_code == 200
    assert "您的诉求尚未提交" in html
    assert "数据库重启时提交" in html and "楼道灯坏了三天。" in html and "陈阿姨" in html
    assert (Case.objects.count(), CaseNote.objects.count()) == before
    assert "could not be saved" in caplog.text
    again = client.post(reverse("case_submit"), form(title="数据库重启时提交"))
    assert (
        "查询码" in again.content.decode()
    )  # once the database is back, the same form goes through


def test_kept_connections_are_checked_before_use(settings) -> None:
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0 and database["CONN_HEALTH_CHECKS"] is True
