"""The committee office's interop admin: a key is shown once and only its digest kept, revoking works, other
staff are kept out, the 12345 import goes dry run → confirm, and the reply export is logged."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cms.core.models import PersonalDataAccess
from cms.interop import keys
from cms.interop.models import ApiClient, HotlineColumn, HotlineOrder
from tests.conftest import login
from tests.interop.test_hotline import order, workbook

pytestmark = pytest.mark.django_db


def test_the_office_issues_a_key_that_is_shown_once(client):
    login(client, "office")
    api_client = ApiClient.objects.create(name="街坊随手拍")
    response = client.post(reverse("interop_issue_key", args=(api_client.pk,)))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = response.context["key"]
    assert key in response.content.decode()
    assert keys.client_for(key) == api_client
    inspect = reverse("interop_apiclient_modeladmin_inspect", args=(api_client.pk,))
    html = client.get(inspect).content.decode()
    assert key not in html and key[: keys.PREFIX_SHOWN] in html
    client.post(reverse("interop_revoke_key", args=(api_client.pk,)))
    assert keys.client_for(key) is None


@pytest.mark.parametrize("username", ["worker06", "editor06"])
def test_other_staff_cannot_issue_keys_or_import(client, username):
    api_client = ApiClient.objects.create(name="街坊随手拍")
    login(client, username)
    assert client.post(reverse("interop_issue_key", args=(api_client.pk,))).status_code == 302
    assert not ApiClient.objects.get(pk=api_client.pk).key_hash
    assert client.get(reverse("interop_hotline_import")).status_code == 302
    assert client.get(reverse("interop_apiclient_modeladmin_index")).status_code == 302


def test_the_office_renames_a_platform_column(client):
    login(client, "office")
    column = HotlineColumn.objects.get(field="order_number")
    url = reverse("interop_hotlinecolumn_modeladmin_edit", args=(column.pk,))
    assert client.post(url, {"header": "工单号"}).status_code == 302
    column.refresh_from_db()
    assert column.header == "工单号"
    assert column.history.first().history_user.username == "office"


def test_the_import_is_previewed_then_confirmed(client):
    login(client, "office")
    upload = SimpleUploadedFile("orders.xlsx", workbook(order("GD001"), order("GD002")))
    preview = client.post(reverse("interop_hotline_import"), {"spreadsheet": upload})
    assert preview.status_code == 200 and "预览" in preview.content.decode()
    assert not HotlineOrder.objects.exists()
    token = preview.context["token"]
    done = client.post(reverse("interop_hotline_import"), {"token": token})
    assert done.status_code == 302
    assert HotlineOrder.objects.count() == 2


def test_a_bad_file_shows_its_errors_and_offers_no_confirmation(client):
    login(client, "office")
    upload = SimpleUploadedFile("orders.xlsx", workbook(order("GD001", 来电号码="123")))
    page = client.post(reverse("interop_hotline_import"), {"spreadsheet": upload})
    html = page.content.decode()
    assert "第 2 行" in html and "来电号码" in html and "token" not in page.context


def test_the_reply_export_is_an_xlsx_and_is_logged(client):
    login(client, "office")
    client.post(
        reverse("interop_hotline_import"),
        {
            "token": client.post(
                reverse("interop_hotline_import"),
                {"spreadsheet": SimpleUploadedFile("o.xlsx", workbook(order("GD001")))},
            ).context["token"]
        },
    )
    response = client.get(reverse("interop_hotline_replies"), {"order_numbers": "GD001"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in sheet[1]][:4] == ["工单编号", "办理结果", "答复内容", "回访情况"]
    assert sheet["A2"].value == "GD001"
    assert PersonalDataAccess.objects.filter(user__username="office", action="export").exists()
