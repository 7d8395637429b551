"""Forms of the evaluations: the residents' survey (public) and the inspector's scoring of a subject."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core import privacy, uploads
from cms.evaluations.models import SurveyChoice


class SurveyForm(forms.Form):
    """The scheme's survey questions, each answered on the five-point scale, and the phone that makes a
    response one per person (kept only as a keyed hash)."""

    phone = forms.CharField(
        label=_("手机号码"),
        max_length=30,
        help_text=_("仅用于确认每个号码只提交一次，系统不保存号码本身。"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for criterion in self.questions:
            self.fields[self.field_name(criterion)] = forms.TypedChoiceField(
                label=criterion.question,
                choices=list(reversed(SurveyChoice.choices)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("请选择您的评价。")},
            )

    @staticmethod
    def field_name(criterion) -> str:
        return f"q{criterion.pk}"

    def clean_phone(self):
        return privacy.validate_phone(self.cleaned_data["phone"])

    def answers(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[self.field_name(c)] for c in self.questions}

    def question_fields(self):
        return [self[self.field_name(c)] for c in self.questions]


class ScoreForm(forms.Form):
    """One on-site criterion of one subject: score, note and optional photos (checked by content)."""

    score = forms.DecimalField(
        label=_("评分（0–100）"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
        error_messages={
            "min_value": _("评分须在 0 至 100 分之间。"),
            "max_value": _("评分须在 0 至 100 分之间。"),
            "invalid": _("请填写数字。"),
        },
    )
    note = forms.CharField(
        label=_("检查记录"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photo = forms.FileField(label=_("现场照片"), required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        # The photo as it will be kept: re-encoded (no EXIF or GPS position), or a parsed PDF.
        return uploads.checked(photo) if photo else photo
