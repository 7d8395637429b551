"""Forms of the mediation admin: the intake register and one small form per part or step of a file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.cases.access import visible_cases
from cms.core import privacy
from cms.core.access import HANDLE_CASES, members, studios_for
from cms.mediation.models import (
    Appointment,
    DisputeType,
    FollowUp,
    Mediator,
    NoticeMethod,
    Party,
    Session,
    Source,
)
from cms.mediation.services import continuation_refusal
from cms.places.models import Estate

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RegisterForm(forms.Form):
    """登记: the dispute; the two first parties come from two ``PartyForm`` beside it."""

    studio = forms.ModelChoiceField(label=_("工作室"), queryset=None)
    source = forms.ChoiceField(label=_("案件来源"), choices=Source.choices)
    registered_on = forms.DateField(label=_("登记日期"), widget=_DATE)
    dispute_type = forms.ChoiceField(label=_("纠纷类型"), choices=DisputeType.choices)
    estate = forms.ModelChoiceField(label=_("小区"), queryset=Estate.objects.none(), required=False)
    location_text = forms.CharField(
        label=_("详细地址或位置"),
        max_length=200,
        required=False,
        help_text=_("小区不在列表中时必须填写"),
    )
    title = forms.CharField(
        label=_("纠纷名称"), max_length=100, help_text=_("如：某小区物业费上调纠纷")
    )
    description = forms.CharField(label=_("纠纷简要情况"), widget=forms.Textarea(attrs={"rows": 4}))
    assignee = forms.ModelChoiceField(
        label=_("承办人"), queryset=None, help_text=_("负责本卷宗的工作人员")
    )
    reference = forms.CharField(
        label=_("沿用诉求编号"),
        max_length=20,
        required=False,
        help_text=_("居民已在网上申请调解的，填写其诉求编号：卷宗沿用同一编号，不另建诉求"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        studios = studios_for(user, HANDLE_CASES)
        self.fields["studio"].queryset = studios
        self.fields["assignee"].queryset = members(HANDLE_CASES, studios.values("pk"))
        if studios.count() == 1:
            self.fields["studio"].initial = studios.get()
        self.fields["estate"].queryset = Estate.objects.active().select_related("community")
        self.fields["estate"].label_from_instance = lambda e: f"{e.community.name} · {e.name}"

    def clean(self):
        data = super().clean()
        if not data.get("estate") and not data.get("location_text", "").strip():
            self.add_error("location_text", _("请选择小区，或填写详细地址。"))
        studio, assignee = data.get("studio"), data.get("assignee")
        if studio and assignee and not members(HANDLE_CASES, [studio.pk]).filter(pk=assignee.pk):
            self.add_error("assignee", _("承办人必须是所选工作室的案件办理人员。"))
        data["case"] = None
        reference = data.pop("reference", "").strip().upper()
        if reference:
            case = visible_cases(self.user).filter(reference=reference).first()
            if case is None:
                self.add_error("reference", _("没有找到这个诉求编号。"))
            elif studio and (refusal := continuation_refusal(case, studio)):
                self.add_error("reference", refusal)
            else:
                data["case"] = case
        return data


class PartyForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = [
            "side",
            "kind",
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "age",
            "occupation",
            "legal_representative",
            "representative_title",
            "phone",
            "id_number",
            "address",
            "agent",
            "sms_opt_in",
        ]
        widgets = {"birth_date": _DATE}

    def __init__(self, *args, phone_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = phone_required

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        return privacy.validate_phone(phone) if phone else ""

    def clean_id_number(self):
        number = self.cleaned_data["id_number"]
        return privacy.validate_id_number(number) if number else ""


class AppointmentForm(forms.Form):
    mediator = forms.ModelChoiceField(
        label=_("调解员"), queryset=Mediator.objects.filter(active=True)
    )
    role = forms.ChoiceField(label=_("角色"), choices=Appointment.Role.choices)


class RecusalForm(forms.Form):
    requested_by = forms.CharField(label=_("申请回避的当事人"), max_length=100)
    reason = forms.CharField(label=_("回避理由"), widget=forms.Textarea(attrs={"rows": 3}))


class RightsNoticeForm(forms.Form):
    notified_on = forms.DateField(label=_("告知日期"), widget=_DATE)
    method = forms.ChoiceField(label=_("告知方式"), choices=NoticeMethod.choices)


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "held_at",
            "place",
            "attendees",
            "statements",
            "verified_facts",
            "proposals",
            "signed",
        ]
        widgets = {
            "held_at": _DATETIME,
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "statements": forms.Textarea(attrs={"rows": 6}),
            "verified_facts": forms.Textarea(attrs={"rows": 4}),
            "proposals": forms.Textarea(attrs={"rows": 4}),
        }


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(label=_("调解时间"), widget=_DATETIME)
    place = forms.CharField(label=_("调解地点"), max_length=100)


class AgreementForm(forms.Form):
    concluded_on = forms.DateField(label=_("协议日期"), widget=_DATE)
    terms = forms.CharField(
        label=_("协议内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("逐条写明双方同意的事项。"),
    )
    performance_method = forms.CharField(
        label=_("履行方式和期限"), widget=forms.Textarea(attrs={"rows": 3})
    )
    performance_due = forms.DateField(
        label=_("履行期限"), widget=_DATE, help_text=_("最后一项协议应当履行完毕的日期。")
    )


class FailureForm(forms.Form):
    concluded_on = forms.DateField(label=_("终结日期"), widget=_DATE)
    reason = forms.CharField(label=_("调解不成的原因"), widget=forms.Textarea(attrs={"rows": 4}))
    litigation = forms.BooleanField(label=_("可向人民法院起诉"), required=False)
    arbitration = forms.BooleanField(label=_("可申请仲裁"), required=False)
    administrative = forms.BooleanField(label=_("可请求行政机关处理"), required=False)


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["visited_on", "performance", "satisfaction", "relapse_risk", "note"]
        widgets = {"visited_on": _DATE, "note": forms.Textarea(attrs={"rows": 3})}


class ConfirmForm(forms.Form):
    """A step with nothing to fill in (archiving)."""
