"""Edit forms that hold personal data follow the inspect pages' masking rules (``cms.core.privacy``).

Opening an existing record's form shows its names, phones and ID numbers masked, read-only, and saving keeps
them as they are. Those allowed to see a field whole get a "显示" link: it reopens the form with
``?reveal=1`` (the form then posts back to that address), which writes an access-log row and shows the
allowed fields whole and editable. Fields the viewer may not see stay masked whatever the address says.

Used by every edit form with personal data: modeladmin's through ``cms.core.admin.PersonalDataEditView``,
others (a mediation file's party) by calling ``guard`` on their form.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cms.core import audit

REVEAL_PARAMETER = "reveal"


@dataclass(frozen=True)
class PersonalData:
    """The personal fields of a record's form for one viewer: every such field with its mask, those the
    viewer may see whole, and how the access log names the record."""

    masks: dict[str, Callable[[str], str]]
    revealable: frozenset[str] = field(default_factory=frozenset)
    subject: str = ""

    @classmethod
    def of(
        cls, masks: dict[str, Callable[[str], str]], revealable: Iterable[str], subject: str
    ) -> "PersonalData":
        return cls(masks=masks, revealable=frozenset(revealable) & set(masks), subject=subject)


class MaskedInput(forms.Widget):
    """The masked value in a read-only box, and the link that reveals it where the viewer may."""

    def __init__(self, mask: Callable[[str], str], reveal_url: str = "", attrs=None):
        super().__init__(attrs)
        self.mask = mask
        self.reveal_url = reveal_url

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        box = format_html(
            '<input type="text" id="{}" value="{}" disabled>',
            attrs.get("id", ""),
            self.mask(str(value or "")),
        )
        if not self.reveal_url:
            return box
        return format_html(
            '{} <a class="button button-small button-secondary" href="{}">{}</a>',
            box,
            self.reveal_url,
            _("显示"),
        )

    def value_from_datadict(self, data, files, name):
        return None  # never read from the request: the field is disabled


class MaskedField(forms.Field):
    """A disabled field whose value is the record's own (``initial``): nothing posted changes it, no
    validation can refuse it, and only its mask is ever written into the page."""

    def __init__(self, mask: Callable[[str], str], reveal_url: str = "", **kwargs):
        kwargs.update(required=False, disabled=True)
        super().__init__(widget=MaskedInput(mask, reveal_url), **kwargs)

    def clean(self, value):
        return value

    def has_changed(self, initial, data):
        return False


def reveal_requested(request) -> bool:
    return request.GET.get(REVEAL_PARAMETER) == "1"


def reveal_url(request) -> str:
    query = request.GET.copy()
    query[REVEAL_PARAMETER] = "1"
    return f"{request.path}?{query.urlencode()}"


def shown_whole(request, personal: PersonalData) -> frozenset[str]:
    """The fields this request shows whole: the revealable ones, once asked for."""
    return personal.revealable if reveal_requested(request) else frozenset()


def masked_text(text: str, instance, personal: PersonalData, request) -> str:
    """``text`` (a record's name in a header) with the values of the masked fields masked in it."""
    whole = shown_whole(request, personal)
    for name, mask in personal.masks.items():
        value = str(getattr(instance, name, "") or "")
        if value and name not in whole:
            text = text.replace(value, mask(value))
    return text


def guard(form: forms.BaseForm, request, personal: PersonalData) -> bool:
    """Masks ``form``'s personal fields unless the request asks to reveal them and the viewer may; a
    reveal writes an access-log row. Returns whether fields were shown whole. Call it before the form's
    fields are read (rendered or cleaned). A form for a new record (no pk) is left alone."""
    instance = getattr(form, "instance", None)
    if instance is not None and instance.pk is None:
        return False
    revealed = bool(shown_whole(request, personal))
    if revealed:
        audit.record(request, audit.Action.VIEW, personal.subject)
    link = "" if revealed or not personal.revealable else reveal_url(request)
    for name, mask in personal.masks.items():
        if name not in form.fields or (revealed and name in personal.revealable):
            continue
        shown = form.fields[name]
        help_text = _("为保护个人信息已部分隐藏，保存时保持原值。")
        form.fields[name] = MaskedField(
            mask,
            link if name in personal.revealable else "",
            label=shown.label,
            help_text=help_text,
        )
    return revealed
