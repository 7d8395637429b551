"""Forms of the case admin: the case itself (intake and edit) and one small form per action."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.cases.models import Case, CaseCategory, HandlingUnit, Satisfaction
from cms.core import privacy, uploads
from cms.core.access import HANDLE_CASES, members, studio_ids_for
from cms.places import forms as place_forms
from cms.studios.models import Studio


class CaseForm(WagtailAdminModelForm):
    """Intake and edit: categories only from the user's studios; a hidden version refuses stale edits."""

    # No label: the field is hidden, but Wagtail's panel would still print its name.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, label="")

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        studio_ids = studio_ids_for(for_user, HANDLE_CASES) if for_user else frozenset()
        if "category" in self.fields:
            self.fields["category"].queryset = CaseCategory.objects.filter(
                studio_id__in=studio_ids, active=True
            ).select_related("studio")
        self.fields["expected_version"].initial = self.instance.version
        place_forms.narrow_estate_choices(self)

    def clean_reporter_phone(self):
        return privacy.validate_phone(self.cleaned_data["reporter_phone"])

    def clean(self):
        """An estate brings its community; a case says where it is, by place or by text."""
        data = super().clean()
        place_forms.clean_place(self, data)
        if "community" in self.fields and not (
            data.get("community") or data.get("location_text", "").strip()
        ):
            self.add_error("location_text", _("请选择社区/小区，或填写详细地址。"))
        return data


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("承办人"), queryset=get_user_model().objects.none())
    handling_unit = forms.ModelChoiceField(
        label=_("承办单位"), queryset=HandlingUnit.objects.none(), required=False
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        studio = case.studio
        self.fields["assignee"].queryset = members(HANDLE_CASES, [studio.pk])
        self.fields["handling_unit"].queryset = HandlingUnit.objects.filter(
            studio=studio, active=True
        )


class ResolveForm(forms.Form):
    reply = forms.CharField(
        label=_("给居民的答复"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("居民在查询页面会看到这段答复。"),
    )
    outcome = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("回访评价"), choices=Satisfaction.choices)
    comment = forms.CharField(
        label=_("回访记录"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class RerouteForm(ReasonForm):
    category = forms.ModelChoiceField(label=_("改派至类别"), queryset=CaseCategory.objects.none())

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories.select_related("studio")


class MergeForm(ReasonForm):
    earlier = forms.ModelChoiceField(
        label=_("合并至（更早受理的同类诉求）"), queryset=Case.objects.none(), empty_label=None
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["earlier"].queryset = candidates
        self.fields["earlier"].label_from_instance = lambda c: (
            f"{c.reference} {c.title}（{c.get_status_display()}）"
        )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionForm(ReasonForm):
    days = forms.IntegerField(label=_("延长工作日"), min_value=1, max_value=60)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("照片或 PDF"), help_text=_("JPG、PNG、WebP 或 PDF，不超过 10 MB")
    )

    def clean_file(self):
        return uploads.checked(self.cleaned_data["file"])


class EmptyForm(forms.Form):
    pass


class CoHandlerForm(forms.Form):
    studio = forms.ModelChoiceField(label=_("协办工作室"), queryset=Studio.objects.none())
    handling_unit = forms.ModelChoiceField(
        label=_("协办单位"), queryset=HandlingUnit.objects.none(), required=False
    )
    task = forms.CharField(label=_("协办任务"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["studio"].queryset = Studio.objects.exclude(pk=case.studio_id)
        self.fields["handling_unit"].queryset = (
            HandlingUnit.objects.exclude(studio_id=case.studio_id)
            .filter(active=True)
            .select_related("studio")
        )
