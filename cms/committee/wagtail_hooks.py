"""The committee's admin menu (基层治理委员会): the three-rates dashboard and the monthly report.

The committee office sees every studio; a studio's leads see their own (``access.SEE_FIGURES``).
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _l
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from cms.committee import views
from cms.core.access import SEE_FIGURES, is_committee_office, studio_ids_for


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


@hooks.register("register_admin_menu_item")
def committee_menu_item():
    return SubmenuMenuItem(
        _l("基层治理委员会"), committee_menu, icon_name="site", name="committee", order=190
    )
