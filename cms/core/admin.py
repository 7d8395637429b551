"""Admin machinery every app's ModelAdmin shares: studio-scoped rights, the inspect-only row button and
admin URLs by model.

This is the one module outside the ``wagtail_hooks`` files that imports wagtail-modeladmin, so that a move
to Wagtail's own ``ModelViewSet`` touches this file and the thin hook files only. modeladmin fetches objects
for edit / inspect / delete with the default manager, not the list's queryset: every helper here checks each
object against ``cms.core.access``.
"""

import operator
from functools import reduce

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db import OperationalError, connection, transaction
from django.db.models import Model, Q, QuerySet
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail_modeladmin.helpers import ButtonHelper, DjangoORMSearchHandler, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import EditView, IndexView, InspectView

from cms.core import masked_forms
from cms.core.access import HANDLE_CASES, can, studio_ids_for
from cms.core.list_counts import ListCounts, ListPaginator


class StudioScopedPermissionHelper(PermissionHelper):
    """Model rights from the user's groups, narrowed to the studios ``access`` gives them for ``action``.
    Objects must have a ``studio_id``; deleting is for superusers only (history keeps the record)."""

    action = HANDLE_CASES

    def in_scope(self, user, obj) -> bool:
        return can(user, self.action, obj.studio_id)

    def user_can_list(self, user):
        return super().user_can_list(user) and bool(studio_ids_for(user, self.action))

    def user_can_create(self, user):
        return super().user_can_create(user) and bool(studio_ids_for(user, self.action))

    def user_can_inspect_obj(self, user, obj):
        return super().user_can_inspect_obj(user, obj) and self.in_scope(user, obj)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and self.in_scope(user, obj)

    def user_can_delete_obj(self, user, obj):
        return user.is_superuser


class RowButtonHelper(ButtonHelper):
    """Row buttons that offer "inspect" only where the ModelAdmin has an inspect view: modeladmin asks the
    permission helper alone, and linking a view that is not registered answers 500."""

    def inspect_enabled(self) -> bool:
        return self.view.model_admin.inspect_view_enabled

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        if not self.inspect_enabled():
            exclude = [*(exclude or []), "inspect"]
        return super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)

    def get_primary_button(self, obj):
        if not self.inspect_enabled():
            if self.permission_helper.user_can_edit_obj(self.request.user, obj):
                return self.edit_button(obj.pk)
            return None
        return super().get_primary_button(obj)


class ListIndexView(IndexView):
    """A list counted as ``cms.core.list_counts`` says: once per request, and estimated when the whole
    list is large (for models whose QuerySet mixes in ``ListCounts``)."""

    paginator_class = ListPaginator

    def get_base_queryset(self, request=None):
        queryset = super().get_base_queryset(request)
        if isinstance(queryset, ListCounts):
            return queryset.as_list(request or self.request)
        return queryset

    def get_queryset(self, request=None):
        # modeladmin builds the list, with every filter's choices, in ``dispatch`` and again for the page.
        if getattr(self, "queryset", None) is not None:
            return self.queryset
        return super().get_queryset(request)


class RecordAdmin(ModelAdmin):
    """Every ModelAdmin of the project: its rows link only the views it has (``RowButtonHelper``), its
    list counts as ``ListIndexView`` does."""

    button_helper_class = RowButtonHelper
    index_view_class = ListIndexView


class InspectOnlyButtonHelper(RowButtonHelper):
    """A record worked on from its own page (the inspect view, with its actions and history): each row
    links there and nowhere else, which also spares two permission checks and URLs per row."""

    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        return {
            **super().inspect_button(pk, classnames_add, classnames_exclude),
            "label": _("查看"),
        }

    def get_primary_button(self, obj):
        return self.inspect_button(obj.pk)

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        return [self.inspect_button(obj.pk, classnames_add, classnames_exclude)]


class PersonalDataEditView(EditView):
    """modeladmin's edit form, masked like the record's inspect page (``cms.core.masked_forms``).

    The ModelAdmin says what its records hold: ``personal_data(request, obj)`` returns a
    ``masked_forms.PersonalData`` (every personal field with its mask, those this viewer may reveal, the
    access log's name for the record)."""

    def get_form(self):
        form = super().get_form()
        masked_forms.guard(form, self.request, self.personal)
        return form

    @cached_property
    def personal(self) -> masked_forms.PersonalData:
        return self.model_admin.personal_data(self.request, self.instance)

    def get_page_subtitle(self):
        # The record's name in the header is masked as its fields are (a member is named by their name).
        return masked_forms.masked_text(
            str(self.instance), self.instance, self.personal, self.request
        )

    @cached_property
    def edit_url(self):
        # A revealed form posts back to the revealing address, so that its fields are read from the post.
        url = self.url_helper.get_action_url("edit", self.pk_quoted)
        if masked_forms.reveal_requested(self.request):
            return f"{url}?{masked_forms.REVEAL_PARAMETER}=1"
        return url


