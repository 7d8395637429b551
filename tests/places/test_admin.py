"""The places admin through the real stack: the committee office keeps places, studio staff read them,
others see nothing; the import previews, then imports exactly the file previewed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.places.models import Community, Estate
from tests.conftest import login
from tests.factories import places as p
from tests.places.test_imports import good_file

pytestmark = pytest.mark.django_db


def edit_url(estate: Estate) -> str:
    return reverse("places_estate_modeladmin_edit", args=(estate.pk,))


def test_the_committee_office_edits_an_estate_and_the_change_is_in_its_history(client):
    estate = p.estate()
    office = login(client, "office")
    assert client.get(edit_url(estate)).status_code == 200
    response = client.post(
        edit_url(estate),
        {
            "community": estate.community_id,
            "name": estate.name,
            "address": estate.address,
            "households": 640,
            "property_company": estate.property_company,
            "active": "on",
        },
    )
    assert response.status_code == 302
    estate.refresh_from_db()
    assert estate.households == 640
    assert estate.history.first().history_user == office


def test_a_studio_case_worker_reads_places_but_cannot_change_them(client):
    estate = p.estate()
    login(client, "worker01")
    assert client.get(reverse("places_estate_modeladmin_index")).status_code == 200
    inspect = reverse("places_estate_modeladmin_inspect", args=(estate.pk,))
    assert client.get(inspect).status_code == 200
    assert client.get(edit_url(estate)).status_code == 302  # Wagtail's redirect on PermissionDenied
    assert client.get(reverse("places_estate_modeladmin_create")).status_code == 302
    assert client.get(reverse("places_import")).status_code == 302
    assert client.get(reverse("places_import_template")).status_code == 302


def test_someone_outside_the_studios_and_the_office_sees_no_places(client):
    login(client, "comms")
    assert client.get(reverse("places_community_modeladmin_index")).status_code == 302


def test_the_office_previews_a_file_then_imports_exactly_that_file(client):
    login(client, "office")
    assert client.get(reverse("places_import_template"))["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    upload = SimpleUploadedFile("places.xlsx", good_file())
    preview = client.post(reverse("places_import"), {"spreadsheet": upload})
    html = preview.content.decode()
    assert "预览：将发生以下变化" in html and "新增 6" in html
    assert not Community.objects.exists()
    token = preview.context["token"]
    done = client.post(reverse("places_import"), {"token": token})
    assert done.status_code == 302
    assert Estate.objects.count() == 3
    again = client.post(reverse("places_import"), {"token": token}, follow=True)
    assert "预览已失效" in again.content.decode()


def test_a_bad_file_is_reported_and_offers_no_import(client):
    login(client, "office")
    upload = SimpleUploadedFile("places.xlsx", b"not a workbook")
    html = client.post(reverse("places_import"), {"spreadsheet": upload}).content.decode()
    assert "无法读取该文件" in html and "确认导入" not in html
