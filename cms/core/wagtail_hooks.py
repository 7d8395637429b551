"""The personal-data access log in the admin (设置 → 个人信息访问记录): read-only, for the committee office."""

from django.utils.translation import gettext_lazy as _l
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from cms.core.models import PersonalDataAccess


class ReadOnlyPermissionHelper(PermissionHelper):
    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class PersonalDataAccessAdmin(ModelAdmin):
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
