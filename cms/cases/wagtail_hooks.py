"""The case admin (menu "案件管理"), on wagtail-modeladmin. Every modeladmin import of the app stays here.

modeladmin fetches objects for edit / inspect / delete without the list's queryset and its history view checks
nothing: the permission helpers below check every object against ``cms.cases.access`` (tested URL by URL in
``tests/cases/test_isolation.py``), the history view is off (the inspect page shows the full timeline
instead), and deleting is for superusers.
"""

from django.contrib import admin
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, InspectView

from cms.cases import access, duplicates, history, listing, services, views
from cms.cases.forms import CaseForm
from cms.cases.models import (
    OPEN_STATUSES,
    CalendarDay,
    Case,
    CaseCategory,
    CoHandler,
    ExtensionRequest,
    HandlingUnit,
    KnownAddress,
    Status,
    WarningRule,
)
from cms.core import audit, masked_forms
from cms.core import staff as staff_names
from cms.core.access import (
    APPROVE_EXTENSIONS,
    HANDLE_CASES,
    SEE_PERSONAL_DATA,
    can,
    is_committee_office,
    members,
    studio_ids_for,
)
from cms.core.admin import (
    BoundedIndexView,
    BoundedSearchHandler,
    InspectOnlyButtonHelper,
    PersonalDataEditView,
    RecordAdmin,
    StudioScopedPermissionHelper,
    admin_url,
    yes_no,
)
from cms.places.models import Community, Estate


class CasePermissionHelper(StudioScopedPermissionHelper):
    def in_scope(self, user, obj) -> bool:
        # A studio asked to co-handle a case reads it too, to do its task; only its own studio edits it.
        return access.may_see(user, obj)

    def user_can_edit_obj(self, user, obj):
        return (
            super().user_can_edit_obj(user, obj)
            and access.leads(user, obj)
            and obj.status != Status.CLOSED
        )


class CatalogueRightsHelper(StudioScopedPermissionHelper):
    """Categories and units: case workers read them, studio leads and the committee office maintain them."""

    def user_can_create(self, user):
        return super().user_can_create(user) and bool(studio_ids_for(user, APPROVE_EXTENSIONS))

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and can(user, APPROVE_EXTENSIONS, obj.studio_id)


