"""The project ledger's admin (menu "项目台账") on wagtail-modeladmin: projects of the user's studios
(MANAGE_PROJECTS), each worked on from its own page (``views.project_page``), its print page and the
figures page; the referral block on a case's page. Every object is checked against ``cms.core.access``
(``StudioScopedPermissionHelper``); the history view is off (the project page shows the full history)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _l
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from cms.core.access import MANAGE_PROJECTS, SEE_FIGURES, studio_ids_for
from cms.core.admin import (
    BoundedIndexView,
    BoundedSearchHandler,
    RecordAdmin,
    StudioScopedPermissionHelper,
)
from cms.projects import views
from cms.projects.forms import ProjectForm
from cms.projects.models import Project


class ProjectPermissionHelper(StudioScopedPermissionHelper):
    action = MANAGE_PROJECTS


class OverdueMilestoneFilter(admin.SimpleListFilter):
    title = _l("节点是否超期")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _l("有超期节点"))]

    def queryset(self, request, queryset):
        return queryset.with_overdue_milestones() if self.value() == "yes" else queryset


def overdue_milestones(project) -> str:
    return str(project.overdue_milestones or "—")


overdue_milestones.short_description = _l("超期节点")
overdue_milestones.admin_order_field = "overdue_milestones"


class ProjectAdmin(RecordAdmin):
    model = Project
    menu_label = _l("项目")
    menu_icon = "list-ul"
    permission_helper_class = ProjectPermissionHelper
    index_view_class = BoundedIndexView
    search_handler_class = BoundedSearchHandler
    inspect_view_enabled = True
    history_view_enabled = False
    list_display = ("name", "studio", "kind", "community", "state", "ends_on", overdue_milestones)
    list_filter = ("studio", "kind", "state", OverdueMilestoneFilter)
    search_fields = ("name", "target_groups", "provider_name")
    list_per_page = 20
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("studio"), FieldPanel("kind"), FieldPanel("state")]),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("community"), FieldPanel("responsible")]),
            FieldRowPanel([FieldPanel("provider"), FieldPanel("provider_name")]),
            FieldRowPanel(
                [FieldPanel("budget"), FieldPanel("funding"), FieldPanel("funding_note")]
            ),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("target_groups"),
            FieldPanel("description"),
            MultiFieldPanel(
                [FieldPanel("public"), FieldPanel("public_summary")], heading=_l("公开进度")
            ),
        ],
        base_form_class=ProjectForm,
    )

    def get_queryset(self, request):
        ids = studio_ids_for(request.user, MANAGE_PROJECTS)
        return (
            super()
            .get_queryset(request)
            .filter(studio_id__in=ids)
            .select_related("studio", "community")
            .with_overdue_count()
        )

    def inspect_view(self, request, instance_pk):
        # The page finds the project among the user's studios' only (404 otherwise).
        if not self.permission_helper.user_can_list(request.user):
            raise PermissionDenied
        return views.project_page(request, int(instance_pk))

    def get_admin_urls_for_registration(self):
        project = "projects/project/<int:pk>"
        return super().get_admin_urls_for_registration() + (
            path(f"{project}/print/", views.print_page, name="projects_print"),
            path(f"{project}/indicator/", views.add_indicator, name="projects_add_indicator"),
            path(f"{project}/target/", views.set_period_target, name="projects_set_target"),
            path(f"{project}/milestone/", views.add_milestone, name="projects_add_milestone"),
            path(
                f"{project}/milestone/<int:milestone_pk>/reached/",
                views.reach_milestone,
                name="projects_reach_milestone",
            ),
            path(f"{project}/output/", views.report_output, name="projects_report_output"),
            path(f"{project}/expense/", views.record_expense, name="projects_record_expense"),
            path(
                f"{project}/output/<int:entry_pk>/<str:change>/",
                views.change_entry,
                {"entry": "output"},
                name="projects_change_output",
            ),
            path(
                f"{project}/expense/<int:entry_pk>/<str:change>/",
                views.change_entry,
                {"entry": "expense"},
                name="projects_change_expense",
            ),
            path(
                f"{project}/evaluation/", views.start_evaluation, name="projects_start_evaluation"
            ),
            path(
                f"{project}/referral/<int:referral_pk>/<str:answer>/",
                views.answer_referral,
                name="projects_answer_referral",
            ),
            path(
                f"{project}/evidence/<int:evidence_pk>/", views.evidence, name="projects_evidence"
            ),
            path("projects/figures/", views.figures_page, name="projects_figures"),
            path("projects/refer/<int:case_pk>/", views.refer, name="projects_refer"),
        )


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(
            studio_ids_for(request.user, SEE_FIGURES)
            & studio_ids_for(request.user, MANAGE_PROJECTS)
        )


class ProjectsGroup(ModelAdminGroup):
    menu_label = _l("项目台账")
    menu_icon = "list-ul"
    menu_order = 260
    items = (ProjectAdmin,)

    def get_submenu_items(self):
        return super().get_submenu_items() + [
            FiguresMenuItem(
                _l("项目看板"), reverse("projects_figures"), icon_name="table", order=900
            )
        ]


modeladmin_register(ProjectsGroup)


@hooks.register("case_inspect_sections")
def case_referrals(request, case):
    return views.case_section(request, case)
