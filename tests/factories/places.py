"""Communities, estates and grid cells; shared by the tests and the demo content."""

from cms.places.models import Community, CommunityKind, Estate, GridCell


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
    return Estate.objects.create(community=of_community or community(), name=name, **values)


def grid_cell(of_community: Community, name: str = "第一网格", **fields) -> GridCell:
    return GridCell.objects.create(community=of_community, name=name, **fields)
