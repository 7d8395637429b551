"""Who may open the owners' committees (studio 06's records) and who sees their members unmasked.

The rules are ``cms.core.access``'s, asked on studio 06: its case workers and leads keep the committees and
see members' names and phones; the committee office opens them (party membership included) with names and
phones masked; every other studio's staff cannot open them.
"""

from cms.core.access import MANAGE_OWNERS_COMMITTEES, SEE_PERSONAL_DATA, can
from cms.studios.models import Studio

OWNERS_COMMITTEE_STUDIO = "06"
_STUDIO_ATTRIBUTE = "_qiandeng_owners_committee_studio"


def _studio_id(user) -> int | None:
    # Remembered on the user object, like the other access answers, so a page asks once.
    if _STUDIO_ATTRIBUTE not in user.__dict__:
        user.__dict__[_STUDIO_ATTRIBUTE] = (
            Studio.objects.filter(code=OWNERS_COMMITTEE_STUDIO).values_list("pk", flat=True).first()
        )
    return user.__dict__[_STUDIO_ATTRIBUTE]


def may_open(user) -> bool:
    """Committees, members (masked or not), elections, contracts, party membership, the criteria."""
    studio_id = _studio_id(user)
    return studio_id is not None and can(user, MANAGE_OWNERS_COMMITTEES, studio_id)


def keeps(user) -> bool:
    """Studio 06's own staff: they keep members (names and phones unmasked, logged) and the criteria."""
    studio_id = _studio_id(user)
    return studio_id is not None and can(user, SEE_PERSONAL_DATA, studio_id)
