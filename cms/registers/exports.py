"""A register as a table for Excel (``cms.core.spreadsheets``): labels for choices, local times, and names,
phones and ID numbers masked unless the reader may see them whole."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core import privacy
from cms.core.access import MANAGE_REGISTERS, SEE_PERSONAL_DATA, can
from cms.exports.registry import NotAllowedError, Spreadsheet
from cms.registers.models import Member, Register
from cms.registers.models.members import PROFILES, profile_values

# The profile's related name on Member, per register kind.
_PROFILE = {"sages": "sage", "talents": "talent", "new_employment": "worker"}


def rows(register: Register, *, reveal: bool) -> Iterator[list[str]]:
    profile_model = PROFILES[register.kind]
    related = _PROFILE[register.kind]
    fields = [f for f in profile_model._meta.concrete_fields if f.name not in ("id", "member")]
    yield [
        _("姓名"),
        _("手机号码"),
        _("身份证号码"),
        _("社区/村"),
        _("状态"),
        _("登记时间"),
        _("核实时间"),
        *[str(f.verbose_name) for f in fields],
    ]
    members = (
        Member.objects.filter(register=register)
        .select_related("community", related)
        .order_by("enrolled_at")
    )
    for member in members.iterator(chunk_size=2000):
        profile = getattr(member, related, None)
        yield [
            member.name if reveal else privacy.mask_name(member.name),
            member.phone if reveal else privacy.mask_phone(member.phone),
            member.id_number if reveal else privacy.mask_id_number(member.id_number),
            member.community.name if member.community else "",
            member.get_state_display(),
            _local(member.enrolled_at),
            _local(member.verified_at),
            *_profile_cells(profile, len(fields)),
        ]


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _profile_cells(profile, width: int) -> list[str]:
    if profile is None:
        return [""] * width
    return [text for _label, text in profile_values(profile)]


def spreadsheet(user, params: dict) -> Spreadsheet:
    """A register as XLSX, built by a task (``cms.exports``, registered in ``RegistersConfig.ready``):
    names, phones and ID numbers whole only for the owning studio's staff."""
    register = Register.objects.get(kind=params["kind"])
    if not can(user, MANAGE_REGISTERS, register.studio_id):
        raise NotAllowedError
    reveal = can(user, SEE_PERSONAL_DATA, register.studio_id)
    return Spreadsheet(
        file_name=f"register-{register.kind}-{timezone.localdate()}.xlsx",
        sheets={register.title[:30]: rows(register, reveal=reveal)},
        rows_total=Member.objects.filter(register=register).count() + 1,
        subject=_("名册导出：%(title)s（%(how)s）")
        % {"title": register.title, "how": _("完整") if reveal else _("遮挡")},
    )
