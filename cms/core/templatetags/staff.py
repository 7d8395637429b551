from django import template

from cms.core import staff

register = template.Library()


@register.filter
def staff_name(user) -> str:
    return staff.display_name(user)