class CaseIndexView(BoundedIndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.urlencode()
        context["export_links"] = [
            (_("导出 Excel"), f"{reverse('cases_export', args=('xlsx',))}?{query}"),
            (_("导出 CSV"), f"{reverse('cases_export', args=('csv',))}?{query}"),
            (_("导入台账"), reverse("cases_import")),
        ]
        return context


class CaseCreateView(CreateView):
    def form_valid(self, form):
        data = form.cleaned_data
        case, code = services.create_case(
            user=self.request.user,
            category=data["category"],
            source=data["source"],
            community=data["community"],
            estate=data["estate"],
            location_text=data["location_text"],
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
            title=data["title"],
            description=data["description"],
            priority=data["priority"],
        )
        message = _("已受理 %(reference)s。查询码 %(code)s 只显示这一次，请告知反映人。") % {
            "reference": case.reference,
            "code": code,
        }
        messages.success(self.request, message)
        return redirect(views.inspect_url(case))


class CaseEditView(PersonalDataEditView):
    def form_valid(self, form):
        case = form.save(commit=False)
        try:
            services.save_edit(
                case, self.request.user, expected_version=form.cleaned_data["expected_version"]
            )
        except services.CaseRuleError as refusal:  # a stale edit, or a category of another studio
            form.add_error(None, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存 %(reference)s。") % {"reference": case.reference})
        return redirect(views.inspect_url(case))


class CaseInspectView(InspectView):
    def get_template_names(self):
        return ["cases/case_inspect.html"]

    def get_context_data(self, **kwargs):
        case = self.instance
        user = self.request.user
        context = super().get_context_data(**kwargs)
        reveal = can(user, SEE_PERSONAL_DATA, case.studio_id)
        if reveal:
            audit.record(
                self.request, audit.Action.VIEW, _("居民诉求 %(ref)s") % {"ref": case.reference}
            )
        lead = access.leads(user, case)
        co_handlers = list(case.co_handlers.select_related("studio", "handling_unit"))
        for co_handler in co_handlers:
            co_handler.completable = co_handler.status == CoHandler.Status.OPEN and can(
                user, HANDLE_CASES, co_handler.studio_id
            )
        similar = duplicates.suggestions(case, access.visible_cases(user)) if lead else []
        # Merging is offered where there is an earlier duplicate; undoing one is the office's.
        hidden = set()
        if not any(s.earlier for s in similar):
            hidden.add("merge")
        if not is_committee_office(user):
            hidden.add("undo_merge")
        context.update(
            case=case,
            duplicates=similar,
            reveal_personal_data=reveal,
            timeline=history.timeline(case, reveal_personal_data=reveal),
            hops=history.hops(case),
            co_handlers=co_handlers,
            actions=[
                (name, action)
                for name, action in (views.available_actions(case) if lead else [])
                if name not in hidden
            ],
            pending_extensions=case.extensions.filter(decision=ExtensionRequest.Decision.PENDING),
            can_decide_extensions=can(user, APPROVE_EXTENSIONS, case.studio_id),
            attachments=case.attachments.all(),
            can_edit=lead and self.permission_helper.user_can_edit_obj(user, case),
            # Blocks other apps add to a case's page (the resources used on it, in cms.committee).
            extra_sections=[
                section(self.request, case) for section in hooks.get_hooks("case_inspect_sections")
            ],
            edit_url=self.url_helper.get_action_url("edit", case.pk),
        )
        return context


class OverdueListFilter(admin.SimpleListFilter):
    """Overdue is computed from the deadlines (``CaseQuerySet.overdue``), so it has its own filter."""

    title = _l("是否超期")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _l("已超期")), ("no", _l("未超期"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.not_overdue()
        return queryset


class CategoryListFilter(admin.SimpleListFilter):
    """Categories of the user's own studios only, each with its studio, in one query."""

    title = _l("类别")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        ids = studio_ids_for(request.user, HANDLE_CASES)
        categories = CaseCategory.objects.filter(studio_id__in=ids).select_related("studio")
        return [(str(c.pk), str(c)) for c in categories]

    def queryset(self, request, queryset):
        return queryset.filter(category_id=self.value()) if self.value() else queryset


class AssigneeListFilter(admin.SimpleListFilter):
    """Staff of the user's own studios (not every account of the site)."""

    title = _l("承办人")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        staff = members(HANDLE_CASES, studio_ids_for(request.user, HANDLE_CASES))
        names = staff_names.names_by_id()
        return [(str(pk), names[pk]) for pk in staff.values_list("pk", flat=True)]

    def queryset(self, request, queryset):
        return queryset.filter(assignee_id=self.value()) if self.value() else queryset


class CommunityListFilter(admin.SimpleListFilter):
    title = _l("社区/村")
    parameter_name = "community"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Community.objects.values_list("pk", "name")]

    def queryset(self, request, queryset):
        value = self.value() or ""
        return queryset.filter(community_id=value) if value.isdigit() else queryset


class EstateListFilter(admin.SimpleListFilter):
    """The estates of the chosen community (every estate, with its community, when none is chosen)."""

    title = _l("小区")
    parameter_name = "estate"

    def lookups(self, request, model_admin):
        estates = Estate.objects.select_related("community")
        community = request.GET.get("community", "")
        if community.isdigit():
            return [(str(e.pk), e.name) for e in estates.filter(community_id=community)]
        return [(str(e.pk), f"{e.community.name} · {e.name}") for e in estates]

    def queryset(self, request, queryset):
        value = self.value() or ""
        return queryset.filter(estate_id=value) if value.isdigit() else queryset


class CaseAdmin(RecordAdmin):
    model = Case
    menu_label = _l("居民诉求")
    menu_icon = "form"
    permission_helper_class = CasePermissionHelper
    button_helper_class = InspectOnlyButtonHelper
    index_view_class = CaseIndexView
    search_handler_class = BoundedSearchHandler
    create_view_class = CaseCreateView
    edit_view_class = CaseEditView
    inspect_view_class = CaseInspectView
    inspect_view_enabled = True
    history_view_enabled = False
    index_template_name = "cases/case_index.html"
    list_display = (
        "reference",
        "title",
        "studio",
        "category_name",
        "status",
        "assignee_name",
        "deadline",
    )
    list_filter = ("studio", "kind", "status", "priority", "source", "received_at")
    search_fields = listing.SEARCH_FIELDS
    list_per_page = 20  # Wagtail listings show 20 a page
    ordering = ("-received_at",)
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("category"),
                    FieldRowPanel([FieldPanel("source"), FieldPanel("priority")]),
                    FieldRowPanel([FieldPanel("community"), FieldPanel("estate")]),
                    FieldPanel("location_text"),
                ],
                heading=_l("受理信息"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("reporter_name"), FieldPanel("reporter_phone")])],
                heading=_l("反映人"),
            ),
            MultiFieldPanel(
                [FieldPanel("title"), FieldPanel("description"), FieldPanel("expected_version")],
                heading=_l("诉求"),
            ),
        ],
        base_form_class=CaseForm,
    )

    def personal_data(self, request, case: Case) -> masked_forms.PersonalData:
        """The reporter's name and phone, whole for the case's own studio only (as on its page)."""
        return masked_forms.PersonalData.of(
            history.MASKS,
            history.MASKS if can(request.user, SEE_PERSONAL_DATA, case.studio_id) else (),
            _("居民诉求 %(ref)s") % {"ref": case.reference},
        )

    def get_queryset(self, request):
        return access.visible_cases(request.user).select_related("studio", "category", "assignee")

    def get_list_filter(self, request):
        filters = list(self.list_filter)
        if len(studio_ids_for(request.user, HANDLE_CASES)) < 2:
            filters.remove("studio")
        return [
            *filters[:-3],
            CategoryListFilter,
            AssigneeListFilter,
            OverdueListFilter,
            CommunityListFilter,
            EstateListFilter,
            *filters[-3:],
        ]

    def assignee_name(self, case):
        return staff_names.display_name(case.assignee) or "—"

    assignee_name.short_description = _l("承办人")

    def category_name(self, case):
        return case.category.name if case.category else "—"

    category_name.short_description = _l("类别")

    def deadline(self, case):
        due = timezone.localtime(case.handling_due).strftime("%Y-%m-%d")
        if case.is_overdue:
            return format_html(
                '<span class="w-status w-status--label">{} {}</span>', due, _("超期")
            )
        return due

    deadline.short_description = _l("办理时限")

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path("cases/import/", views.LedgerImportView.as_view(), name="cases_import"),
            path(
                "cases/import/template.xlsx",
                views.LedgerImportView.as_view(download=True),
                name="cases_import_template",
            ),
            path(
                "cases/case/<int:pk>/action/<slug:action>/", views.case_action, name="cases_action"
            ),
            path(
                "cases/case/<int:pk>/extension/<int:extension_pk>/<slug:verdict>/",
                views.decide_extension,
                name="cases_extension_decision",
            ),
            path(
                "cases/case/<int:pk>/attachment/<int:attachment_pk>/",
                views.attachment,
                name="cases_attachment",
            ),
            path(
                "cases/case/<int:pk>/co-handler/<int:co_handler_pk>/done/",
                views.complete_co_task,
                name="cases_co_task_done",
            ),
            path("cases/case/<int:pk>/chase/", views.chase, name="cases_case_chase"),
            path("cases/export.<slug:file_format>", views.export_cases, name="cases_export"),
        )


