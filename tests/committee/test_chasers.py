"""The committee's figures count chasers (催办) per studio, and the cases they were on."""

import pytest

from cms.cases import services
from cms.cases.models import Case, Status
from cms.committee import rates
from tests.conftest import login
from tests.factories import cases as f

pytestmark = pytest.mark.django_db


def test_chasers_are_counted_per_studio_with_the_cases_they_were_on(client):
    first = f.case_in(Status.IN_PROGRESS, "06")
    second = f.case_in(Status.ASSIGNED, "06")
    services.chase(first, f.user("lead06"), note="请加快办理。")
    services.chase(first, f.user("office"), note="居民再次来电。")
    services.chase(second, f.user("lead06"), note="请今天联系居民。")
    report = rates.report(Case.objects.all(), rates.Period.this_month())
    by_code = {row.label: row for row in report.by_studio}
    studio_06 = next(row for label, row in by_code.items() if "红色业委会" in label)
    assert (studio_06.chases, studio_06.chased_cases) == (3, 2)
    assert report.total.chases >= 3
    login(client, "office")
    html = client.get("/admin/committee/dashboard/").content.decode()
    assert "<th>催办</th>" in html and "3（2 件）" in html
