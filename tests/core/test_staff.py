"""Staff appear by their real name, not their login (cms/core/staff.py)."""

import pytest
from django.contrib.auth import get_user_model

from cms.cases import services
from cms.core import staff
from cms.core.admin import admin_url
from tests.conftest import login
from tests.factories import cases as f


@pytest.mark.django_db
def test_an_account_without_a_name_shows_its_login():
    nameless = get_user_model().objects.create(username="temp-staff")
    assert staff.display_name(nameless) == "temp-staff"
    assert staff.names_by_id()[nameless.pk] == "temp-staff"
    assert staff.display_name(None) == ""


@pytest.mark.django_db
def test_the_case_list_and_file_show_the_assignee_by_name(client):
    worker = f.user("worker06")
    case = f.case_in("received")
    services.assign(case, worker, assignee=worker)
    login(client, "lead06")
    for url in (admin_url(case, "inspect"), admin_url(type(case))):
        html = client.get(url).content.decode()
        assert worker.first_name in html, url
        assert ">worker06<" not in html, url
