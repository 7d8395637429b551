"""A case's revision history as a timeline: who, when, why, and each field's old → new value by its label.

Read by the inspect page (``wagtail_hooks.CaseInspectView``). Notes appear in it as their own entries.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.cases.models import Case
from cms.core import privacy

_KIND_LABELS = {"+": _("创建"), "~": _("修改"), "-": _("删除")}
_NOT_SHOWN = {"id", "version", "retrieval_code_hash"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    user: object
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    note: object = None


def timeline(case: Case, *, reveal_personal_data: bool) -> list[Entry]:
    """Every revision of ``case`` and every note on it, oldest first; names and phones masked unless revealed."""
    records = list(
        case.history.select_related("history_user").order_by("history_date", "history_id")
    )
    labels = _related_labels(records)
    entries = []
    previous = None
    for record in records:
        changes = _changes(record, previous, labels) if previous is not None else []
        if not reveal_personal_data:
            changes = [_masked(change) for change in changes]
        entries.append(
            Entry(
                when=record.history_date,
                user=record.history_user,
                kind=str(_KIND_LABELS[record.history_type]),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    for note in case.notes.select_related("author"):
        entries.append(
            Entry(
                when=note.created_at,
                user=note.author,
                kind=note.get_kind_display(),
                reason="",
                note=note,
            )
        )
    return sorted(entries, key=lambda e: e.when)


_MASKS = {
    str(Case._meta.get_field("reporter_phone").verbose_name): privacy.mask_phone,
    str(Case._meta.get_field("reporter_name").verbose_name): privacy.mask_name,
}


def _masked(change: FieldChange) -> FieldChange:
    mask = _MASKS.get(change.label)
    if mask is None:
        return change
    return FieldChange(change.label, mask(change.old), mask(change.new))


def _tracked_fields() -> list[models.Field]:
    # reference and received_at never change: they are not editable, and simple_history diffs editable fields.
    return [f for f in Case._meta.concrete_fields if f.editable and f.name not in _NOT_SHOWN]


def _changes(record, previous, labels) -> list[FieldChange]:
    names = {f.name for f in _tracked_fields()}
    delta = record.diff_against(previous, included_fields=names)
    by_name = {f.name: f for f in _tracked_fields()}
    return [
        FieldChange(
            label=str(by_name[change.field].verbose_name),
            old=_display(by_name[change.field], change.old, labels),
            new=_display(by_name[change.field], change.new, labels),
        )
        for change in delta.changes
    ]


def _display(model_field: models.Field, value, labels) -> str:
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return labels.get((model_field.related_model, value), str(value))
    if isinstance(model_field, models.DateTimeField):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _related_labels(records) -> dict:
    """Labels of every object the foreign keys of ``records`` point at: one query per related model."""
    labels = {}
    for model_field in _tracked_fields():
        if not isinstance(model_field, models.ForeignKey):
            continue
        ids = {getattr(r, model_field.attname) for r in records} - {None}
        related = model_field.related_model
        for obj in related._default_manager.filter(pk__in=ids):
            labels[(related, obj.pk)] = _label(obj)
    return labels


def _label(obj) -> str:
    if hasattr(obj, "get_username"):
        return obj.get_full_name() or obj.get_username()
    return str(obj)
