"""The registers' admin (menu "登记名册") on wagtail-modeladmin: members (masked in the list, whole on their
page only for the owning studio's staff, each view logged), with their verification, withdrawal and the
work recorded with them; sages' engagements, talent services, 人才驿站 days and bookings, care services.

Every object is checked against ``cms.core.access`` (MANAGE_REGISTERS); nothing is created or edited through
modeladmin's forms but the station's days: changes go through ``cms/registers/services.py``, members' and the
registers' notices through their own edit pages (``views.member_edit``, ``views.notice_edit``).
"""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import InspectView

from cms.core import audit, privacy
from cms.core.access import MANAGE_REGISTERS, SEE_PERSONAL_DATA, can, studio_ids_for
from cms.core.admin import (
    InspectOnlyButtonHelper,
    ListIndexView,
    RecordAdmin,
    StudioScopedPermissionHelper,
)
from cms.core.history import revisions
from cms.registers import forms, services, views
from cms.registers.models import (
    Booking,
    CareService,
    Engagement,
    Member,
    MemberState,
    Register,
    RegisterKind,
    StationDay,
    TalentService,
)
from cms.registers.models.members import PROFILES, profile_values

_PERSONAL_FIELDS = {
    "name": privacy.mask_name,
    "phone": privacy.mask_phone,
    "id_number": privacy.mask_id_number,
}


class RegistersPermissionHelper(StudioScopedPermissionHelper):
    """Read and act through the pages and their forms; modeladmin's own create and edit are closed."""

    action = MANAGE_REGISTERS

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


def _station_studio_id(user) -> int:
    # Asked for both station menu items on every admin page: read once per request's user.
    if "_qiandeng_station_studio" not in user.__dict__:
        user.__dict__["_qiandeng_station_studio"] = services.station_studio_id()
    return user.__dict__["_qiandeng_station_studio"]


class StationPermissionHelper(StudioScopedPermissionHelper):
    """The 人才驿站's days belong to the talents register's studio."""

    action = MANAGE_REGISTERS

    def in_scope(self, user, obj) -> bool:
        return can(user, self.action, _station_studio_id(user))

    def user_can_list(self, user):
        return super().user_can_list(user) and can(user, self.action, _station_studio_id(user))

    def user_can_create(self, user):
        return super().user_can_create(user) and can(user, self.action, _station_studio_id(user))


