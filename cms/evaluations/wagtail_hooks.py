"""The evaluations admin (menu "评估") on wagtail-modeladmin: schemes, their criteria, and rounds with their
subjects, scoring pages and actions (``cms/evaluations/views.py``).

modeladmin fetches objects for inspect / edit / delete with the default manager: every helper checks the
object's studio against ``cms.core.access`` (MANAGE_EVALUATIONS), so studio 01's workers cannot open studio
06's evaluations by URL, and the committee office opens every studio's. History views are off (they check
nothing); a scheme in use and a finished round offer no edit.
"""

from django.db.models import Count, Q, Sum
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext_lazy as _l
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView, InspectView

from cms.core import history
from cms.core.access import MANAGE_EVALUATIONS, studios_for
from cms.core.admin import (
    InspectOnlyButtonHelper,
    RecordAdmin,
    StudioScopedPermissionHelper,
    admin_url,
)
from cms.evaluations import access, charts, indicators, series, services, views
from cms.evaluations.models import Criterion, Round, RoundState, Scheme, Source


class EvaluationPermissionHelper(StudioScopedPermissionHelper):
    action = MANAGE_EVALUATIONS


class SchemePermissionHelper(EvaluationPermissionHelper):
    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and not obj.in_use


class CriterionPermissionHelper(EvaluationPermissionHelper):
    def in_scope(self, user, obj) -> bool:
        return access.may_manage(user, obj.scheme.studio_id)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and not obj.scheme.in_use


class RoundPermissionHelper(EvaluationPermissionHelper):
    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and obj.state != RoundState.FINISHED


class RecordedCreateView(CreateView):
    """Saves with who and why for the history; choices limited to the user's studios and free schemes."""

    reason = _l("创建")

    def get_form(self):
        form = super().get_form()
        user = self.request.user
        if "studio" in form.fields:
            form.fields["studio"].queryset = studios_for(user, MANAGE_EVALUATIONS)
        if "scheme" in form.fields:
            schemes = access.visible_schemes(self.request.user)
            if self.model is Criterion:
                schemes = schemes.filter(rounds__isnull=True)
            form.fields["scheme"].queryset = schemes
        return form

    def form_valid(self, form):
        history.mark(form.instance, self.request.user, str(self.reason))
        try:
            return super().form_valid(form)
        except services.EvaluationRuleError as refusal:
            form.add_error(None, refusal)
            return self.form_invalid(form)


class RecordedEditView(EditView):
    reason = _l("修改")
    # Fields fixed once the record exists (a round's scheme), left out of its edit form.
    fixed_fields: tuple[str, ...] = ()

    def get_edit_handler(self):
        handler = self.model_admin.get_edit_handler()
        if self.fixed_fields:
            handler = ObjectList(
                [
                    panel
                    for panel in handler.children
                    if getattr(panel, "field_name", None) not in self.fixed_fields
                ]
            )
        return handler.bind_to_model(self.model_admin.model)

    def form_valid(self, form):
        history.mark(form.instance, self.request.user, str(self.reason))
        return super().form_valid(form)


class RoundEditView(RecordedEditView):
    fixed_fields = ("scheme",)


class RoundCreateView(RecordedCreateView):
    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in ROUND_FIELDS}
        try:
            created = services.create_round(form.cleaned_data["scheme"], self.request.user, **data)
        except services.EvaluationRuleError as refusal:
            form.add_error(None, refusal)
            return self.form_invalid(form)
        return HttpResponseRedirect(admin_url(created, "inspect"))


ROUND_FIELDS = ("name", "period_start", "period_end", "excellent_from", "good_from", "fair_from")


class SchemeInspectView(InspectView):
    def get_template_names(self):
        return ["evaluations/scheme_inspect.html"]

    def get_context_data(self, **kwargs):
        scheme = self.instance
        criteria = list(scheme.criteria.all())
        for criterion in criteria:
            indicator = indicators.REGISTRY.get(criterion.indicator)
            criterion.mapping = indicator.mapping if indicator else ""
        return super().get_context_data(
            scheme=scheme,
            criteria=criteria,
            weight_problem=scheme.weight_problem([c.weight for c in criteria]),
            in_use=scheme.in_use,
            can_edit=self.permission_helper.user_can_edit_obj(self.request.user, scheme),
            **kwargs,
        )


