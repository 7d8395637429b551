"""The places admin (menu "社区与小区") on wagtail-modeladmin: communities and villages, estates, grid cells,
the committee office's spreadsheet import; and studio 06's owners' committees (menu "业委会") with their
members, elections and the "红色业委会" criteria, and a dashboard reminder of terms ending soon.

Places belong to no studio: every studio's staff read them, the committee office keeps them
(``cms.core.access``: VIEW_PLACES, EDIT_PLACES). Owners' committees are opened by studio 06 and the committee
office only (``cms/places/access.py``); members' names and phones are unmasked for studio 06's staff only,
and each unmasked view is logged. Deleting is left to superusers, since other records point at these.
"""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, InspectView

from cms.core import audit, masked_forms, privacy
from cms.core.access import EDIT_PLACES, VIEW_PLACES, may
from cms.core.admin import PersonalDataEditView, RecordAdmin, YesNoInspectView, yes_no
from cms.core.history import revisions
from cms.places import access, services, views
from cms.places.forms import CommitteeMemberForm
from cms.places.models import (
    TERM_REMINDER_DAYS,
    CommitteeMember,
    Community,
    Election,
    Estate,
    GridCell,
    OwnersCommittee,
    RedCommitteeCriteria,
)


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


class PlaceAdmin(RecordAdmin):
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


# --- owners' committees (studio 06) ------------------------------------------------------------


class CommitteePermissionHelper(PermissionHelper):
    """Studio 06 and the committee office open and edit committees; others nothing."""

    def user_can_list(self, user):
        return access.may_open(user)

    def user_can_inspect_obj(self, user, obj):
        return access.may_open(user)

    def user_can_create(self, user):
        return access.may_open(user)

    def user_can_edit_obj(self, user, obj):
        return access.may_open(user)

    def user_can_delete_obj(self, user, obj):
        return user.is_superuser


class KeptByStudioPermissionHelper(CommitteePermissionHelper):
    """Members (names and phones in the form) and the criteria: changed by studio 06's own staff only."""

    def user_can_create(self, user):
        return access.keeps(user)

    def user_can_edit_obj(self, user, obj):
        return access.keeps(user)


class ElectionPermissionHelper(CommitteePermissionHelper):
    def user_can_edit_obj(self, user, obj):
        return False  # an election held is a fact; a correction is a new record


class CommitteeInspectView(InspectView):
    """The committee's file: term, red-committee status, contract, members (masked unless the viewer keeps
    them, logged when not), elections and the revision history."""

    def get_template_names(self):
        return ["places/owners_committee_inspect.html"]

    def get_context_data(self, **kwargs):
        committee = self.instance
        user = self.request.user
        members = list(committee.members.all())
        unmasked = access.keeps(user)
        if unmasked and members:
            audit.record(
                self.request, audit.Action.VIEW, _("业委会委员 %(name)s") % {"name": committee}
            )
        criteria = RedCommitteeCriteria.current()
        return {
            **super().get_context_data(**kwargs),
            "committee": committee,
            "members": [
                (
                    member,
                    member.name if unmasked else privacy.mask_name(member.name),
                    member.phone if unmasked else privacy.mask_phone(member.phone),
                )
                for member in members
            ],
            "unmasked": unmasked,
            "is_red": committee.is_red(criteria, [m for m in members if m.serving]),
            "criteria": criteria,
            "elections": committee.elections.all(),
            "days_left": committee.days_left(),
            "reminder_days": TERM_REMINDER_DAYS,
            "timeline": revisions(
                OwnersCommittee, committee.history.select_related("history_user")
            ),
            "edit_url": self.url_helper.get_action_url("edit", committee.pk),
            "member_url": reverse("places_committeemember_modeladmin_create")
            + f"?committee={committee.pk}",
            "election_url": reverse("places_election_modeladmin_create")
            + f"?committee={committee.pk}",
            "keeps": unmasked,
        }


