"""Forms of the volunteer admin and the public pages. Checks that need the database are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.core import privacy
from cms.core.access import MANAGE_VOLUNTEERS, members, studio_ids_for
from cms.places import forms as place_forms
from cms.studios.models import Studio
from cms.volunteers.models import ServiceActivity, Team, Volunteer

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StudioScopedForm(WagtailAdminModelForm):
    """Choices of studios, teams, activities, volunteers and staff narrowed to the user's own studios."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        ids = studio_ids_for(for_user, MANAGE_VOLUNTEERS) if for_user else frozenset()
        scoped = {
            "studio": Studio.objects.filter(pk__in=ids),
            "teams": Team.objects.filter(studio_id__in=ids),
            "team": Team.objects.filter(studio_id__in=ids),
            "activity": ServiceActivity.objects.filter(studio_id__in=ids),
            "volunteer": Volunteer.objects.filter(studio_id__in=ids),
            "leader": members(MANAGE_VOLUNTEERS, ids),
            "organiser": members(MANAGE_VOLUNTEERS, ids),
        }
        for name, queryset in scoped.items():
            if name in self.fields:
                self.fields[name].queryset = queryset
        place_forms.narrow_estate_choices(self)

    def clean(self):
        data = super().clean()
        place_forms.clean_place(self, data)
        return data


class VolunteerForm(StudioScopedForm):
    consent = forms.BooleanField(
        label=_("本人已阅读并同意隐私告知"),
        help_text=_("个人信息仅用于志愿服务管理和 i志愿 时长登记，由本工作室保管。"),
        error_messages={"required": _("请确认志愿者本人已同意隐私告知。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.consented_at:
            self.fields["consent"].initial = True

    def clean_phone(self):
        return privacy.validate_phone(self.cleaned_data["phone"])

    def clean_id_number(self):
        number = self.cleaned_data["id_number"]
        return privacy.validate_id_number(number) if number else ""


class ServiceRecordForm(StudioScopedForm):
    """Hours may be left empty: they are then computed from the times minus the deducted minutes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours"].required = False


class CertificateForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("志愿者"), queryset=Volunteer.objects.none())
    team = forms.ModelChoiceField(label=_("出具服务队"), queryset=Team.objects.none())
    period_start = forms.DateField(label=_("服务期间自"), widget=_DATE)
    period_end = forms.DateField(label=_("服务期间至"), widget=_DATE)
    responsible_person = forms.CharField(label=_("负责人"), max_length=50)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ids = studio_ids_for(user, MANAGE_VOLUNTEERS)
        self.fields["volunteer"].queryset = Volunteer.objects.filter(studio_id__in=ids)
        self.fields["team"].queryset = Team.objects.filter(studio_id__in=ids)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("自"), widget=_DATE)
    end = forms.DateField(label=_("至"), widget=_DATE)


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号码"), max_length=30)
    consent = forms.BooleanField(
        label=_("我同意主办方为组织本次活动使用我的姓名和手机号码"),
        error_messages={"required": _("请阅读并同意个人信息使用说明。")},
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot

    def clean_phone(self):
        return privacy.validate_phone(self.cleaned_data["phone"])


class CertificateCheckForm(forms.Form):
    number = forms.CharField(label=_("证明编号"), max_length=24)
