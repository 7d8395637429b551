"""The committee's admin menu (基层治理委员会): the three-rates dashboard and monthly report, the routing
queue, and the resource bank (on wagtail-modeladmin, kept inside this menu).

The committee office sees every studio; a studio's leads see their own figures (``access.SEE_FIGURES``).
The resource bank is pooled: every case handler reads it; owner studios and the office keep it.
"""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _l
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import modeladmin_register

from cms.committee import resource_views, services, views
from cms.committee.forms import ResourceForm
from cms.committee.models import Resource
from cms.core.access import HANDLE_CASES, SEE_FIGURES, is_committee_office, studio_ids_for
from cms.core.admin import RecordAdmin, admin_url, yes_no


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(studio_ids_for(request.user, SEE_FIGURES))


class CommitteeOfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_committee_office(request.user)


@hooks.register("register_admin_urls")
def committee_urls():
    return [
        path("committee/dashboard/", views.dashboard, name="committee_dashboard"),
        path("committee/report.xlsx", views.report_xlsx, name="committee_report_xlsx"),
        path("committee/report/print/", views.report_print, name="committee_report_print"),
        path("committee/routing/", views.routing_queue, name="committee_routing_queue"),
    ]


committee_menu = Menu(register_hook_name="register_committee_menu_item", construct_hook_name=None)


@hooks.register("register_committee_menu_item")
def dashboard_menu_item():
    return FiguresMenuItem(_l("三率看板"), reverse("committee_dashboard"), icon_name="table")


@hooks.register("register_committee_menu_item")
def routing_menu_item():
    return CommitteeOfficeMenuItem(
        _l("待分派队列"), reverse("committee_routing_queue"), icon_name="resubmit", order=10
    )


class ResourcePermissionHelper(PermissionHelper):
    """Every case handler reads the bank and adds to it; a resource is changed by its owners."""

    def user_can_list(self, user):
        return super().user_can_list(user) and bool(studio_ids_for(user, HANDLE_CASES))

    def user_can_create(self, user):
        return super().user_can_create(user) and bool(studio_ids_for(user, HANDLE_CASES))

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and services.owns(user, obj)

    def user_can_delete_obj(self, user, obj):
        return user.is_superuser


class ResourceAdmin(RecordAdmin):
    model = Resource
    menu_label = _l("资源库")
    menu_icon = "cogs"
    add_to_admin_menu = False  # listed in the committee's menu
    permission_helper_class = ResourcePermissionHelper
    inspect_view_enabled = True
    history_view_enabled = False
    list_display = ("name", "kind", "category", "availability", yes_no(Resource, "public"))
    list_filter = ("kind", "category", "public", "studios")
    search_fields = ("name", "description", "provider", "target_groups")
    list_per_page = 20
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("category")]),
            FieldPanel("name"),
            FieldPanel("studios"),
            FieldPanel("tags"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_phone")]),
            FieldRowPanel([FieldPanel("availability"), FieldPanel("public")]),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("capacity"), FieldPanel("booking_contact")])],
                heading=_l("场地"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("provider"),
                    FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                    FieldPanel("amount"),
                    FieldPanel("target_groups"),
                    FieldPanel("kpis"),
                ],
                heading=_l("服务项目与资金"),
            ),
        ],
        base_form_class=ResourceForm,
    )

    def inspect_view(self, request, instance_pk):
        if not self.permission_helper.user_can_list(request.user):
            raise PermissionDenied
        return resource_views.resource_page(request, int(instance_pk))

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "committee/resource/<int:pk>/use/",
                resource_views.record_use,
                name="committee_resource_use",
            ),
        )


modeladmin_register(ResourceAdmin)


class ResourceMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(studio_ids_for(request.user, HANDLE_CASES))


@hooks.register("register_committee_menu_item")
def resource_menu_item():
    return ResourceMenuItem(_l("资源库"), admin_url(Resource), icon_name="cogs", order=20)


@hooks.register("case_inspect_sections")
def case_resources(request, case):
    return resource_views.case_resources_section(request, case)


@hooks.register("register_admin_menu_item")
def committee_menu_item():
    return SubmenuMenuItem(
        _l("基层治理委员会"), committee_menu, icon_name="site", name="committee", order=190
    )
