"""The admin flow every spreadsheet import shares: upload → dry run (every row's outcome) → confirm.

An app's import page subclasses ``SpreadsheetImportView`` and says who may import (``allowed``), how a file is
applied (``apply``, the app's importer over ``cms.core.imports``), the template workbook offered for download
(``template_workbook``) and where to go when done. The file checked by the dry run is kept in private
storage, named for the user and a random token, until it is confirmed, so what is imported is exactly what
was previewed; a file that no longer applies cleanly at confirmation (the data changed meanwhile) is shown
again with its errors and nothing is saved. One template, ``templates/core/spreadsheet_import.html``.

Used by places (``cms/places/views.py``), 12345 work orders (``cms/interop/views.py``) and the ledgers
(cases, volunteers, registers).
"""

import re
import uuid

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from cms.core.imports import MAX_BYTES, Action, ImportReport
from cms.core.storage import private_storage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class SpreadsheetForm(forms.Form):
    spreadsheet = forms.FileField(
        label=gettext_lazy("Excel 表格（.xlsx）"),
        help_text=gettext_lazy("先预览将要发生的变化，确认无误后再导入。"),
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["spreadsheet"].label = label


class SpreadsheetImportView(View):
    """GET: the upload form. POST a file: its dry run. POST a token: the import of the file previewed.
    With ``download=True`` (a second URL): the template workbook."""

    download = False
    template_name = "core/spreadsheet_import.html"
    title = ""
    intro = ""  # what the file holds and how rows are matched, shown above the form
    file_label = None  # the upload field's label, when the default does not say enough
    # private storage folder of pending files, e.g. "place-imports" (then the URL's arguments, so a file
    # previewed for one register is not confirmed into another)
    folder = ""
    template_url_name = ""  # reversed with the import URL's own arguments
    template_filename = "template.xlsx"
    success_url_name = ""
    label_header = gettext_lazy("记录")  # the heading of the column that names each row's record
    show_sheet = False  # workbooks with several sheets show each row's sheet
    max_bytes = MAX_BYTES

    # --- what each import says ---------------------------------------------------------------------

    def allowed(self, user) -> bool:
        raise NotImplementedError

    def apply(self, content: bytes, user, *, dry_run: bool) -> ImportReport:
        raise NotImplementedError

    def template_workbook(self) -> bytes:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return reverse(self.success_url_name)

    # --- the flow ----------------------------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.download:
            response = HttpResponse(self.template_workbook(), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{self.template_filename}"'
            return response
        return self.render({"form": self.form()})

    def post(self, request, *args, **kwargs):
        if self.download:
            return self.http_method_not_allowed(request, *args, **kwargs)
        if "token" in request.POST:
            return self.confirm(request.POST["token"])
        form = self.form(request.POST, request.FILES)
        context = {"form": form}
        if form.is_valid():
            content = form.cleaned_data["spreadsheet"].read(self.max_bytes + 1)
            report = self.apply(content, request.user, dry_run=True)
            context["report"] = report
            if report.ok:
                token = uuid.uuid4().hex
                private_storage.save(self.pending_path(token), ContentFile(content))
                context["token"] = token
        return self.render(context)

    def confirm(self, token: str):
        path = self.pending_path(token)
        if not private_storage.exists(path):
            messages.error(self.request, _("预览已失效，请重新上传表格。"))
            return redirect(self.request.path)
        with private_storage.open(path) as spreadsheet:
            content = spreadsheet.read()
        report = self.apply(content, self.request.user, dry_run=False)
        if not report.ok:  # the data changed since the preview
            return self.render({"form": self.form(), "report": report})
        private_storage.delete(path)
        messages.success(
            self.request,
            _("导入完成：新增 %(create)s 条，更新 %(update)s 条，无变化 %(unchanged)s 条。")
            % {
                "create": report.count(Action.CREATE),
                "update": report.count(Action.UPDATE),
                "unchanged": report.count(Action.UNCHANGED),
            },
        )
        return redirect(self.get_success_url())

    def form(self, *args) -> SpreadsheetForm:
        return SpreadsheetForm(*args, label=self.file_label)

    def pending_path(self, token: str) -> str:
        if not _TOKEN.match(token):
            raise Http404
        where = "/".join([self.folder, *(str(v) for v in self.kwargs.values())])
        return f"{where}/{self.request.user.pk}/{token}.xlsx"

    def render(self, context: dict) -> TemplateResponse:
        context.update(
            title=self.title,
            intro=self.intro,
            template_url=reverse(self.template_url_name, kwargs=self.kwargs),
            label_header=self.label_header,
            show_sheet=self.show_sheet,
        )
        return TemplateResponse(self.request, self.template_name, context)
