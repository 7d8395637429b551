"""Shared admin machinery (cms/core/admin.py): only superusers delete records, and a deletion is kept in the
record's revision history (history type "-", with who deleted it)."""

import pytest

from cms.cases.models import CaseCategory, HandlingUnit
from cms.core.admin import admin_url
from tests.conftest import login
from tests.factories import cases as case_factories
from tests.factories import mediation as mediation_factories
from tests.factories import volunteers as volunteer_factories

DELETABLE = {
    "case": lambda: case_factories.new_case(),
    "category": lambda: CaseCategory.objects.create(
        studio=case_factories.studio("06"), name="删除测试类别", deadline_days=3
    ),
    "handling_unit": lambda: HandlingUnit.objects.create(
        studio=case_factories.studio("06"), name="删除测试单位"
    ),
    "mediator": lambda: mediation_factories.mediator("删除测试调解员"),
    "team": lambda: volunteer_factories.team("04", name="删除测试服务队"),
    "volunteer": lambda: volunteer_factories.volunteer("04"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", DELETABLE)
def test_a_superuser_deletes_a_record_and_its_history_keeps_the_deletion(client, kind):
    record = DELETABLE[kind]()
    admin = login(client, "admin")
    response = client.post(admin_url(record, "delete"))
    assert response.status_code == 302
    model = type(record)
    assert not model.objects.filter(pk=record.pk).exists()
    deletion = model.history.filter(id=record.pk).latest("history_date")
    assert (deletion.history_type, deletion.history_user) == ("-", admin)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["category", "team"])
def test_a_studio_lead_cannot_delete_a_record_of_their_own_studio(client, kind):
    record = DELETABLE[kind]()
    login(client, f"lead{record.studio.code}")
    client.post(admin_url(record, "delete"))
    assert type(record).objects.filter(pk=record.pk).exists()
