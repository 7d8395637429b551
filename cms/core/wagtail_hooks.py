"""Core admin pages: the personal-data access log (设置 → 个人信息访问记录, read-only, for the committee
office) and the login lockouts (设置 → 登录锁定, superusers)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _l
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import modeladmin_register

from cms.core import views
from cms.core.admin import RecordAdmin
from cms.core.models import PersonalDataAccess


class ReadOnlyPermissionHelper(PermissionHelper):
    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class PersonalDataAccessAdmin(RecordAdmin):
    model = PersonalDataAccess
    menu_label = _l("个人信息访问记录")
    menu_icon = "view"
    add_to_settings_menu = True
    permission_helper_class = ReadOnlyPermissionHelper
    history_view_enabled = False
    list_display = ("at", "user", "action", "subject")
    list_filter = ("action", "at")
    search_fields = ("subject", "user__username")
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


modeladmin_register(PersonalDataAccessAdmin)


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def lockout_urls():
    return [path("lockouts/", views.lockouts, name="core_lockouts")]


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return SuperuserMenuItem(_l("登录锁定"), reverse("core_lockouts"), icon_name="lock")
