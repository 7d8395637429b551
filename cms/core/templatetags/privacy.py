from django import template
from django.conf import settings

from cms.core import privacy

register = template.Library()


@register.filter
def mask_phone(phone: str) -> str:
    return privacy.mask_phone(phone)


@register.filter
def mask_id(number: str) -> str:
    return privacy.mask_id_number(number)


@register.filter
def mask_name(name: str) -> str:
    return privacy.mask_name(name)


@register.simple_tag
def retention_days() -> int:
    """How long residents' personal data is kept after their case is closed (the privacy notice)."""
    return settings.PERSONAL_DATA_RETENTION_DAYS


@register.simple_tag
def unverified_enrolment_days() -> int:
    """How long an enrolment in a register waits for verification before it is withdrawn (the notice)."""
    return settings.REGISTER_UNVERIFIED_DAYS
