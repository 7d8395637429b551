"""The committee office's spreadsheet import of places, on the shared import flow (``cms/core/import_views.py``)
over ``cms/places/imports.py``."""

from django.utils.translation import gettext_lazy

from cms.core.access import EDIT_PLACES, may
from cms.core.import_views import SpreadsheetImportView
from cms.places import imports


class PlacesImportView(SpreadsheetImportView):
    title = gettext_lazy("导入社区、小区和网格")
    intro = gettext_lazy(
        "按模板填写“社区”“小区”“网格”三个工作表（可只填其中一部分）。已有记录按编码或“所属社区 + 名称”匹配并更新；"
        "同一文件重复导入不会产生变化。任何一行有错误时，整个文件都不会导入。"
    )
    folder = "place-imports"
    template_url_name = "places_import_template"
    template_filename = "places-template.xlsx"
    success_url_name = "places_community_modeladmin_index"
    show_sheet = True

    def allowed(self, user) -> bool:
        return may(user, EDIT_PLACES)

    def apply(self, content: bytes, user, *, dry_run: bool):
        return imports.import_places(content, user, dry_run=dry_run)

    def template_workbook(self) -> bytes:
        return imports.template_workbook()