class RoundInspectView(InspectView):
    def get_template_names(self):
        return ["evaluations/round_inspect.html"]

    def get_context_data(self, **kwargs):
        evaluated = Round.objects.select_related("scheme__studio").get(pk=self.instance.pk)
        subjects = list(
            evaluated.subjects.with_place()
            .select_related("rectification_case")
            .annotate(
                inspected=Count("scores", filter=_inspected()),
                to_inspect=Count("scores", filter=_on_site()),
            )
            .order_by("rank", "pk")
        )
        previous = series.previous_subjects(evaluated)
        for subject in subjects:
            before = previous.get(series.place_key(subject))
            subject.previous = before
            subject.delta = charts.delta(subject.total, before.total if before else None)
        return super().get_context_data(
            evaluated=evaluated,
            subjects=subjects,
            actions=views.available_actions(evaluated),
            results_page=getattr(evaluated, "results_page", None),
            can_edit=self.permission_helper.user_can_edit_obj(self.request.user, evaluated),
            criteria=evaluated.scheme.criteria.aggregate(total=Sum("weight")),
            **kwargs,
        )


def _on_site() -> Q:
    return Q(scores__criterion__source=Source.INSPECTION)


def _inspected() -> Q:
    return _on_site() & Q(scores__inspector_score__isnull=False)


class EvaluationAdmin(RecordAdmin):
    permission_helper_class = EvaluationPermissionHelper
    create_view_class = RecordedCreateView
    edit_view_class = RecordedEditView
    inspect_view_enabled = True
    history_view_enabled = False  # the built-in history view checks nothing
    list_per_page = 50


class SchemeAdmin(EvaluationAdmin):
    model = Scheme
    menu_label = _l("评估方案")
    menu_icon = "list-ol"
    permission_helper_class = SchemePermissionHelper
    button_helper_class = InspectOnlyButtonHelper
    inspect_view_class = SchemeInspectView
    list_display = ("name", "version", "studio", "subject_kind")
    list_filter = ("studio", "subject_kind")
    search_fields = ("name",)
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("studio"), FieldPanel("subject_kind")]),
            FieldPanel("name"),
            FieldPanel("description"),
        ]
    )

    def get_queryset(self, request):
        return access.visible_schemes(request.user).select_related("studio")


class CriterionAdmin(EvaluationAdmin):
    model = Criterion
    menu_label = _l("评估指标")
    menu_icon = "tasks"
    permission_helper_class = CriterionPermissionHelper
    list_display = ("name", "scheme", "weight", "source", "sort_order")
    list_filter = ("scheme", "source")
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("scheme"), FieldPanel("sort_order")]),
            FieldRowPanel([FieldPanel("name"), FieldPanel("weight")]),
            FieldPanel("source"),
            FieldPanel("question"),
            FieldPanel("indicator"),
            FieldPanel("guidance"),
        ]
    )

    def get_queryset(self, request):
        return access.visible_criteria(request.user).select_related("scheme")


class RoundAdmin(EvaluationAdmin):
    model = Round
    menu_label = _l("评估轮次")
    menu_icon = "date"
    permission_helper_class = RoundPermissionHelper
    button_helper_class = InspectOnlyButtonHelper
    create_view_class = RoundCreateView
    edit_view_class = RoundEditView
    inspect_view_class = RoundInspectView
    list_display = ("name", "scheme", "period_start", "period_end", "state")
    list_filter = ("state",)
    search_fields = ("name",)
    edit_handler = ObjectList(
        [
            FieldPanel("scheme"),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            FieldRowPanel(
                [FieldPanel("excellent_from"), FieldPanel("good_from"), FieldPanel("fair_from")],
                heading=_l("等级分数线"),
            ),
        ]
    )

    def get_queryset(self, request):
        return access.visible_rounds(request.user).select_related("scheme")


class EvaluationsGroup(ModelAdminGroup):
    menu_label = _l("评估")
    menu_icon = "pick"
    menu_order = 260
    items = (RoundAdmin, SchemeAdmin, CriterionAdmin)


modeladmin_register(EvaluationsGroup)


@hooks.register("register_admin_urls")
def evaluations_urls():
    return [
        path(
            "evaluations/rounds/<int:pk>/<str:action>/",
            views.round_action,
            name="evaluations_round_action",
        ),
        path("evaluations/subjects/<int:pk>/score/", views.score_subject, name="evaluations_score"),
        path("evaluations/photos/<int:pk>/", views.photo, name="evaluations_photo"),
        path(
            "evaluations/schemes/<int:pk>/new-version/",
            views.scheme_new_version,
            name="evaluations_scheme_new_version",
        ),
    ]
