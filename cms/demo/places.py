"""Demo places: the communities and villages of Guicheng by their public names, ~40 estates and a few grid
cells. Everything about the estates (names, addresses, households, companies, map points) is synthetic.

Idempotent: nothing is added when communities exist. Used by ``manage.py load_demo`` before the cases demo,
which locates its cases at these places.
"""

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from cms.places.models import Community, CommunityKind, Estate, GridCell

# (code, name, kind): public names of communities and villages.
COMMUNITIES = [
    ("dong-er", "东二社区", CommunityKind.COMMUNITY),
    ("dong-san", "东三社区", CommunityKind.COMMUNITY),
    ("xi-yue", "西约社区", CommunityKind.COMMUNITY),
    ("bei-yue", "北约社区", CommunityKind.COMMUNITY),
    ("nan-yue", "南约社区", CommunityKind.COMMUNITY),
    ("die-jiao", "叠滘社区", CommunityKind.COMMUNITY),
    ("ping-zhou", "平洲社区", CommunityKind.COMMUNITY),
    ("xia-bei", "夏北社区", CommunityKind.COMMUNITY),
    ("shi-ken", "石肯村", CommunityKind.VILLAGE),
    ("die-bei", "叠北村", CommunityKind.VILLAGE),
]
# Synthetic estate names, four per community.
_FIRST = ["锦绣", "翠湖", "金桂", "碧水", "康乐", "怡景", "丰泽", "悦澜", "华庭", "润园"]
_SECOND = ["花园", "雅苑", "新村", "名居"]
_COMPANIES = ["千灯示例物业", "桂城示例物业", "湖畔示例物业", "南海示例物业"]
# Around Qiandeng Lake (approximate; the points are synthetic).
_LATITUDE, _LONGITUDE = Decimal("23.03"), Decimal("113.14")
GRID_CELLS_PER_COMMUNITY = 2


@transaction.atomic
def load() -> bool:
    if Community.objects.exists():
        return False
    rng = random.Random(1206)
    grid_workers = list(get_user_model().objects.filter(username__in=["worker01", "worker02"]))
    for order, (code, name, kind) in enumerate(COMMUNITIES, start=1):
        community = Community.objects.create(
            code=code,
            name=name,
            kind=kind,
            address=f"桂城街道{name}服务中心（示例地址）",
            households=rng.randrange(2500, 9000, 100),
            sort_order=order,
        )
        estates = []
        for index, second in enumerate(_SECOND):
            first = _FIRST[(order + index * 3) % len(_FIRST)]
            estates.append(
                Estate.objects.create(
                    community=community,
                    name=f"{name[:2]}{first}{second}",
                    address=f"{name[:2]}示例路 {rng.randint(1, 200)} 号",
                    households=rng.randrange(120, 1800, 10),
                    year_built=rng.randint(1992, 2022),
                    property_company=f"{rng.choice(_COMPANIES)}服务有限公司",
                    latitude=_LATITUDE + Decimal(rng.randint(-150, 150)) / 10000,
                    longitude=_LONGITUDE + Decimal(rng.randint(-150, 150)) / 10000,
                )
            )
        for number in range(1, GRID_CELLS_PER_COMMUNITY + 1):
            cell = GridCell.objects.create(
                community=community, estate=estates[number - 1], name=f"第{number}网格"
            )
            cell.workers.set(
                grid_workers[:1] if kind == CommunityKind.VILLAGE else grid_workers[1:]
            )
    return True
