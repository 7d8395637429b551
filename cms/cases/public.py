"""Residents raise an issue online (no account) and follow it by reference number and retrieval code.

Public, never cached (``Cache-Control: private, no-store``), rate-limited per client through the shared
cache, and written only through ``services.submit_online`` / ``services.record_follow_up``.
"""

import logging

from django import forms
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from wagtail.models import Page

from cms.cases import cached_tables, intake_limits, services, topics
from cms.cases.models import Case, CaseCategory, CaseNote, Satisfaction, Status
from cms.core import privacy, ratelimit, uploads
from cms.core.cache import read_ahead
from cms.core.routing import every_page_keys
from cms.places import cached_places
from cms.places.models import Community, Estate
from cms.studios.models import Studio, StudioPage

MAX_FILES = 3
UNSURE = "unsure"
# Place choices: "e12" an estate, "c3" a community without a listed estate, "other" not sure.
ESTATE, COMMUNITY, OTHER_PLACE = "e", "c", "other"
LOOKUPS_PER_HOUR = 30
NOT_SUBMITTED = _(
    "系统暂时出错，您的诉求尚未提交。您填写的内容已保留在下面，请稍等片刻后再点“提交诉求”；"
    "如选择了照片或文件，请重新选择。"
)
PHONE_LIMIT_REACHED = _(
    "这个手机号码一小时内已经提交了较多诉求，请一小时后再提交；您填写的内容已保留在下面。"
    "如有紧急情况，请直接致电工作室。"
)

logger = logging.getLogger(__name__)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class CategoryField(forms.ChoiceField):
    """Checked against the catalogue by ``IntakeForm.clean_category``, so its grouped choices are built only
    when the form is shown, not on every submission."""

    def validate(self, value):
        forms.Field.validate(self, value)


class PlaceField(forms.ChoiceField):
    """Community → estate as grouped options (works without JavaScript); checked against the cached places
    by ``IntakeForm.clean_place``, like the categories."""

    def validate(self, value):
        forms.Field.validate(self, value)