class BookingPermissionHelper(StationPermissionHelper):
    """Bookings are made on the public page and settled through ``services.record_attendance`` only."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class ScopedAdmin(RecordAdmin):
    permission_helper_class = RegistersPermissionHelper
    button_helper_class = InspectOnlyButtonHelper
    inspect_view_enabled = True
    history_view_enabled = False
    list_per_page = 20

    def get_queryset(self, request):
        ids = studio_ids_for(request.user, MANAGE_REGISTERS)
        return super().get_queryset(request).filter(studio_id__in=ids)


def masked_name(obj) -> str:
    return privacy.mask_name(obj.name)


masked_name.short_description = _l("姓名")


def masked_phone(obj) -> str:
    return privacy.mask_phone(obj.phone)


masked_phone.short_description = _l("手机号码")


class MemberIndexView(ListIndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = studio_ids_for(self.request.user, MANAGE_REGISTERS)
        registers = list(Register.objects.filter(studio_id__in=ids).values_list("kind", "title"))
        context["export_links"] = (
            [
                (_("导出 %(title)s") % {"title": title}, reverse("registers_export", args=(kind,)))
                for kind, title in registers
            ]
            + [
                (_("导入 %(title)s") % {"title": title}, reverse("registers_import", args=(kind,)))
                for kind, title in registers
            ]
            + [
                (
                    _("告知书：%(title)s") % {"title": title},
                    reverse("registers_notice_edit", args=(kind,)),
                )
                for kind, title in registers
            ]
        )
        return context


class MemberInspectView(InspectView):
    """A member's page: identity (whole only for the owning studio's staff, and then logged), the register's
    own fields, the actions open to them, the work recorded with them and the history."""

    def get_template_names(self):
        return ["registers/member_inspect.html"]

    def get_context_data(self, **kwargs):
        member = self.instance
        reveal = can(self.request.user, SEE_PERSONAL_DATA, member.studio_id)
        if reveal and member.state != MemberState.WITHDRAWN:
            audit.record(self.request, audit.Action.VIEW, _("登记人员 #%(pk)s") % {"pk": member.pk})
        kind = member.register.kind
        profile = PROFILES[kind].objects.filter(member=member).first()
        return {
            **super().get_context_data(**kwargs),
            "member": member,
            "reveal": reveal,
            "profile": profile_values(profile) if profile else [],
            "kind": kind,
            "actions_open": member.state != MemberState.WITHDRAWN,
            "engagement_form": forms.EngagementForm() if kind == RegisterKind.SAGES else None,
            "service_form": forms.TalentServiceForm() if kind == RegisterKind.TALENTS else None,
            "care_form": forms.CareForm() if kind == RegisterKind.NEW_EMPLOYMENT else None,
            "withdraw_form": forms.ReasonForm(),
            "engagements": member.engagements.select_related("case")[:20],
            "talent_services": member.talent_services.all()[:20],
            "care_services": member.care_services.all()[:20],
            "observer_reports": member.observer_reports.select_related("case")[:20],
            "timeline": revisions(
                Member,
                member.history.select_related("history_user"),
                masks=None if reveal else _PERSONAL_FIELDS,
            ),
        }


class MemberAdmin(ScopedAdmin):
    model = Member
    menu_label = _l("登记人员")
    menu_icon = "user"
    index_view_class = MemberIndexView
    index_template_name = "cases/case_index.html"
    inspect_view_class = MemberInspectView
    list_display = (masked_name, masked_phone, "register", "community", "state", "enrolled_at")
    list_filter = ("register", "state")
    search_fields = ("name", "phone")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("register", "community")

    def get_admin_urls_for_registration(self):
        member = "registers/member/<int:pk>"
        return super().get_admin_urls_for_registration() + (
            path(f"{member}/verify/", views.verify, name="registers_verify"),
            path(f"{member}/withdraw/", views.withdraw, name="registers_withdraw"),
            path(f"{member}/engagement/", views.engagement, name="registers_engagement"),
            path(
                f"{member}/talent-service/", views.talent_service, name="registers_talent_service"
            ),
            path(f"{member}/care/", views.care, name="registers_care"),
            path(f"{member}/edit/", views.member_edit, name="registers_member_edit"),
            path("registers/notice/<str:kind>/", views.notice_edit, name="registers_notice_edit"),
            path("registers/export/<str:kind>.xlsx", views.export, name="registers_export"),
            path(
                "registers/import/<str:kind>/",
                views.MemberImportView.as_view(),
                name="registers_import",
            ),
            path(
                "registers/import/<str:kind>/template.xlsx",
                views.MemberImportView.as_view(download=True),
                name="registers_import_template",
            ),
        )


class EngagementAdmin(ScopedAdmin):
    model = Engagement
    menu_label = _l("新乡贤参与")
    menu_icon = "group"
    list_display = ("happened_on", "kind", "summary", "case")
    list_filter = ("kind",)
    search_fields = ("summary",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("case")


class TalentServiceInspectView(InspectView):
    def get_template_names(self):
        return ["registers/talent_service_inspect.html"]

    def get_context_data(self, **kwargs):
        service = self.instance
        return {
            **super().get_context_data(**kwargs),
            "service": service,
            "answer_form": forms.AnswerForm(),
            "timeline": revisions(TalentService, service.history.select_related("history_user")),
        }


class TalentServiceAdmin(ScopedAdmin):
    model = TalentService
    menu_label = _l("人才服务")
    menu_icon = "help"
    inspect_view_class = TalentServiceInspectView
    list_display = ("received_at", "need", "state", "due_at", "handler")
    list_filter = ("state", "need")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("handler")

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "registers/talent-service/<int:pk>/<str:step>/",
                views.service_step,
                name="registers_service_step",
            ),
        )


class StationDayAdmin(RecordAdmin):
    model = StationDay
    menu_label = _l("人才驿站开放日")
    menu_icon = "date"
    permission_helper_class = StationPermissionHelper
    history_view_enabled = False
    list_display = ("day", "seats", "closed")
    ordering = ("-day",)
    edit_handler = ObjectList([FieldPanel("day"), FieldPanel("seats"), FieldPanel("closed")])


class BookingAdmin(RecordAdmin):
    model = Booking
    menu_label = _l("人才驿站预约")
    menu_icon = "tick"
    permission_helper_class = BookingPermissionHelper
    history_view_enabled = False
    list_display = ("station_day", masked_name, masked_phone, "state", "attendance")
    list_filter = ("state",)
    ordering = ("-station_day__day", "booked_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("station_day")

    def attendance(self, booking):
        if booking.state != Booking.State.BOOKED:
            return "—"
        return format_html(
            '<a class="button button-small" href="{}">{}</a>',
            reverse("registers_attendance", args=(booking.pk,)),
            _("登记到场情况"),
        )

    attendance.short_description = _l("到场情况")

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "registers/booking/<int:pk>/attendance/",
                views.attendance,
                name="registers_attendance",
            ),
        )


class CareServiceAdmin(ScopedAdmin):
    model = CareService
    menu_label = _l("关怀服务")
    menu_icon = "pick"
    list_display = ("served_on", "kind", "station")
    list_filter = ("kind",)
    search_fields = ("station",)


class RegistersGroup(ModelAdminGroup):
    menu_label = _l("登记名册")
    menu_icon = "list-ul"
    menu_order = 230
    items = (
        MemberAdmin,
        EngagementAdmin,
        TalentServiceAdmin,
        StationDayAdmin,
        BookingAdmin,
        CareServiceAdmin,
    )


modeladmin_register(RegistersGroup)
