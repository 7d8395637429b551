"""Members of the studios' registers and the work recorded with them, built through the real services."""

from cms.registers import services
from cms.registers.models import Member, Register, RegisterKind
from tests.factories.cases import user

SAGE = {
    "origin": "石肯村",
    "current_city": "广州",
    "field": "law",
    "offers": ["council", "mediation"],
    "preferred_contact": "phone",
}
TALENT = {
    "field": "engineering",
    "level": "c",
    "employer": "示例科技有限公司",
    "needs": ["schooling"],
    "offers": ["lecture"],
}
WORKER = {
    "occupation": "rider",
    "platform": "示例外卖平台",
    "usual_area": "千灯湖片区",
    "party_member": False,
    "volunteer_team": True,
}
PROFILES = {
    RegisterKind.SAGES: SAGE,
    RegisterKind.TALENTS: TALENT,
    RegisterKind.NEW_EMPLOYMENT: WORKER,
}
# A synthetic ID number with a valid check digit (region 440605, sequence 9xx: issued to nobody).
ID_NUMBER = "440605198001019997"


def register(kind: str) -> Register:
    return Register.objects.select_related("studio").get(kind=kind)


def member(kind: str = RegisterKind.SAGES, phone: str = "13900001111", **fields) -> Member:
    of_register = register(kind)
    values = {"name": "陈志强", "profile": {**PROFILES[kind], **fields.pop("profile", {})}}
    if of_register.needs_id_number:
        values["id_number"] = ID_NUMBER
    values.update(fields)
    return services.enrol(of_register, phone=phone, **values)


def verified(
    kind: str = RegisterKind.SAGES, phone: str = "13900001111", **fields
) -> tuple[Member, str]:
    """A verified member and, for new-employment members, their observer code."""
    enrolled = member(kind, phone, **fields)
    staff = user(f"worker{enrolled.register.studio.code}")
    return services.verify(enrolled, staff)
