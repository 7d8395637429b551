"""The volunteer admin (menu "志愿服务") on wagtail-modeladmin: volunteers with their hours ledger, teams,
activities with residents' sign-ups, service records with verification, certificates, the i志愿 export.

Objects are checked against ``cms.core.access`` (MANAGE_VOLUNTEERS) as in the case admin; saving goes
through ``cms/volunteers/services.py``.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView, IndexView, InspectView

from cms.core import audit, masked_forms, privacy
from cms.core.access import MANAGE_VOLUNTEERS, SEE_PERSONAL_DATA, can, studio_ids_for
from cms.core.admin import (
    BoundedIndexView,
    BoundedSearchHandler,
    PersonalDataEditView,
    RecordAdmin,
    StudioScopedPermissionHelper,
    admin_url,
    yes_no,
)
from cms.core.history import revisions
from cms.volunteers import forms, services, views
from cms.volunteers.models import (
    Certificate,
    ServiceActivity,
    ServiceRecord,
    SignUp,
    Team,
    Volunteer,
)

# What a volunteer's page and form mask for those outside the volunteer's studio.
PERSONAL_FIELDS = {"phone": privacy.mask_phone, "id_number": privacy.mask_id_number}


class VolunteersPermissionHelper(StudioScopedPermissionHelper):
    action = MANAGE_VOLUNTEERS


class RecordPermissionHelper(VolunteersPermissionHelper):
    def in_scope(self, user, obj) -> bool:
        return can(user, self.action, obj.activity.studio_id)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and obj.status == ServiceRecord.Status.DRAFT


class CertificatePermissionHelper(VolunteersPermissionHelper):
    def user_can_edit_obj(self, user, obj):
        return False  # issued certificates never change

    def user_can_delete_obj(self, user, obj):
        return False


class ScopedAdmin(RecordAdmin):
    """The user's studios' objects only; the studio filter only for those who see several studios."""

    permission_helper_class = VolunteersPermissionHelper
    studio_path = "studio_id"
    list_per_page = 20

    def get_queryset(self, request):
        ids = studio_ids_for(request.user, MANAGE_VOLUNTEERS)
        return super().get_queryset(request).filter(**{f"{self.studio_path}__in": ids})

    def get_list_filter(self, request):
        if len(studio_ids_for(request.user, MANAGE_VOLUNTEERS)) < 2:
            return [f for f in self.list_filter if "studio" not in f]
        return self.list_filter


class ServiceSaveView:
    """Create and edit views that save through a service and show its refusal on the form."""

    def form_valid(self, form):
        try:
            instance = self.save_through_service(form)
        except services.VolunteerRuleError as refusal:
            form.add_error(None, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存 %(object)s。") % {"object": instance})
        return redirect(self.index_url)


class VolunteerSaveView(ServiceSaveView):
    def save_through_service(self, form):
        volunteer = form.save(commit=False)
        volunteer.consented_at = volunteer.consented_at or timezone.now()
        services.save_volunteer(self.request.user, volunteer, teams=form.cleaned_data["teams"])
        volunteer.skills.set(form.cleaned_data["skills"])
        return volunteer


class VolunteerCreateView(VolunteerSaveView, CreateView):
    pass


class VolunteerEditView(VolunteerSaveView, PersonalDataEditView):
    pass


class VolunteerInspectView(InspectView):
    """The volunteer's file: identity (masked unless the viewer handles the studio), the hours ledger,
    recent records, certificates and the revision history."""

    def get_template_names(self):
        return ["volunteers/volunteer_inspect.html"]

    def get_context_data(self, **kwargs):
        volunteer = self.instance
        personal = can(self.request.user, SEE_PERSONAL_DATA, volunteer.studio_id)
        if personal:
            audit.record(
                self.request, audit.Action.VIEW, _("志愿者 #%(pk)s") % {"pk": volunteer.pk}
            )
        masks = None if personal else PERSONAL_FIELDS
        records = volunteer.records.select_related("activity", "activity__team")
        return {
            **super().get_context_data(**kwargs),
            "volunteer": volunteer,
            "personal": personal,
            "ledger": services.ledger(volunteer),
            "records": records[:20],
            "certificates": volunteer.certificates.select_related("team"),
            "teams": volunteer.teams.all(),
            "skills": volunteer.skills.all(),
            "timeline": revisions(
                Volunteer, volunteer.history.select_related("history_user"), masks=masks
            ),
            "edit_url": self.url_helper.get_action_url("edit", volunteer.pk),
        }


class VolunteerAdmin(ScopedAdmin):
    model = Volunteer
    menu_label = _l("志愿者")
    menu_icon = "user"
    create_view_class = VolunteerCreateView
    edit_view_class = VolunteerEditView
    inspect_view_class = VolunteerInspectView
    inspect_view_enabled = True
    history_view_enabled = False
    list_display = (
        "name",
        "masked_phone",
        "studio",
        yes_no(Volunteer, "party_member"),
        "status",
        "joined_on",
    )
    list_filter = ("status", "party_member", "teams", "studio")
    search_fields = ("name", "=phone", "=izhiyuan_number")
    search_handler_class = BoundedSearchHandler
    index_view_class = BoundedIndexView
    edit_handler = ObjectList(
        [
            FieldPanel("studio"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("gender")]),
            FieldRowPanel([FieldPanel("phone"), FieldPanel("id_number")]),
            FieldRowPanel([FieldPanel("party_member"), FieldPanel("izhiyuan_number")]),
            FieldPanel("skills"),
            FieldPanel("teams"),
            FieldRowPanel([FieldPanel("joined_on"), FieldPanel("status")]),
            FieldPanel("consent"),
        ],
        base_form_class=forms.VolunteerForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("studio")

    def personal_data(self, request, volunteer: Volunteer) -> masked_forms.PersonalData:
        personal = can(request.user, SEE_PERSONAL_DATA, volunteer.studio_id)
        return masked_forms.PersonalData.of(
            PERSONAL_FIELDS,
            PERSONAL_FIELDS if personal else (),
            _("志愿者 #%(pk)s") % {"pk": volunteer.pk},
        )

    def masked_phone(self, volunteer):
        return privacy.mask_phone(volunteer.phone)

    masked_phone.short_description = _l("手机号码")


class TeamAdmin(ScopedAdmin):
    model = Team
    menu_label = _l("服务队")
    menu_icon = "group"
    history_view_enabled = False
    list_display = ("name", "studio", "leader", yes_no(Team, "public"))
    list_filter = ("public", "studio")
    edit_handler = ObjectList(
        [
            FieldPanel("studio"),
            FieldPanel("name"),
            FieldPanel("leader"),
            FieldPanel("description"),
            FieldPanel("public"),
        ],
        base_form_class=forms.StudioScopedForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("studio", "leader")


class ActivityInspectView(InspectView):
    """The organiser's view of an activity: residents' sign-ups (to enrol) and the service records."""

    def get_template_names(self):
        return ["volunteers/activity_inspect.html"]

    def get_context_data(self, **kwargs):
        activity = self.instance
        # A page several activities link shows its sign-ups on the earliest one only; the others point there.
        primary = activity.primary_for_page()
        shows_sign_ups = primary is not None and primary.pk == activity.pk
        sign_ups = SignUp.objects.filter(page_id=activity.page_id) if shows_sign_ups else []
        if shows_sign_ups:
            audit.record(
                self.request, audit.Action.VIEW, _("活动报名 #%(pk)s") % {"pk": activity.pk}
            )
        return {
            **super().get_context_data(**kwargs),
            "activity": activity,
            "primary": primary,
            "shows_sign_ups": shows_sign_ups,
            "sign_ups_url": f"{admin_url(SignUp)}?page_id={activity.page_id}",
            "sign_ups": sign_ups,
            "records": activity.records.select_related("volunteer"),
            "can_verify": services.may_verify(self.request.user, activity),
        }


class ServiceActivityAdmin(ScopedAdmin):
    model = ServiceActivity
    menu_label = _l("服务活动")
    menu_icon = "date"
    inspect_view_class = ActivityInspectView
    inspect_view_enabled = True
    history_view_enabled = False
    list_display = ("title", "studio", "team", "starts_at", "organiser")
    list_filter = ("team", "studio")
    search_fields = ("title", "place")
    edit_handler = ObjectList(
        [
            FieldPanel("studio"),
            FieldPanel("team"),
            FieldPanel("title"),
            FieldPanel("organiser"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
            FieldPanel("place"),
            FieldRowPanel([FieldPanel("community"), FieldPanel("estate")]),
            FieldPanel("content"),
            FieldPanel("case"),
            FieldPanel("page"),
        ],
        base_form_class=forms.StudioScopedForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("studio", "team", "organiser")

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "volunteers/activity/<int:pk>/enrol/<int:signup_pk>/",
                views.enrol,
                name="volunteers_enrol",
            ),
            path(
                "volunteers/activity/<int:pk>/draft-records/",
                views.draft_records,
                name="volunteers_draft_records",
            ),
        )


class RecordSaveView(ServiceSaveView):
    def save_through_service(self, form):
        record = form.save(commit=False)
        data = form.cleaned_data
        return services.save_record(
            self.request.user, record, hours=data["hours"], reason=data["hours_reason"]
        )


class RecordCreateView(RecordSaveView, CreateView):
    pass


class RecordEditView(RecordSaveView, EditView):
    pass


class RecordIndexView(IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_links"] = [
            (_("导出 i志愿 表格"), reverse("volunteers_export")),
            (_("导入志愿者和服务记录"), reverse("volunteers_import")),
        ]
        return context


class ServiceRecordAdmin(ScopedAdmin):
    model = ServiceRecord
    menu_label = _l("服务记录")
    menu_icon = "time"
    studio_path = "activity__studio_id"
    permission_helper_class = RecordPermissionHelper
    create_view_class = RecordCreateView
    edit_view_class = RecordEditView
    index_view_class = RecordIndexView
    index_template_name = "cases/case_index.html"
    history_view_enabled = False
    list_display = ("volunteer", "activity", "started_at", "hours", "status", "verify_link")
    list_filter = ("status", "activity__team", "activity__studio")
    search_fields = ("volunteer__name", "activity__title")
    edit_handler = ObjectList(
        [
            FieldPanel("volunteer"),
            FieldPanel("activity"),
            FieldRowPanel([FieldPanel("started_at"), FieldPanel("ended_at")]),
            FieldPanel("break_minutes"),
            FieldRowPanel([FieldPanel("hours"), FieldPanel("hours_reason")]),
            FieldPanel("content"),
        ],
        base_form_class=forms.ServiceRecordForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("volunteer", "activity")

    def verify_link(self, record):
        if record.status != ServiceRecord.Status.DRAFT:
            return "—"
        return views.verify_button(record)

    verify_link.short_description = _l("核实")

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path("volunteers/record/<int:pk>/verify/", views.verify, name="volunteers_verify"),
            path("volunteers/export.xlsx", views.export, name="volunteers_export"),
            path("volunteers/import/", views.LedgerImportView.as_view(), name="volunteers_import"),
            path(
                "volunteers/import/template.xlsx",
                views.LedgerImportView.as_view(download=True),
                name="volunteers_import_template",
            ),
        )


class CertificateAdmin(ScopedAdmin):
    model = Certificate
    menu_label = _l("服务证明")
    menu_icon = "doc-full"
    permission_helper_class = CertificatePermissionHelper
    inspect_view_enabled = True
    history_view_enabled = False
    list_display = ("number", "volunteer", "hours", "team", "issued_on")
    list_filter = ("team", "studio")
    search_fields = ("number", "volunteer__name")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("volunteer", "team")

    def create_view(self, request):
        if not self.permission_helper.user_can_create(request.user):
            raise PermissionDenied
        return views.issue_certificate(request)

    def inspect_view(self, request, instance_pk):
        return views.certificate_print(request, int(instance_pk))


class SignUpPermissionHelper(VolunteersPermissionHelper):
    """Whoever manages a studio's volunteers reads its sign-ups (no model right needed: sign-ups are made by
    residents, never added or edited in the admin)."""

    def user_can_list(self, user):
        return user.is_active and bool(studio_ids_for(user, self.action))

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_inspect_obj(self, user, obj):
        return False


class SignUpAdmin(RecordAdmin):
    """活动报名: the sign-ups of every public activity page, linked to a service activity or not."""

    model = SignUp
    menu_label = _l("活动报名")
    menu_icon = "user"
    permission_helper_class = SignUpPermissionHelper
    inspect_view_enabled = False
    history_view_enabled = False

    def index_view(self, request):
        if not self.permission_helper.user_can_list(request.user):
            raise PermissionDenied
        return views.sign_ups(request)

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "volunteers/sign-up/<int:signup_pk>/enrol/",
                views.enrol_sign_up,
                name="volunteers_enrol_sign_up",
            ),
        )


class VolunteersGroup(ModelAdminGroup):
    menu_label = _l("志愿服务")
    menu_icon = "group"
    menu_order = 220
    items = (
        VolunteerAdmin,
        TeamAdmin,
        ServiceActivityAdmin,
        SignUpAdmin,
        ServiceRecordAdmin,
        CertificateAdmin,
    )


modeladmin_register(VolunteersGroup)
