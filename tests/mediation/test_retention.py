"""Retention of a mediation file's parties: a resident party's name, phone, ID number and address go,
from the party and its history rows; a company keeps its name; every ID number goes."""

import datetime

import pytest
from django.utils import timezone

from cms.cases import retention
from cms.cases.models import Case, Status
from cms.mediation.models import Party
from tests.factories import mediation as m

pytestmark = pytest.mark.django_db


def test_parties_of_a_file_closed_past_the_period_are_anonymised_in_their_history_too(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    file = m.registered_file()
    long_ago = timezone.now() - datetime.timedelta(days=31)
    Case.objects.filter(pk=file.case_id).update(status=Status.CLOSED, closed_at=long_ago)
    resident = file.parties.get(kind=Party.Kind.RESIDENT)
    assert Party.history.filter(id=resident.pk, id_number=m.valid_id()).exists()

    report = retention.anonymise()

    assert report.counts["调解当事人"] == 2
    resident.refresh_from_db()
    assert (resident.name, resident.phone, resident.id_number, resident.address) == (
        "（已匿名）",
        "",
        "",
        "",
    )
    company = file.parties.get(kind=Party.Kind.PROPERTY_COMPANY)
    assert company.name == "示例物业服务有限公司"
    rows = Party.history.filter(file_id=file.pk)
    assert not rows.exclude(id_number="").exists()
    assert set(rows.filter(id=resident.pk).values_list("name", "phone")) == {("（已匿名）", "")}
    assert rows.filter(id=resident.pk, history_type="~").exists()
