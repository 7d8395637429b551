"""Personal data: normalising and checking phones and ID numbers, masking them, and who sees them whole.

Templates use the ``mask_phone`` / ``mask_id`` filters (``templatetags/privacy.py``); exports call the same
functions, so a number is masked the same way everywhere.
"""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")
_EARLIEST_BIRTH = datetime.date(1880, 1, 1)


def normalise_phone(raw: str) -> str:
    """Full-width digits, spaces, dashes inside mobiles and a +86/0086 prefix are accepted and removed."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    text = re.sub(r"[\s()（）]", "", text)
    text = re.sub(r"^(\+?86|0086)-?", "", text)
    if _MOBILE.fullmatch(text.replace("-", "")):
        return text.replace("-", "")
    return text


def validate_phone(raw: str) -> str:
    """The normalised phone, or a ValidationError in plain Chinese."""
    phone = normalise_phone(raw)
    if not (_MOBILE.fullmatch(phone) or _LANDLINE.fullmatch(phone)):
        raise ValidationError(
            _("请填写正确的手机号码（11 位，以 1 开头）或带区号的固定电话，如 0757-86000000。"),
            code="invalid_phone",
        )
    return phone


def is_mobile(phone: str) -> bool:
    """A normalised mobile number (SMS can reach it), as opposed to a landline."""
    return bool(_MOBILE.fullmatch(phone))


def mask_phone(phone: str) -> str:
    """138****1234 for mobiles; the last four digits only for other numbers."""
    if not phone:
        return ""
    if _MOBILE.fullmatch(phone):
        return f"{phone[:3]}****{phone[-4:]}"
    return "*" * max(len(phone) - 4, 0) + phone[-4:]


def id_check_digit(first17: str) -> str:
    """The GB 11643 check digit (0-9 or X) of the first 17 digits."""
    return ric.calc_check_digit(first17 + "0")


def validate_id_number(raw: str) -> str:
    """An 18-character resident ID number (upper-case X) that passes GB 11643: check digit, a birth date
    that exists and is not in the future, and a region code that was ever assigned (python-stdnum's table).

    Not stdnum's stricter rule that the region existed in the birth year: a number keeps its region code
    when a county is renamed or merged, and people registered late got codes newer than their birth.
    """
    number = unicodedata.normalize("NFKC", raw or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", number) or ric.calc_check_digit(number) != number[17]:
        raise ValidationError(_("身份证号码不正确，请核对后重新填写。"), code="invalid_id_number")
    try:
        born = ric.get_birth_date(number)
    except InvalidComponent:
        born = None
    if born is None or not _EARLIEST_BIRTH <= born <= timezone.localdate():
        raise ValidationError(
            _("身份证号码中的出生日期（第 7–14 位）不存在，请核对后重新填写。"),
            code="invalid_id_birth_date",
        )
    if not _known_region(number[:6]):
        raise ValidationError(
            _("身份证号码的前 6 位不是有效的地区代码，请核对后重新填写。"),
            code="invalid_id_region",
        )
    return number


def _known_region(code: str) -> bool:
    """True when the six digits name a county (or a city's own code) in stdnum's table of regions."""
    found = dict(numdb.get("cn/loc").info(code))
    return bool(found.get(code[2:], {}).get("county"))


def mask_id_number(number: str) -> str:
    """440602********1234: region code and last four kept."""
    if not number:
        return ""
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"


def mask_name(name: str) -> str:
    """张** : the family name only."""
    return f"{name[0]}{'*' * (len(name) - 1)}" if name else ""


def mask_address(address: str) -> str:
    """The first six characters (district, street) and no house number."""
    return f"{address[:6]}***" if address else ""


_NUMBERS_IN_TEXT = re.compile(r"(?<!\d)(?:\d{17}[\dXx]|1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")


def redact_numbers(text: str) -> str:
    """Free text published beyond the case's handlers (the Open311 API): phone and ID numbers a resident
    typed into it become ***. Names in free text cannot be recognised, so such text is kept short
    (a title, a public reply) where it is published at all."""
    return _NUMBERS_IN_TEXT.sub("***", text or "")
