"""The committee office's pages of the interop admin: issuing and revoking API keys (a key is shown once),
importing 12345 work orders (template, dry run, confirmation) and exporting replies for the platform.

Thin views over ``keys`` and ``hotline``; every view checks ``is_committee_office`` first. The import runs on the
shared upload → dry run → confirm flow of ``cms/core/import_views.py``.
"""

import tempfile

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.core import audit, spreadsheets
from cms.core.access import is_committee_office
from cms.core.import_views import XLSX, SpreadsheetImportView
from cms.interop import hotline, keys
from cms.interop.forms import ReplyExportForm
from cms.interop.models import ApiClient, HotlineOrder


def _checked(request) -> None:
    if not is_committee_office(request.user):
        raise PermissionDenied


@require_POST
def issue_key(request, pk: int):
    """Issues a new key and shows it on this one page, never again."""
    _checked(request)
    client = get_object_or_404(ApiClient, pk=pk)
    key = keys.issue(client, request.user)
    response = TemplateResponse(request, "interop/key_issued.html", {"client": client, "key": key})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def revoke_key(request, pk: int):
    _checked(request)
    client = get_object_or_404(ApiClient, pk=pk)
    keys.revoke(client, request.user)
    messages.success(request, _("已吊销 %(name)s 的接口密钥。") % {"name": client.name})
    return redirect("interop_apiclient_modeladmin_index")


class HotlineImportView(SpreadsheetImportView):
    """12345 work orders through the shared import flow (``cms/core/import_views.py``)."""

    title = gettext_lazy("导入 12345 工单")
    intro = gettext_lazy(
        "上传从 12345 平台下载的工单表格（第一个工作表）。按工单编号匹配：新工单登记为诉求（来源“12345热线”，办理时限以工单为准），"
        "已导入的工单有变化时更新其诉求并记入历史，重复导入不会重复登记。任何一行有错误时，整个文件都不会导入。"
        "列名按“12345 工单列”的设置读取。"
    )
    file_label = gettext_lazy("12345 工单表格（.xlsx）")
    folder = "hotline-imports"
    template_url_name = "interop_hotline_template"
    template_filename = "12345-orders-template.xlsx"
    success_url_name = "interop_hotlineorder_modeladmin_index"
    label_header = gettext_lazy("工单编号")
    max_bytes = hotline.MAX_FILE_BYTES

    def allowed(self, user) -> bool:
        return is_committee_office(user)

    def apply(self, content: bytes, user, *, dry_run: bool):
        return hotline.import_orders(content, user, dry_run=dry_run)

    def template_workbook(self) -> bytes:
        return hotline.template_workbook()


def hotline_replies(request):
    """The replies for the platform, for one day's resolved orders or the order numbers given (XLSX)."""
    _checked(request)
    form = ReplyExportForm(request.GET or None)
    if not request.GET or not form.is_valid():
        return TemplateResponse(request, "interop/hotline_replies.html", {"form": form})
    data = form.cleaned_data
    if data["numbers"]:
        orders = HotlineOrder.objects.filter(order_number__in=data["numbers"])
        subject = _("12345 工单答复（%(n)s 件指定工单）") % {"n": len(data["numbers"])}
        name = "selection"
    else:
        orders = hotline.resolved_on(data["day"])
        subject = _("12345 工单答复（%(day)s 办结）") % {"day": data["day"]}
        name = data["day"].isoformat()
    rows = hotline.reply_rows(orders)
    audit.record(request, audit.Action.EXPORT, subject)
    output = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    spreadsheets.xlsx_file(iter(rows), output.name, _("答复"))
    output.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"12345-replies-{name}-{stamp}.xlsx",
        content_type=XLSX,
    )
