"""Communities, estates, grid cells and owners' committees for the tests."""

import datetime

from django.utils import timezone

from cms.places.models import (
    CommitteeMember,
    Community,
    CommunityKind,
    Estate,
    GridCell,
    OwnersCommittee,
)


def community(code: str = "dong-er", name: str = "东二社区", **fields) -> Community:
    values = {"kind": CommunityKind.COMMUNITY, "address": "桂城街道示例路 1 号"}
    values.update(fields)
    return Community.objects.create(code=code, name=name, **values)


def estate(of_community: Community | None = None, name: str = "示例花园", **fields) -> Estate:
    values = {
        "households": 600,
        "address": "示例路 8 号",
        "property_company": "示例物业服务有限公司",
    }
    values.update(fields)
    of_community = of_community or Community.objects.filter(code="dong-er").first() or community()
    return Estate.objects.create(community=of_community, name=name, **values)


def grid_cell(of_community: Community, name: str = "第一网格", **fields) -> GridCell:
    return GridCell.objects.create(community=of_community, name=name, **fields)


def owners_committee(of_estate: Estate | None = None, term_end=None, **fields) -> OwnersCommittee:
    today = timezone.localdate()
    values = {
        "term_start": today - datetime.timedelta(days=4 * 365),
        "term_end": term_end or today + datetime.timedelta(days=365),
        "party_branch": "示例花园业委会党的工作小组",
        "contract_company": "示例物业服务有限公司",
    }
    values.update(fields)
    return OwnersCommittee.objects.create(estate=of_estate or estate(), **values)


def member(committee: OwnersCommittee, name: str = "陈志强", party: bool = False, **fields):
    values = {"phone": "13912345678", "party_member": party, "party_consent": party}
    values.update(fields)
    return CommitteeMember.objects.create(committee=committee, name=name, **values)
