"""Admin machinery every app's ModelAdmin shares: studio-scoped rights, the inspect-only row button and
admin URLs by model.

This is the one module outside the ``wagtail_hooks`` files that imports wagtail-modeladmin, so that a move
to Wagtail's own ``ModelViewSet`` touches this file and the thin hook files only. modeladmin fetches objects
for edit / inspect / delete with the default manager, not the list's queryset: every helper here checks each
object against ``cms.core.access``.
"""

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.views import InspectView

from cms.core.access import HANDLE_CASES, can, studio_ids_for


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


class InspectOnlyButtonHelper(ButtonHelper):
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


def admin_url(model: type[Model] | Model, action: str = "index", pk: int | None = None) -> str:
    """The URL of a modeladmin view ("index", "create", "inspect", "edit", "delete") of ``model``; an
    instance gives its own pk."""
    if pk is None and isinstance(model, Model):
        pk = model.pk
    meta = model._meta
    name = f"{meta.app_label}_{meta.model_name}_modeladmin_{action}"
    return reverse(name, args=(pk,) if action not in ("index", "create") else ())


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
