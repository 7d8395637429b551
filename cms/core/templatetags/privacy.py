from django import template

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
