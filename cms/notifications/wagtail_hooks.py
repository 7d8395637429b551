"""Notifications in the admin: each staff member's notices (menu item with the unread count, dashboard
panel, list), and for the committee office the outbox (通知 → 发送记录: state, attempts, last error) and the
scheduled runs; the development SMS records for superusers only (they hold phone numbers)."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from cms.core.access import is_committee_office
from cms.core.admin import RecordAdmin
from cms.core.privacy import mask_phone
from cms.notifications import views
from cms.notifications.models import Message, ScheduledRun, SmsRecord


@hooks.register("register_admin_urls")
def notification_urls():
    return [
        path("notices/", views.notice_list, name="notifications_notice_list"),
        path("notices/<int:pk>/", views.notice_open, name="notifications_notice_open"),
        path("notices/read/", views.mark_all_read, name="notifications_mark_all_read"),
    ]


class NoticesMenuItem(MenuItem):
    """我的通知, with the number of unread notices in the label (one COUNT per admin page)."""

    def render_component(self, request):
        count = views.unread(request.user).count()
        self.label = _("我的通知（%(n)s）") % {"n": count} if count else _("我的通知")
        return super().render_component(request)


@hooks.register("register_admin_menu_item")
def notices_menu_item():
    return NoticesMenuItem(
        _l("我的通知"), reverse("notifications_notice_list"), icon_name="mail", order=90
    )


class NoticePanel(Component):
    name = "notices"
    template_name = "notifications/dashboard_panel.html"
    order = 40

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        unread = views.unread(self.user)
        return {"notices": list(unread[:5]), "unread_count": unread.count()}


@hooks.register("construct_homepage_panels")
def add_notice_panel(request, panels):
    panels.append(NoticePanel(request.user))


class CommitteeOfficeReadOnly(PermissionHelper):
    """Read-only, for the committee office and superusers."""

    def user_can_list(self, user):
        return user.is_active and (user.is_superuser or is_committee_office(user))

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class SuperuserReadOnly(CommitteeOfficeReadOnly):
    def user_can_list(self, user):
        return user.is_active and user.is_superuser


def masked_address(address: str) -> str:
    if "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    return mask_phone(address)


class MessageAdmin(RecordAdmin):
    model = Message
    menu_label = _l("发送记录")
    menu_icon = "mail"
    permission_helper_class = CommitteeOfficeReadOnly
    history_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = (
        "channel",
        "template",
        "context",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    )
    list_display = (
        "created_at",
        "channel",
        "recipient",
        "template",
        "state",
        "attempts",
        "last_error",
        "sent_at",
    )
    list_filter = ("state", "channel", "template")
    list_per_page = 50

    def recipient(self, obj: Message) -> str:
        return obj.user.get_username() if obj.user_id else masked_address(obj.address)

    recipient.short_description = _l("接收人")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class ScheduledRunAdmin(RecordAdmin):
    model = ScheduledRun
    menu_label = _l("定时任务")
    menu_icon = "time"
    permission_helper_class = CommitteeOfficeReadOnly
    history_view_enabled = False
    list_display = ("claimed_at", "job", "period_key", "state", "attempts", "finished_at", "result")
    list_filter = ("job", "state")
    list_per_page = 50


class SmsRecordAdmin(RecordAdmin):
    model = SmsRecord
    menu_label = _l("短信记录（开发）")
    menu_icon = "mail"
    permission_helper_class = SuperuserReadOnly
    history_view_enabled = False
    list_display = ("sent_at", "phone", "template_id", "text", "out_id")
    search_fields = ("phone",)
    list_per_page = 50


class NotificationsGroup(ModelAdminGroup):
    menu_label = _l("通知")
    menu_icon = "mail"
    menu_order = 850
    items = (MessageAdmin, ScheduledRunAdmin, SmsRecordAdmin)


modeladmin_register(NotificationsGroup)
