"""Personal data: normalising and checking phones and ID numbers, masking them, and who sees them whole.

Templates use the ``mask_phone`` / ``mask_id`` filters (``templatetags/privacy.py``); exports call the same
functions, so a number is masked the same way everywhere.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


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


def mask_phone(phone: str) -> str:
    """138****1234 for mobiles; the last four digits only for other numbers."""
    if not phone:
        return ""
    if _MOBILE.fullmatch(phone):
        return f"{phone[:3]}****{phone[-4:]}"
    return "*" * max(len(phone) - 4, 0) + phone[-4:]


def id_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def validate_id_number(raw: str) -> str:
    """An 18-character resident ID number with a valid GB 11643 check digit (upper-case X)."""
    number = unicodedata.normalize("NFKC", raw or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", number) or id_check_digit(number[:17]) != number[17]:
        raise ValidationError(_("身份证号码不正确，请核对后重新填写。"), code="invalid_id_number")
    return number


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
