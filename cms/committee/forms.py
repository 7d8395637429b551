"""Forms of the committee's pages: the period of the figures; a resource and "this resource served …"."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.cases.access import leads, visible_cases
from cms.committee import rates
from cms.core import privacy
from cms.core.access import HANDLE_CASES, MANAGE_VOLUNTEERS, is_committee_office, studio_ids_for
from cms.places import forms as place_forms
from cms.places.models import Community, Estate
from cms.studios.models import Studio
from cms.volunteers.models import ServiceActivity

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    month = forms.CharField(
        label=_("月份"), required=False, widget=forms.TextInput(attrs={"type": "month"})
    )
    start = forms.DateField(label=_("或自"), required=False, widget=_DATE)
    end = forms.DateField(label=_("至（含）"), required=False, widget=_DATE)
    community = forms.ModelChoiceField(
        label=_("社区/村"), queryset=Community.objects.all(), required=False
    )
    estate = forms.ModelChoiceField(label=_("小区"), queryset=Estate.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        place_forms.narrow_estate_choices(self)

    def place(self) -> dict:
        """The chosen community and estate (None: every place), for ``rates.at_place``."""
        data = self.cleaned_data if self.is_valid() else {}
        return {"community": data.get("community"), "estate": data.get("estate")}

    def period(self) -> rates.Period:
        """The chosen dates, else the chosen month, else this month."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("start") and data.get("end") and data["start"] <= data["end"]:
            return rates.Period(data["start"], data["end"] + datetime.timedelta(days=1))
        try:
            year, month = (int(part) for part in data.get("month", "").split("-"))
            return rates.Period.month(year, month)
        except ValueError:
            return rates.Period.this_month()


class ResourceForm(WagtailAdminModelForm):
    """Owner studios: any for the committee office, else the user's own."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and not is_committee_office(for_user):
            self.fields["studios"].queryset = Studio.objects.filter(
                pk__in=studio_ids_for(for_user, HANDLE_CASES)
            )

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"]
        return privacy.validate_phone(phone) if phone else ""


class ResourceUseForm(forms.Form):
    reference = forms.CharField(
        label=_("诉求编号"), max_length=20, required=False, help_text=_("如 GC-2026-123456")
    )
    activity = forms.ModelChoiceField(
        label=_("或服务活动"), queryset=ServiceActivity.objects.none(), required=False
    )
    used_on = forms.DateField(label=_("使用日期"), widget=_DATE)
    note = forms.CharField(label=_("使用情况"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["activity"].queryset = ServiceActivity.objects.filter(
            studio_id__in=studio_ids_for(user, MANAGE_VOLUNTEERS)
        )

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        if not reference:
            return None
        case = visible_cases(self.user).filter(reference=reference).first()
        if case is None or not leads(self.user, case):  # a co-handler works on its task only
            raise forms.ValidationError(_("没有找到您可以办理的该编号诉求。"))
        return case