class IntakeForm(forms.Form):
    category = CategoryField(label=_("工作室和诉求类别"))
    place = PlaceField(
        label=_("所在社区和小区"),
        help_text=_(
            "找不到所在小区时，选择所在社区的“其他小区”；都不确定时选择“其他/不确定”并填写地址"
        ),
    )
    address = forms.CharField(
        label=_("详细地址（楼栋、门牌或位置）"),
        max_length=200,
        required=False,
        help_text=_("选择“其他/不确定”时必须填写"),
    )
    title = forms.CharField(
        label=_("标题"), max_length=100, help_text=_("一句话说明问题，100 字以内")
    )
    description = forms.CharField(
        label=_("具体情况"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("时间、地点、经过和您的诉求，2000 字以内"),
    )
    files = MultipleFileField(
        label=_("照片或 PDF（可选，最多 3 个）"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )
    reporter_name = forms.CharField(label=_("您的姓名"), max_length=50)
    reporter_phone = forms.CharField(
        label=_("手机号码"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    contact_time = forms.CharField(label=_("方便联系的时间（可选）"), max_length=50, required=False)
    sms_opt_in = forms.BooleanField(
        label=_("用短信告诉我办理进展"),
        help_text=_(
            "受理、派单和办结时各发一条短信到上面的手机号码，只写诉求编号，不含查询码和诉求内容。"
        ),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意《隐私声明》：我的姓名和电话只用于办理本诉求，仅对办理人员可见。")
    )
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(
        self,
        *args,
        studio: Studio | None = None,
        preselected=None,
        topic: topics.Topic | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.topic = topic
        if preselected is not None:
            self.fields["category"].initial = str(preselected.pk)
        elif topic is not None and topic.studio_code is None:
            self.fields["category"].initial = UNSURE
        self.categories = {
            str(c["pk"]): c
            for c in cached_tables.active_categories()
            if studio is None or c["studio_id"] == studio.pk
        }
        self.fields["category"].choices = self._grouped_choices
        self.fields["place"].choices = self._place_choices

    def _place_choices(self) -> list:
        groups = [
            (
                community["name"],
                [
                    *((f"{ESTATE}{e['pk']}", e["name"]) for e in community["estates"]),
                    (f"{COMMUNITY}{community['pk']}", _("%(name)s · 其他小区") % community),
                ],
            )
            for community in cached_places.active_places()
        ]
        return [("", _("请选择")), *groups, (OTHER_PLACE, _("其他/不确定"))]

    def clean_place(self) -> tuple[Community | None, Estate | None]:
        """(community, estate) from the cached places, without a query; (None, None) for 其他/不确定."""
        value = self.cleaned_data["place"]
        if value == OTHER_PLACE:
            return None, None
        for community in cached_places.active_places():
            place = Community(pk=community["pk"], name=community["name"])
            if value == f"{COMMUNITY}{community['pk']}":
                return place, None
            for estate in community["estates"]:
                if value == f"{ESTATE}{estate['pk']}":
                    return place, Estate(pk=estate["pk"], name=estate["name"], community=place)
        raise ValidationError(_("请从列表中选择所在社区和小区。"))

    def clean(self):
        data = super().clean()
        if data.get("place") == (None, None) and not data.get("address", "").strip():
            self.add_error("address", _("选择“其他/不确定”时，请填写详细地址。"))
        return data

    def _grouped_choices(self) -> list:
        """The studio the topic suggests first, then "不确定" where nobody misses it, then the others."""
        by_studio: dict[str, tuple[str, list]] = {}
        for pk, category in self.categories.items():
            group = by_studio.setdefault(category["studio__code"], (category["studio__name"], []))
            group[1].append((pk, category["name"]))
        suggested = []
        if self.topic is not None and self.topic.studio_code in by_studio:
            name, choices = by_studio.pop(self.topic.studio_code)
            suggested = [(_("%(name)s（建议）") % {"name": name}, choices)]
        return [
            ("", _("请选择")),
            *suggested,
            (UNSURE, _("不确定，请委员会办公室帮我分派")),
            *by_studio.values(),
        ]

    def clean_category(self) -> CaseCategory | None:
        """The chosen category, or None when the resident is not sure (the committee office routes it)."""
        value = self.cleaned_data["category"]
        if value == UNSURE:
            return None
        if value not in self.categories:
            raise ValidationError(_("请从列表中选择工作室和诉求类别。"))
        return cached_tables.category(self.categories[value])

    def clean_reporter_phone(self):
        return privacy.validate_phone(self.cleaned_data["reporter_phone"])

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise ValidationError(_("最多上传 %(n)s 个文件。") % {"n": MAX_FILES})
        return [(kept, kept.content_type) for kept in map(uploads.checked, files)]

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class LookupForm(forms.Form):
    reference = forms.CharField(label=_("诉求编号"), max_length=20)
    code = forms.CharField(label=_("查询码"), max_length=12)


class FeedbackForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("您对办理结果的评价"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("意见和建议（可选）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _preselection(params) -> tuple[Studio | None, CaseCategory | None]:
    """From a studio page (?studio=06) or a service page (?service=<page id>): the studio, maybe a category."""
    if (service := params.get("service", "")).isdigit():
        category = (
            CaseCategory.objects.filter(service_id=service, active=True)
            .select_related("studio")
            .first()
        )
        if category is not None:
            return category.studio, category
        service_page = Page.objects.filter(pk=service).first()
        studio_page = StudioPage.of(service_page) if service_page is not None else None
        if studio_page is not None:
            return studio_page.studio, None
    code = params.get("studio", "")
    return (Studio.objects.filter(code=code).first() if code else None), None


@never_cache
@csrf_protect
@read_ahead(
    cached_tables.KNOWN_ADDRESSES_KEY,
    cached_tables.CATEGORIES_KEY,
    cached_places.PLACES_KEY,
    cached_tables.CALENDAR_KEY,
    every_page_keys,
)
def submit(request):
    """Step 1 (no studio, service or topic in the link): what the problem is about, as plain links;
    step 2: the form, with the topic's studio suggested first. Both work without JavaScript."""
    studio, category = _preselection(request.GET)
    topic = topics.get(request.GET.get("topic", ""))
    if request.method != "POST":
        if studio is None and category is None and topic is None:
            context = {"topics": topics.TOPICS}
            return _private(render(request, "cases/public/submit_topic.html", context))
        form = IntakeForm(studio=studio, preselected=category, topic=topic)
        context = {"form": form, "studio": studio, "topic": topic}
        return _private(render(request, "cases/public/submit.html", context))
    attempt = intake_limits.Attempt(request, request.POST.get("reporter_phone", ""))
    try:
        return attempt.refusal() or _posted(request, attempt, studio, topic)
    finally:
        attempt.end()


def _posted(request, attempt: intake_limits.Attempt, studio, topic) -> HttpResponse:
    """The receipt, or the form again as typed with what went wrong."""
    form = IntakeForm(request.POST, request.FILES, studio=studio, topic=topic)
    status = 200
    if form.is_valid() and not form.is_bot():
        data = form.cleaned_data
        community, estate = data["place"]
        if attempt.phone_exhausted():
            form.add_error(None, PHONE_LIMIT_REACHED)
            status = 429
        else:
            try:
                case, code = services.submit_online(
                    category=data["category"],
                    community=community,
                    estate=estate,
                    location_text=data["address"],
                    reporter_name=data["reporter_name"],
                    reporter_phone=data["reporter_phone"],
                    title=data["title"],
                    description=data["description"],
                    contact_time=data["contact_time"],
                    sms_opt_in=data["sms_opt_in"],
                    uploads=data["files"],
                )
            except DatabaseError:
                # E.g. the database restarting: nothing was saved (one transaction); say so plainly
                # and give the form back as typed, so the resident can send it again. Not counted.
                logger.exception("an online submission could not be saved")
                form.add_error(None, NOT_SUBMITTED)
            else:
                attempt.saved()
                lookup_url = request.build_absolute_uri(reverse("case_status"))
                context = {"case": case, "code": code, "lookup_url": lookup_url}
                return _private(render(request, "cases/public/submitted.html", context))
    elif form.is_valid():  # the honeypot was filled: answer as if it worked, keep nothing
        attempt.saved(counts_phone=False)
        return _private(
            render(request, "cases/public/submitted.html", {"case": None, "code": None})
        )
    files_dropped = bool(request.FILES)
    context = {"form": form, "studio": studio, "topic": topic, "files_dropped": files_dropped}
    return _private(render(request, "cases/public/submit.html", context, status=status))


def _find(reference: str, code: str) -> Case | None:
    """The case only when both the reference and its code match; one answer for every other case."""
    case = Case.objects.filter(reference=reference.strip().upper()).select_related("studio").first()
    if case is None or case.retrieval_code_hash != services.hash_retrieval_code(code):
        return None
    return case


@never_cache
@csrf_protect
def status(request):
    form = LookupForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        if refusal := ratelimit.refused(
            request, "lookup", LOOKUPS_PER_HOUR, 3600, when_down=ratelimit.WhenDown.FAIL_CLOSED
        ):
            return refusal
        case = (
            _find(request.POST.get("reference", ""), request.POST.get("code", ""))
            if form.is_valid()
            else None
        )
        if case is None:
            context["not_found"] = form.is_valid()
        else:
            context.update(_status_context(request, case))
    return _private(render(request, "cases/public/status.html", context))


def _status_context(request, case: Case) -> dict:
    if case.status == Status.MERGED:
        # A duplicate follows the case it was merged into: its reporter reads that case's progress.
        earlier = Case.objects.select_related("studio").get(pk=case.merged_into_id)
        return {
            "case": earlier,
            "merged_from": case,
            "replies": earlier.notes.filter(kind=CaseNote.Kind.PUBLIC_REPLY).values(
                "text", "created_at"
            ),
        }
    feedback = FeedbackForm(request.POST if "satisfaction" in request.POST else None)
    message = None
    if case.status == Status.RESOLVED and feedback.is_bound and feedback.is_valid():
        case = services.record_follow_up(
            case,
            None,
            satisfaction=feedback.cleaned_data["satisfaction"],
            comment=feedback.cleaned_data["comment"],
        )
        message = (
            _("感谢您的评价。")
            if case.status != Status.IN_PROGRESS
            else _("感谢您的反馈，工作室将重新办理。")
        )
    return {
        "case": case,
        "replies": case.notes.filter(kind=CaseNote.Kind.PUBLIC_REPLY).values("text", "created_at"),
        "feedback": feedback if case.status == Status.RESOLVED else None,
        "feedback_message": message,
    }