def admin_url(model: type[Model] | Model, action: str = "index", pk: int | None = None) -> str:
    """The URL of a modeladmin view ("index", "create", "inspect", "edit", "delete") of ``model``; an
    instance gives its own pk."""
    if pk is None and isinstance(model, Model):
        pk = model.pk
    meta = model._meta
    name = f"{meta.app_label}_{meta.model_name}_modeladmin_{action}"
    return reverse(name, args=(pk,) if action not in ("index", "create") else ())


# --- bounded admin searches ---------------------------------------------------------------------
# A search of ~2,000 characters of short terms made one ILIKE pass per term and field over every case
# (30 s, and two at once stalled the public form). Searches are cut to a few terms, references and phones
# match exactly (an index lookup), and on PostgreSQL each list runs under a statement timeout.

SEARCH_MAX_CHARS = 100
SEARCH_MAX_TERMS = 5


def bounded_terms(search_term: str) -> tuple[list[str], bool]:
    """The terms searched for, and whether the search was cut to fit the bounds."""
    terms = search_term[:SEARCH_MAX_CHARS].split()
    cut = len(search_term) > SEARCH_MAX_CHARS or len(terms) > SEARCH_MAX_TERMS
    return terms[:SEARCH_MAX_TERMS], cut


def search_lookups(search_fields) -> list[str]:
    """ORM lookups for ``search_fields``; a field written "=name" matches whole (Django admin's sign), as
    typed or in capitals, so that its plain index answers (``iexact`` would compare UPPER() and scan)."""
    return [
        f"{field[1:]}__in" if field.startswith("=") else f"{field}__icontains"
        for field in search_fields
    ]


def _matching(lookup: str, term: str) -> Q:
    return Q(**{lookup: {term, term.upper()} if lookup.endswith("__in") else term})


def search(queryset: QuerySet, search_fields, search_term: str) -> QuerySet:
    """Rows matching every bounded term in one of ``search_fields``."""
    lookups = search_lookups(search_fields)
    for term in bounded_terms(search_term)[0]:
        queryset = queryset.filter(reduce(operator.or_, (_matching(lk, term) for lk in lookups)))
    return queryset


class BoundedSearchHandler(DjangoORMSearchHandler):
    def search_queryset(self, queryset, search_term, **kwargs):
        if not search_term or not self.search_fields:
            return queryset
        found = search(queryset, self.search_fields, search_term)
        opts = queryset.model._meta
        if any(lookup_spawns_duplicates(opts, lk) for lk in search_lookups(self.search_fields)):
            return found.distinct()
        return found


class BoundedIndexView(ListIndexView):
    """A list whose search is bounded (with a message when cut) and whose queries may run at most
    ``ADMIN_LIST_STATEMENT_TIMEOUT_MS`` on PostgreSQL; a list that times out says so instead of a 500."""

    def get_context_data(self, **kwargs):
        if self.query and bounded_terms(self.query)[1]:
            messages.warning(
                self.request,
                _(
                    "搜索词太长：只按前 %(terms)s 个词、%(chars)s 个字搜索。请用编号、手机号或更具体的词。"
                )
                % {"terms": SEARCH_MAX_TERMS, "chars": SEARCH_MAX_CHARS},
            )
        return super().get_context_data(**kwargs)

    def dispatch(self, request, *args, **kwargs):
        if connection.vendor != "postgresql":
            return super().dispatch(request, *args, **kwargs)
        timeout = int(settings.ADMIN_LIST_STATEMENT_TIMEOUT_MS)
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL statement_timeout = {timeout}")
                response = super().dispatch(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()  # the list's queries run here, under the timeout
                return response
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", "") != "57014":  # query_canceled
                raise
            messages.error(request, _("搜索用时过长，已停止。请换用编号、手机号或更具体的词再试。"))
            return redirect(request.path)


def yes_no(model: type[Model], field_name: str):
    """A list column for a yes/no field, in words: Django draws such fields as icons whose alt text, read
    aloud by screen readers, is the untranslated "True" / "False"."""

    def column(obj) -> str:
        return _("是") if getattr(obj, field_name) else _("否")

    column.short_description = model._meta.get_field(field_name).verbose_name
    column.admin_order_field = field_name
    return column


class YesNoInspectView(InspectView):
    """Inspect pages that show yes/no fields as 是/否 rather than Python's "True" / "False"."""

    def get_field_display_value(self, field_name, field=None):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return _("是") if value else _("否")
        return value