class OwnersCommitteeAdmin(RecordAdmin):
    model = OwnersCommittee
    menu_label = _l("业委会")
    menu_icon = "group"
    permission_helper_class = CommitteePermissionHelper
    inspect_view_class = CommitteeInspectView
    inspect_view_enabled = True
    history_view_enabled = False
    list_display = ("estate", "community", "term_start", "term_end", "party_branch")
    list_filter = ("estate__community",)
    search_fields = ("estate__name", "party_branch", "contract_company")
    edit_handler = ObjectList(
        [
            FieldPanel("estate"),
            FieldRowPanel([FieldPanel("term_start"), FieldPanel("term_end")]),
            FieldPanel("party_branch"),
            MultiFieldPanel(
                [
                    FieldPanel("contract_company"),
                    FieldRowPanel([FieldPanel("contract_start"), FieldPanel("contract_end")]),
                    FieldPanel("fee_per_square_metre"),
                ],
                heading=_l("物业服务合同"),
            ),
        ]
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("estate__community")

    def community(self, committee):
        return committee.estate.community.name

    community.short_description = _l("社区/村")


class MemberEditing:
    """A member's form opened from its committee's page ("添加委员") starts on that committee."""

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("committee", "").isdigit():
            initial["committee"] = self.request.GET["committee"]
        return initial


class MemberCreateView(MemberEditing, CreateView):
    pass


class MemberEditView(MemberEditing, PersonalDataEditView):
    pass


class CommitteeMemberAdmin(RecordAdmin):
    """Members are read on their committee's page; this list masks everyone, whoever reads it."""

    model = CommitteeMember
    menu_label = _l("业委会委员")
    menu_icon = "user"
    permission_helper_class = KeptByStudioPermissionHelper
    create_view_class = MemberCreateView
    edit_view_class = MemberEditView
    history_view_enabled = False
    list_display = ("masked_name", "committee", "role", "masked_phone", "serving")
    list_filter = ("role", "serving")
    edit_handler = ObjectList(
        [
            FieldPanel("committee"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("phone")]),
            FieldPanel("role"),
            FieldRowPanel([FieldPanel("party_member"), FieldPanel("party_consent")]),
            FieldPanel("serving"),
        ],
        base_form_class=CommitteeMemberForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee__estate")

    def personal_data(self, request, member: CommitteeMember) -> masked_forms.PersonalData:
        """Name and phone, whole (after "显示", logged) for studio 06's own staff, as on the committee's page."""
        masks = {"name": privacy.mask_name, "phone": privacy.mask_phone}
        return masked_forms.PersonalData.of(
            masks,
            masks if access.keeps(request.user) else (),
            _("业委会委员 #%(pk)s") % {"pk": member.pk},
        )

    def masked_name(self, member):
        return privacy.mask_name(member.name)

    masked_name.short_description = _l("姓名")

    def masked_phone(self, member):
        return privacy.mask_phone(member.phone) if member.phone else "—"

    masked_phone.short_description = _l("手机号码")


class ElectionCreateView(CreateView):
    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("committee", "").isdigit():
            initial["committee"] = self.request.GET["committee"]
        return initial

    def form_valid(self, form):
        election = services.record_election(self.request.user, form.save(commit=False))
        messages.success(self.request, _("已登记 %(election)s。") % {"election": election})
        return redirect(
            reverse("places_ownerscommittee_modeladmin_inspect", args=(election.committee_id,))
        )


class ElectionAdmin(RecordAdmin):
    model = Election
    menu_label = _l("选举与换届")
    menu_icon = "date"
    permission_helper_class = ElectionPermissionHelper
    create_view_class = ElectionCreateView
    history_view_enabled = False
    list_display = ("committee", "kind", "held_on", "term_start", "term_end")
    list_filter = ("kind",)
    edit_handler = ObjectList(
        [
            FieldPanel("committee"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("held_on")]),
            FieldRowPanel([FieldPanel("term_start"), FieldPanel("term_end")]),
            FieldPanel("note"),
        ]
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee__estate")


class CriteriaAdmin(RecordAdmin):
    model = RedCommitteeCriteria
    menu_label = _l("红色业委会认定标准")
    menu_icon = "tick"
    permission_helper_class = KeptByStudioPermissionHelper
    history_view_enabled = False
    list_display = ("__str__", "min_party_share", "requires_party_branch", "requires_party_chair")


class OwnersCommitteesGroup(ModelAdminGroup):
    menu_label = _l("业委会")
    menu_icon = "group"
    menu_order = 181
    items = (OwnersCommitteeAdmin, CommitteeMemberAdmin, ElectionAdmin, CriteriaAdmin)


modeladmin_register(OwnersCommitteesGroup)


class TermReminderPanel(Component):
    """Dashboard panel for studio 06 and the office: owners' committees whose term ends within 90 days."""

    name = "owners_committee_terms"
    template_name = "places/term_reminder_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        ending = (
            OwnersCommittee.objects.term_ending_within(TERM_REMINDER_DAYS, today)
            .select_related("estate__community")
            .order_by("term_end")
        )
        return {
            "committees": [(c, c.days_left(today)) for c in ending],
            "days": TERM_REMINDER_DAYS,
        }


@hooks.register("construct_homepage_panels")
def add_term_reminders(request, panels):
    if access.may_open(request.user):
        panels.append(TermReminderPanel())
