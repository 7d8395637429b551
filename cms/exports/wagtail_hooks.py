"""The exports' admin pages (我的导出): registered here, the views in ``cms/exports/views.py``."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.exports import views


@hooks.register("register_admin_urls")
def export_urls():
    return [
        path("exports/", views.job_list, name="exports_list"),
        path("exports/<int:pk>/", views.job_detail, name="exports_job"),
        path("exports/<int:pk>/download/", views.download, name="exports_download"),
    ]


@hooks.register("register_admin_menu_item")
def exports_menu_item():
    return MenuItem(_("我的导出"), reverse("exports_list"), icon_name="download", order=91)
