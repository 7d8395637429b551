"""Forms of the places admin, and the community/estate pair other apps' forms use."""

from django import forms
from django.utils.translation import gettext_lazy as _l
from wagtail.admin.forms import WagtailAdminModelForm

from cms.core import privacy
from cms.places.models import Estate


def narrow_estate_choices(form: forms.BaseForm) -> None:
    """An estate field lists every estate as "community · estate" (names repeat across communities)."""
    if "estate" in form.fields:
        form.fields["estate"].queryset = Estate.objects.select_related("community")
        form.fields["estate"].label_from_instance = lambda e: f"{e.community.name} · {e.name}"


def clean_place(form: forms.BaseForm, data: dict) -> None:
    """A chosen estate brings its community; one of another community is refused."""
    estate, community = data.get("estate"), data.get("community")
    if estate is not None and community is None:
        data["community"] = estate.community
    elif estate is not None and estate.community_id != community.pk:
        form.add_error("estate", _l("所选小区不属于所选社区/村。"))


class CommitteeMemberForm(WagtailAdminModelForm):
    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        return privacy.validate_phone(phone) if phone else ""