class CaseCategoryAdmin(RecordAdmin):
    model = CaseCategory
    menu_label = _l("诉求类别")
    menu_icon = "list-ul"
    permission_helper_class = CatalogueRightsHelper
    history_view_enabled = (
        False  # modeladmin's history view checks nothing: any studio could read it
    )
    list_display = (
        "name",
        "code",
        "studio",
        "deadline_days",
        "priority",
        yes_no(CaseCategory, "active"),
    )
    list_filter = ("studio", "active")
    panels = [
        FieldPanel("studio"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldRowPanel(
            [
                FieldPanel("deadline_days"),
                FieldPanel("urgent_deadline_days"),
                FieldPanel("priority"),
            ]
        ),
        FieldPanel("service"),
        FieldPanel("active"),
    ]

    def get_queryset(self, request):
        ids = studio_ids_for(request.user, HANDLE_CASES)
        return super().get_queryset(request).filter(studio_id__in=ids).select_related("studio")


class HandlingUnitAdmin(CaseCategoryAdmin):
    model = HandlingUnit
    menu_label = _l("承办单位")
    menu_icon = "group"
    list_display = ("name", "studio", "contact", yes_no(HandlingUnit, "active"))
    panels = [FieldPanel("studio"), FieldPanel("name"), FieldPanel("contact"), FieldPanel("active")]


class CalendarDayAdmin(RecordAdmin):
    """Holidays and make-up working days: model rights only the committee office holds."""

    model = CalendarDay
    menu_label = _l("节假日与调休")
    menu_icon = "date"
    history_view_enabled = False
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    ordering = ("-date",)


class CommitteeOfficeRules(PermissionHelper):
    """One rule per priority (seeded by the migration): the committee office edits them."""

    def user_can_list(self, user):
        return user.is_active and (user.is_superuser or is_committee_office(user))

    def user_can_edit_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class WarningRuleAdmin(RecordAdmin):
    """How many working hours before the deadline each priority is warned (预警): the committee office."""

    model = WarningRule
    menu_label = _l("预警设置")
    menu_icon = "warning"
    permission_helper_class = CommitteeOfficeRules
    history_view_enabled = False
    list_display = ("priority", "hours")


class KnownAddressRules(CommitteeOfficeRules):
    """The office raises the submission limit for addresses it knows; revisions are kept by
    django-simple-history (the built-in history view checks nothing and is off)."""

    def user_can_create(self, user):
        return self.user_can_list(user)

    def user_can_delete_obj(self, user, obj):
        return user.is_active and user.is_superuser  # the office switches a row off instead


class KnownAddressAdmin(RecordAdmin):
    """Addresses (a community service desk, a carrier's shared address) allowed more submissions per
    hour than the usual 10 (``cms/cases/intake_limits.py``)."""

    model = KnownAddress
    menu_label = _l("放宽提交限制的地址")
    menu_icon = "site"
    permission_helper_class = KnownAddressRules
    history_view_enabled = False
    list_display = ("name", "network", "submissions_per_hour", yes_no(KnownAddress, "active"))
    panels = [
        FieldPanel("name"),
        FieldPanel("network"),
        FieldPanel("submissions_per_hour"),
        FieldPanel("note"),
        FieldPanel("active"),
    ]


class CasesGroup(ModelAdminGroup):
    menu_label = _l("案件管理")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        CaseAdmin,
        CaseCategoryAdmin,
        HandlingUnitAdmin,
        CalendarDayAdmin,
        WarningRuleAdmin,
        KnownAddressAdmin,
    )


@hooks.register("case_inspect_sections")
def case_chasers(request, case):
    return views.chase_section(request, case)


modeladmin_register(CasesGroup)


class CaseSummaryPanel(Component):
    """Dashboard panel: my open cases, overdue cases in my studios, counts by status."""

    name = "case_summary"
    template_name = "cases/dashboard_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        cases = access.visible_cases(self.user)
        counts = dict(
            cases.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        )
        mine = cases.filter(assignee=self.user, status__in=OPEN_STATUSES).select_related("studio")
        return {
            "my_open": mine.order_by("handling_due")[:10],
            "overdue": cases.overdue().select_related("studio").order_by("handling_due")[:10],
            "overdue_count": cases.overdue().count(),
            "counts": [(label, counts.get(value, 0)) for value, label in Status.choices],
            "list_url": admin_url(Case),
            "is_committee": is_committee_office(self.user),
        }


@hooks.register("construct_homepage_panels")
def add_case_summary(request, panels):
    if studio_ids_for(request.user, HANDLE_CASES):
        panels.append(CaseSummaryPanel(request.user))
