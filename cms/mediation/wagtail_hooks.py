"""The mediation admin (menu "纠纷调解"): files and the mediator roster, on wagtail-modeladmin.

A file is worked on from its own page (the inspect view), one step at a time through ``views.STEPS``; the
modeladmin edit form is off. Objects are checked against ``cms.core.access`` as in the case admin.
"""

from django.contrib.admin import display
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _l
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from cms.core.access import HANDLE_CASES, is_committee_office, studio_ids_for
from cms.core.admin import (
    BoundedIndexView,
    BoundedSearchHandler,
    InspectOnlyButtonHelper,
    RecordAdmin,
    StudioScopedPermissionHelper,
    yes_no,
)
from cms.mediation import views
from cms.mediation.models import MediationCommittee, MediationFile, Mediator

_TIMER_CLASSES = {"passed": "w-status w-status--label", "soon": "w-status w-status--primary"}


class MediationFilePermissionHelper(StudioScopedPermissionHelper):
    def user_can_edit_obj(self, user, obj):
        return False  # every change is a step of the file page


class MediationFileAdmin(RecordAdmin):
    model = MediationFile
    menu_label = _l("调解卷宗")
    menu_icon = "folder-inverse"
    permission_helper_class = MediationFilePermissionHelper
    button_helper_class = InspectOnlyButtonHelper
    inspect_view_enabled = True
    history_view_enabled = False
    list_display = (
        "reference",
        "title",
        "studio",
        "dispute_type",
        "stage",
        "settlement",
        "court_window",
        "performance",
    )
    list_filter = ("stage", "dispute_type", "source", "case__studio")
    search_fields = ("=case__reference", "case__title", "case__location_text")
    search_handler_class = BoundedSearchHandler
    index_view_class = BoundedIndexView
    list_per_page = 20

    def get_queryset(self, request):
        return views.visible_files(request.user)

    def get_list_filter(self, request):
        if len(studio_ids_for(request.user, HANDLE_CASES)) < 2:
            return self.list_filter[:-1]
        return self.list_filter

    def create_view(self, request):
        if not self.permission_helper.user_can_create(request.user):
            raise PermissionDenied
        return views.register(request)

    def inspect_view(self, request, instance_pk):
        return views.file_page(request, int(instance_pk))

    @display(description=_l("编号"))
    def reference(self, file):
        return file.case.reference

    @display(description=_l("纠纷名称"))
    def title(self, file):
        return file.case.title

    @display(description=_l("工作室"))
    def studio(self, file):
        return file.case.studio.short_name

    @display(description=_l("调结期限"))
    def settlement(self, file):
        return _timer_cell(file, "settlement")

    @display(description=_l("司法确认申请期"))
    def court_window(self, file):
        return _timer_cell(file, "court")

    @display(description=_l("履行期限"))
    def performance(self, file):
        return _timer_cell(file, "performance")

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "mediation/file/<int:pk>/<slug:step>/",
                views.file_step,
                name="mediation_step",
            ),
            path(
                "mediation/file/<int:pk>/<slug:step>/<int:item_pk>/",
                views.file_step,
                name="mediation_step_item",
            ),
            path(
                "mediation/file/<int:pk>/recusal/<int:appointment_pk>/<slug:verdict>/",
                views.decide_recusal,
                name="mediation_recusal_decision",
            ),
            path(
                "mediation/file/<int:pk>/print/agreement/",
                views.print_agreement,
                name="mediation_print_agreement",
            ),
            path(
                "mediation/file/<int:pk>/print/session/<int:session_pk>/",
                views.print_session,
                name="mediation_print_session",
            ),
        )


def _timer_cell(file: MediationFile, key: str):
    # Three columns read the same timers: computed once per row.
    timers = file.__dict__.setdefault("_timers", {t.key: t for t in file.timers()})
    if key not in timers:
        return "—"
    timer = timers[key]
    return format_html(
        '<span class="{}">{}</span>', _TIMER_CLASSES.get(timer.state, ""), timer.due.isoformat()
    )


class OfficeKeepsPermissionHelper(PermissionHelper):
    """The committee office keeps the committees (the six are seeded: none added or removed here)."""

    def user_can_list(self, user):
        return user.is_active and (user.is_superuser or is_committee_office(user))

    def user_can_edit_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class MediationCommitteeAdmin(RecordAdmin):
    """Each studio's 人民调解委员会: the name its documents are issued in and their numbering (字号)."""

    model = MediationCommittee
    menu_label = _l("人民调解委员会")
    menu_icon = "home"
    permission_helper_class = OfficeKeepsPermissionHelper
    inspect_view_enabled = False
    history_view_enabled = False
    list_display = ("name", "abbreviation", "studio")
    panels = [
        FieldPanel("name"),
        FieldPanel("abbreviation"),
        FieldRowPanel([FieldPanel("address"), FieldPanel("phone")]),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("studio")


class MediatorAdmin(RecordAdmin):
    """The roster: case workers read it; studio leads and the committee office keep it (model rights)."""

    model = Mediator
    menu_label = _l("调解员名册")
    menu_icon = "group"
    list_display = ("name", "organisation", "specialities", yes_no(Mediator, "active"))
    list_filter = ("active",)
    search_fields = ("name", "organisation", "specialities")
    inspect_view_enabled = False
    history_view_enabled = False


class MediationGroup(ModelAdminGroup):
    menu_label = _l("纠纷调解")
    menu_icon = "folder-open-inverse"
    menu_order = 210
    items = (MediationFileAdmin, MediatorAdmin, MediationCommitteeAdmin)


modeladmin_register(MediationGroup)


@hooks.register("case_inspect_sections")
def continue_as_mediation(request, case):
    return views.continue_as_mediation_section(request, case)
