"""Forms of the interop admin: the 12345 spreadsheet upload and the reply export's choice."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l


class ReplyExportForm(forms.Form):
    day = forms.DateField(
        label=_l("办结日期"),
        required=False,
        help_text=_l("导出该日办结的工单"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    order_numbers = forms.CharField(
        label=_l("或指定工单编号"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_l("每行一个，或用逗号分隔"),
    )

    def clean(self):
        data = super().clean()
        numbers = data.get("order_numbers", "").replace("，", ",").replace("\n", ",")
        data["numbers"] = [n.strip() for n in numbers.split(",") if n.strip()]
        if not data["numbers"] and not data.get("day"):
            data["day"] = timezone.localdate()
        return data
