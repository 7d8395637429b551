"""Forms of the places admin: the spreadsheet upload."""

from django import forms
from django.utils.translation import gettext_lazy as _l


class ImportForm(forms.Form):
    spreadsheet = forms.FileField(
        label=_l("Excel 表格（.xlsx）"),
        help_text=_l("先预览将要发生的变化，确认无误后再导入。"),
    )
