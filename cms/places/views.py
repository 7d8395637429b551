"""The committee office's spreadsheet import of places: template, dry run, confirmation.

Thin views over ``cms/places/imports.py``. The file checked by the dry run is kept (private storage, named
for the user) until it is confirmed, so what is imported is exactly what was previewed.
"""

import re
import uuid

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin import messages

from cms.core.access import EDIT_PLACES, may
from cms.core.storage import private_storage
from cms.places import imports
from cms.places.forms import ImportForm

_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _checked(request) -> None:
    if not may(request.user, EDIT_PLACES):
        raise PermissionDenied


def _pending_path(request, token: str) -> str:
    if not _TOKEN.match(token):
        raise Http404
    return f"place-imports/{request.user.pk}/{token}.xlsx"


def template(request):
    _checked(request)
    response = HttpResponse(imports.template_workbook(), content_type=_XLSX)
    response["Content-Disposition"] = 'attachment; filename="places-template.xlsx"'
    return response


def import_places(request):
    """GET: the upload form. POST a file: its dry run. POST a token: the import of the file previewed."""
    _checked(request)
    if "token" in request.POST:
        return _confirm(request, request.POST["token"])
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["spreadsheet"].read(imports.MAX_BYTES + 1)
        report = imports.import_places(content, request.user, dry_run=True)
        context["report"] = report
        if report.ok:
            token = uuid.uuid4().hex
            private_storage.save(_pending_path(request, token), ContentFile(content))
            context["token"] = token
    return TemplateResponse(request, "places/import.html", context)


def _confirm(request, token: str):
    path = _pending_path(request, token)
    if not private_storage.exists(path):
        messages.error(request, _("预览已失效，请重新上传表格。"))
        return redirect("places_import")
    with private_storage.open(path) as spreadsheet:
        content = spreadsheet.read()
    report = imports.import_places(content, request.user, dry_run=False)
    if not report.ok:  # the data changed since the preview
        return TemplateResponse(
            request, "places/import.html", {"form": ImportForm(), "report": report}
        )
    private_storage.delete(path)
    messages.success(
        request,
        _("导入完成：新增 %(create)s 条，更新 %(update)s 条，无变化 %(unchanged)s 条。")
        % {
            "create": report.count(imports.Action.CREATE),
            "update": report.count(imports.Action.UPDATE),
            "unchanged": report.count(imports.Action.UNCHANGED),
        },
    )
    return redirect("places_community_modeladmin_index")
