"""The places admin (menu "社区与小区") on wagtail-modeladmin: communities and villages, estates, grid cells,
and the committee office's spreadsheet import.

Places belong to no studio: every studio's staff read them, the committee office keeps them
(``cms.core.access``: VIEW_PLACES, EDIT_PLACES). Deleting is left to superusers, since cases and other
records point at places.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _l
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from cms.core.access import EDIT_PLACES, VIEW_PLACES, may
from cms.core.admin import YesNoInspectView, yes_no
from cms.places import views
from cms.places.models import Community, Estate, GridCell


class PlacePermissionHelper(PermissionHelper):
    """Rights from ``access`` alone: places need no Django model permissions on the studios' groups."""

    def user_can_list(self, user):
        return may(user, VIEW_PLACES)

    def user_can_inspect_obj(self, user, obj):
        return may(user, VIEW_PLACES)

    def user_can_create(self, user):
        return may(user, EDIT_PLACES)

    def user_can_edit_obj(self, user, obj):
        return may(user, EDIT_PLACES)

    def user_can_delete_obj(self, user, obj):
        return user.is_superuser


class PlaceAdmin(ModelAdmin):
    permission_helper_class = PlacePermissionHelper
    inspect_view_enabled = True
    inspect_view_class = YesNoInspectView
    history_view_enabled = (
        False  # the built-in history view checks nothing; the records keep their own
    )
    list_per_page = 50


class CommunityAdmin(PlaceAdmin):
    model = Community
    menu_label = _l("社区/村")
    menu_icon = "home"
    list_display = ("name", "code", "kind", "households", "sort_order", yes_no(Community, "active"))
    list_filter = ("kind", "active")
    search_fields = ("name", "code", "address")
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("households")]),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("sort_order"), FieldPanel("active")]),
        ]
    )


class EstateAdmin(PlaceAdmin):
    model = Estate
    menu_label = _l("小区")
    menu_icon = "group"
    list_display = (
        "name",
        "community",
        "households",
        "year_built",
        "property_company",
        yes_no(Estate, "active"),
    )
    list_filter = ("community", "active")
    search_fields = ("name", "address", "property_company")
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("community"), FieldPanel("name")]),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("households"), FieldPanel("year_built")]),
            FieldPanel("property_company"),
            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            FieldPanel("active"),
        ]
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("community")


class GridCellAdmin(PlaceAdmin):
    model = GridCell
    menu_label = _l("网格")
    menu_icon = "table"
    list_display = ("name", "community", "estate", yes_no(GridCell, "active"))
    list_filter = ("community", "active")
    search_fields = ("name",)
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("community"), FieldPanel("estate")]),
            FieldPanel("name"),
            FieldPanel("workers"),
            FieldPanel("active"),
        ]
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("community", "estate")


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may(request.user, EDIT_PLACES)


class PlacesGroup(ModelAdminGroup):
    menu_label = _l("社区与小区")
    menu_icon = "site"
    menu_order = 180
    items = (CommunityAdmin, EstateAdmin, GridCellAdmin)

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.append(
            ImportMenuItem(_l("表格导入"), reverse("places_import"), icon_name="upload", order=900)
        )
        return items


modeladmin_register(PlacesGroup)


@hooks.register("register_admin_urls")
def places_urls():
    return [
        path("places/import/", views.import_places, name="places_import"),
        path("places/import/template.xlsx", views.template, name="places_import_template"),
    ]
