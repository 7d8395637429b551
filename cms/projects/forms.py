"""Forms of the project ledger: the project's own admin form (studio and responsible staff narrowed to the
user's studios) and the small forms of the project page's actions and of a case's referral."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.core.access import MANAGE_PROJECTS, members, studio_ids_for
from cms.core.staff import display_name
from cms.evaluations.models import Round, RoundState, SubjectKind
from cms.projects.models import EvaluationStage, Indicator, Milestone, ReferralOutcome
from cms.studios.models import Studio

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        ids = studio_ids_for(for_user, MANAGE_PROJECTS)
        self.fields["studio"].queryset = Studio.objects.filter(pk__in=ids)
        staff = members(MANAGE_PROJECTS, ids)
        self.fields["responsible"].queryset = staff
        self.fields["responsible"].label_from_instance = display_name
        for name in ("starts_on", "ends_on"):
            self.fields[name].widget = _DATE


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "period", "target", "counts_referrals", "sort_order"]


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "public", "note"]
        widgets = {"due_on": _DATE}


class PeriodTargetForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("指标"), queryset=Indicator.objects.none())
    day = forms.DateField(label=_("周期内任一日期"), widget=_DATE)
    target = forms.DecimalField(label=_("本周期目标"), min_value=0, max_digits=10, decimal_places=2)
    note = forms.CharField(
        label=_("调整说明"),
        max_length=200,
        error_messages={"required": _("请写明调整目标的原因。")},
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = project.indicators.all()


class OutputForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("指标"), queryset=Indicator.objects.none())
    day = forms.DateField(label=_("周期内任一日期"), widget=_DATE)
    quantity = forms.DecimalField(label=_("完成数量"), min_value=0, max_digits=10, decimal_places=2)
    note = forms.CharField(
        label=_("完成情况"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    evidence = forms.FileField(label=_("佐证材料（照片或 PDF）"), required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = project.indicators.all()


class OutputCorrectionForm(forms.Form):
    quantity = forms.DecimalField(label=_("完成数量"), min_value=0, max_digits=10, decimal_places=2)
    note = forms.CharField(label=_("完成情况"), required=False)
    reason = forms.CharField(
        label=_("更正原因"), max_length=200, error_messages={"required": _("请写明更正原因。")}
    )


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=_("撤销原因"), max_length=200, error_messages={"required": _("请写明撤销原因。")}
    )


class ReachForm(forms.Form):
    reached_on = forms.DateField(label=_("实际完成日期"), widget=_DATE)
    note = forms.CharField(label=_("情况说明"), required=False)


class ExpenseForm(forms.Form):
    spent_on = forms.DateField(label=_("支出日期"), widget=_DATE)
    amount = forms.DecimalField(
        label=_("金额（元）"), min_value=0.01, max_digits=12, decimal_places=2
    )
    note = forms.CharField(label=_("用途"), max_length=200)


class ExpenseCorrectionForm(ExpenseForm):
    reason = forms.CharField(
        label=_("更正原因"), max_length=200, error_messages={"required": _("请写明更正原因。")}
    )


class ReferralForm(forms.Form):
    project = forms.ModelChoiceField(label=_("社工服务项目"), queryset=None)
    reason = forms.CharField(label=_("转介原因与需求"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda p: (
            f"{p.name}（{p.community.name if p.community else _('全街道')}）"
        )


class AnswerForm(forms.Form):
    action = forms.CharField(label=_("项目所做服务"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("服务结果"), choices=ReferralOutcome.choices)
    done_on = forms.DateField(label=_("完成日期"), widget=_DATE)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("未接收原因"), max_length=200)


class EvaluationForm(forms.Form):
    evaluated = forms.ModelChoiceField(label=_("评估轮次"), queryset=Round.objects.none())
    stage = forms.ChoiceField(label=_("评估阶段"), choices=EvaluationStage.choices)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluated"].queryset = Round.objects.filter(
            scheme__studio_id=project.studio_id,
            scheme__subject_kind=SubjectKind.PROJECT,
            state=RoundState.DRAFT,
        ).select_related("scheme")
