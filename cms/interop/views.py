"""The committee office's pages of the interop admin: issuing and revoking API keys (a key is shown once),
importing 12345 work orders (template, dry run, confirmation) and exporting replies for the platform.

Thin views over ``keys`` and ``hotline``; every view checks ``is_committee_office`` first. The file checked by
a dry run is kept in private storage, named for the user, until it is confirmed, so what is imported is
exactly what was previewed.
"""

import re
import tempfile
import uuid

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.core import audit, spreadsheets
from cms.core.access import is_committee_office
from cms.core.imports import Action
from cms.core.storage import private_storage
from cms.interop import hotline, keys
from cms.interop.forms import ImportForm, ReplyExportForm
from cms.interop.models import ApiClient, HotlineOrder

_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def hotline_template(request):
    _checked(request)
    response = HttpResponse(hotline.template_workbook(), content_type=_XLSX)
    response["Content-Disposition"] = 'attachment; filename="12345-orders-template.xlsx"'
    return response


def _pending_path(request, token: str) -> str:
    if not _TOKEN.match(token):
        raise Http404
    return f"hotline-imports/{request.user.pk}/{token}.xlsx"


def hotline_import(request):
    """GET: the upload form. POST a file: its dry run. POST a token: the import of the file previewed."""
    _checked(request)
    if "token" in request.POST:
        return _confirm(request, request.POST["token"])
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["spreadsheet"].read(hotline.MAX_FILE_BYTES + 1)
        report = hotline.import_orders(content, request.user, dry_run=True)
        context["report"] = report
        if report.ok:
            token = uuid.uuid4().hex
            private_storage.save(_pending_path(request, token), ContentFile(content))
            context["token"] = token
    return TemplateResponse(request, "interop/hotline_import.html", context)


def _confirm(request, token: str):
    path = _pending_path(request, token)
    if not private_storage.exists(path):
        messages.error(request, _("预览已失效，请重新上传表格。"))
        return redirect("interop_hotline_import")
    with private_storage.open(path) as spreadsheet:
        content = spreadsheet.read()
    report = hotline.import_orders(content, request.user, dry_run=False)
    if not report.ok:  # the data changed since the preview
        context = {"form": ImportForm(), "report": report}
        return TemplateResponse(request, "interop/hotline_import.html", context)
    private_storage.delete(path)
    messages.success(
        request,
        _("导入完成：新增 %(create)s 件，更新 %(update)s 件，无变化 %(unchanged)s 件。")
        % {
            "create": report.count(Action.CREATE),
            "update": report.count(Action.UPDATE),
            "unchanged": report.count(Action.UNCHANGED),
        },
    )
    return redirect("interop_hotlineorder_modeladmin_index")


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
        content_type=_XLSX,
    )
