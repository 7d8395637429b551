"""Forms of the registers: the public enrolment form (one per register, its profile fields by kind), the
人才驿站 booking and cancellation, the observer's report, the admin's small action forms, and the member and notice edit forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core import privacy
from cms.places.forms import clean_place, narrow_estate_choices
from cms.places.models import Community, Estate
from cms.registers.models import CareService, Engagement, Register, RegisterKind
from cms.registers.models.members import (
    ContactWay,
    Occupation,
    SageField,
    SageOffer,
    TalentField,
    TalentLevel,
    TalentNeed,
    TalentOffer,
)

REQUIRED = {"required": _("请填写此项。")}
CHOOSE = {"required": _("请选择一项。"), "invalid_choice": _("请从列表中选择。")}


def _choice(label, choices, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=[("", _("请选择")), *choices], error_messages=CHOOSE, **kwargs
    )


def _several(label, choices) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一项。"), "invalid_choice": _("请从列表中选择。")},
    )


# Each register's own fields: the form field, and the profile field it fills.
PROFILE_FIELDS = {
    RegisterKind.SAGES: {
        "origin": lambda: forms.CharField(
            label=_("籍贯村（社区）"), max_length=80, error_messages=REQUIRED
        ),
        "current_city": lambda: forms.CharField(
            label=_("现居城市"), max_length=40, error_messages=REQUIRED
        ),
        "field": lambda: _choice(_("专长领域"), SageField.choices),
        "offers": lambda: _several(_("您愿意提供"), SageOffer.choices),
        "preferred_contact": lambda: _choice(_("希望的联系方式"), ContactWay.choices),
    },
    RegisterKind.TALENTS: {
        "field": lambda: _choice(_("专业领域"), TalentField.choices),
        "level": lambda: _choice(_("人才层次"), TalentLevel.choices),
        "employer": lambda: forms.CharField(
            label=_("工作单位（可选）"), max_length=100, required=False
        ),
        "needs": lambda: _several(_("需要的服务"), TalentNeed.choices),
        "offers": lambda: _several(_("您愿意提供"), TalentOffer.choices),
    },
    RegisterKind.NEW_EMPLOYMENT: {
        "occupation": lambda: _choice(_("职业"), Occupation.choices),
        "platform": lambda: forms.CharField(
            label=_("所在平台或企业（可选）"), max_length=60, required=False
        ),
        "usual_area": lambda: forms.CharField(
            label=_("常跑区域（可选）"), max_length=80, required=False
        ),
        "party_member": lambda: forms.BooleanField(
            label=_("我是党员，同意登记党员身份（可选）"), required=False
        ),
        "volunteer_team": lambda: forms.BooleanField(label=_("我已加入志愿服务队"), required=False),
    },
}


class PublicForm(forms.Form):
    """Shared by every public form here: a honeypot field that people never see."""

    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("手机号码"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
        )
        super().__init__(max_length=30, error_messages=REQUIRED, **kwargs)

    def clean(self, value):
        return privacy.validate_phone(super().clean(value))


class EnrolForm(PublicForm):
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages=REQUIRED)
    phone = PhoneField()
    community = forms.ModelChoiceField(
        label=_("所在社区或村（可选）"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("请选择"),
        error_messages=CHOOSE,
    )

    def __init__(self, *args, register: Register, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = register
        self.fields["community"].queryset = Community.objects.active().order_by("name")
        if register.needs_id_number:
            self.fields["id_number"] = forms.CharField(
                label=_("身份证号码"), max_length=30, error_messages=REQUIRED
            )
        for name, make in PROFILE_FIELDS[register.kind].items():
            self.fields[name] = make()
        if register.kind == RegisterKind.SAGES:
            self.fields["named_publicly"] = forms.BooleanField(
                label=_("同意在联络站页面公开我的姓名和参与的事情（可选）"), required=False
            )
        self.fields["consent"] = forms.BooleanField(
            label=_("我已阅读上面的个人信息告知书，同意按其中的目的和期限使用我的信息"),
            error_messages={"required": _("请阅读并同意个人信息告知书后再提交。")},
        )

    def clean_id_number(self):
        return privacy.validate_id_number(self.cleaned_data["id_number"])

    def profile(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS[self.register.kind]}


class BookingForm(PublicForm):
    day = forms.TypedChoiceField(label=_("预约日期"), coerce=str, error_messages=CHOOSE)
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages=REQUIRED)
    phone = PhoneField()
    consent = forms.BooleanField(
        label=_("我同意工作室为安排座位使用我的姓名和手机号码（保存 90 天）"),
        error_messages={"required": _("请同意个人信息使用说明后再提交。")},
    )

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = {day.isoformat(): day for day in days}
        self.fields["day"].choices = [
            ("", _("请选择")),
            *[(key, f"{day:%Y-%m-%d}") for key, day in self.days.items()],
        ]

    def clean_day(self):
        return self.days[self.cleaned_data["day"]]


class CancelForm(PublicForm):
    day = forms.DateField(label=_("预约日期"), error_messages={"invalid": _("请填写正确的日期。")})
    phone = PhoneField()
    code = forms.CharField(label=_("取消码"), max_length=12, error_messages=REQUIRED)


class ObserverReportForm(PublicForm):
    phone = PhoneField(help_text=_("登记时填写的手机号码"))
    code = forms.CharField(
        label=_("观察员码"),
        max_length=12,
        error_messages=REQUIRED,
        help_text=_("工作室核实登记时发给您的 8 位码"),
    )
    community = forms.ModelChoiceField(
        label=_("发现问题的社区或村（可选）"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("不确定"),
        error_messages=CHOOSE,
    )
    location_text = forms.CharField(
        label=_("具体位置"),
        max_length=200,
        error_messages=REQUIRED,
        help_text=_("如：桂澜路与南海大道路口、某小区 3 栋门前"),
    )
    title = forms.CharField(
        label=_("问题"),
        max_length=100,
        error_messages=REQUIRED,
        help_text=_("一句话说明，如：某路口路灯不亮"),
    )
    description = forms.CharField(
        label=_("具体情况"),
        max_length=1000,
        error_messages=REQUIRED,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("看到的情况，1000 字以内"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.active().order_by("name")


# --- admin actions ----------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}))


class EngagementForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Engagement.Kind.choices)
    happened_on = forms.DateField(label=_("日期"))
    summary = forms.CharField(
        label=_("内容摘要"),
        max_length=200,
        help_text=_("会在联络站页面公开：请勿填写他人的姓名、电话等个人信息。"),
    )
    case_reference = forms.CharField(label=_("关联诉求编号（可选）"), max_length=20, required=False)


class TalentServiceForm(forms.Form):
    need = forms.ChoiceField(label=_("需求类型"), choices=TalentNeed.choices)
    description = forms.CharField(label=_("需求内容"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 4}))


class CareForm(forms.Form):
    kind = forms.ChoiceField(label=_("服务类型"), choices=CareService.Kind.choices)
    station = forms.CharField(label=_("驿站或地点"), max_length=80)
    served_on = forms.DateField(label=_("日期"))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class MemberEditForm(forms.Form):
    """Staff correct a member's details (the admin's edit page, ``services.edit_member``)."""

    name = forms.CharField(label=_("姓名"), max_length=50, error_messages=REQUIRED)
    phone = PhoneField()
    community = forms.ModelChoiceField(
        label=_("所在社区/村"), queryset=Community.objects.none(), required=False
    )
    estate = forms.ModelChoiceField(
        label=_("所在小区"), queryset=Estate.objects.none(), required=False
    )
    named_publicly = forms.BooleanField(label=_("同意公开姓名"), required=False)
    reason = forms.CharField(
        label=_("修改原因"), max_length=200, error_messages=REQUIRED, help_text=_("记入历史")
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["community"].queryset = Community.objects.order_by("name")
        narrow_estate_choices(self)
        if member.register.needs_id_number:
            self.fields["id_number"] = forms.CharField(
                label=_("身份证号码"), max_length=30, error_messages=REQUIRED
            )
        for name, make in PROFILE_FIELDS[member.register.kind].items():
            self.fields[name] = make()
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])

    def clean_id_number(self):
        return privacy.validate_id_number(self.cleaned_data["id_number"])

    def clean(self):
        data = super().clean()
        clean_place(self, data)
        return data

    def profile(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS[self.member.register.kind]}

    def member_fields(self) -> dict:
        names = ["name", "phone", "community", "estate", "named_publicly"]
        if "id_number" in self.fields:
            names.append("id_number")
        return {name: self.cleaned_data[name] for name in names}


class NoticeForm(forms.ModelForm):
    """A register's notice (purpose, retention, withdrawal), edited by staff (``services.edit_notice``)."""

    class Meta:
        model = Register
        fields = ["title", "purpose", "retention_months", "withdrawal_text"]
