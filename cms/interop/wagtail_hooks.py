"""The interop admin (menu "对外接口") on wagtail-modeladmin, for the committee office only: Open311 API
clients and their keys, the extra questions services ask, the 12345 spreadsheet's column mapping, the
imported work orders, and the import and reply-export pages.

Rights come from ``is_committee_office`` alone (these records belong to no studio); the built-in history
views are off (they check nothing; the records keep their own history), and deleting is for superusers.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _l
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import InspectView

from cms.core.access import is_committee_office
from cms.core.admin import RecordAdmin
from cms.interop import views
from cms.interop.models import ApiClient, HotlineColumn, HotlineOrder, ServiceAttribute


class OfficePermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return is_committee_office(user)

    def user_can_inspect_obj(self, user, obj):
        return is_committee_office(user)

    def user_can_create(self, user):
        return is_committee_office(user)

    def user_can_edit_obj(self, user, obj):
        return is_committee_office(user)

    def user_can_delete_obj(self, user, obj):
        return user.is_superuser


class ReadOnlyPermissionHelper(OfficePermissionHelper):
    """Records written by the import only."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class OfficeAdmin(RecordAdmin):
    permission_helper_class = OfficePermissionHelper
    history_view_enabled = False
    list_per_page = 50


class ApiClientInspectView(InspectView):
    def get_template_names(self):
        return ["interop/apiclient_inspect.html"]


class ApiClientAdmin(OfficeAdmin):
    model = ApiClient
    menu_label = _l("接口客户端")
    menu_icon = "key"
    inspect_view_enabled = True
    inspect_view_class = ApiClientInspectView
    inspect_view_fields = (
        "name",
        "note",
        "requests_per_hour",
        "key_prefix",
        "issued_at",
        "revoked_at",
    )
    list_display = ("name", "key_prefix", "issued_at", "revoked_at", "requests_per_hour")
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("note"), FieldPanel("requests_per_hour")]
    )


class ServiceAttributeAdmin(OfficeAdmin):
    model = ServiceAttribute
    menu_label = _l("服务附加问题")
    menu_icon = "help"
    list_display = ("description", "category", "code", "datatype", "required", "order")
    list_filter = ("category__studio",)
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("category"), FieldPanel("code")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("datatype"), FieldPanel("required"), FieldPanel("order")]),
            FieldPanel("values"),
        ]
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category__studio")


class HotlineColumnPermissionHelper(OfficePermissionHelper):
    """The fields are fixed (one row each, seeded by migration); the office edits their headers."""

    def user_can_create(self, user):
        return False


class HotlineColumnAdmin(OfficeAdmin):
    model = HotlineColumn
    menu_label = _l("12345 工单列")
    menu_icon = "table"
    permission_helper_class = HotlineColumnPermissionHelper
    list_display = ("field", "header")
    edit_handler = ObjectList([FieldPanel("header")])


class HotlineOrderAdmin(OfficeAdmin):
    model = HotlineOrder
    menu_label = _l("12345 工单")
    menu_icon = "list-ul"
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = ("order_number", "case", "deadline", "imported_at")
    search_fields = ("order_number", "case__reference")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("case")


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_committee_office(request.user)


class InteropGroup(ModelAdminGroup):
    menu_label = _l("对外接口")
    menu_icon = "link"
    menu_order = 190
    items = (ApiClientAdmin, ServiceAttributeAdmin, HotlineOrderAdmin, HotlineColumnAdmin)

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items += [
            OfficeMenuItem(
                _l("导入 12345 工单"),
                reverse("interop_hotline_import"),
                icon_name="upload",
                order=900,
            ),
            OfficeMenuItem(
                _l("导出 12345 答复"),
                reverse("interop_hotline_replies"),
                icon_name="download",
                order=910,
            ),
        ]
        return items


modeladmin_register(InteropGroup)


@hooks.register("register_admin_urls")
def interop_urls():
    return [
        path("interop/clients/<int:pk>/issue/", views.issue_key, name="interop_issue_key"),
        path("interop/clients/<int:pk>/revoke/", views.revoke_key, name="interop_revoke_key"),
        path("interop/hotline/import/", views.hotline_import, name="interop_hotline_import"),
        path(
            "interop/hotline/template.xlsx", views.hotline_template, name="interop_hotline_template"
        ),
        path("interop/hotline/replies/", views.hotline_replies, name="interop_hotline_replies"),
    ]
