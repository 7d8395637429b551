"""Demo places: the communities and villages of Guicheng by their public names, ~40 estates and a few grid
cells, and owners' committees for a third of the estates (two with a term ending within 90 days). Everything
about the estates, committees and members (names, phones, companies, map points) is synthetic.

Idempotent: nothing is added when communities exist. Used by ``manage.py load_demo`` before the cases demo,
which locates its cases at these places.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.demo.people import GIVEN, SURNAMES
from cms.places.models import (
    CommitteeMember,
    Community,
    CommunityKind,
    Election,
    Estate,
    GridCell,
    OwnersCommittee,
    RedCommitteeCriteria,
)

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
    RedCommitteeCriteria.objects.create(
        min_party_share=50,
        note="参照街道红色业委会建设指引（示例）：党员委员过半、建立党的工作小组。",
    )
    for n, estate in enumerate(Estate.objects.order_by("pk")[::3]):
        _owners_committee(estate, n, rng)
    return True


def _owners_committee(estate: Estate, n: int, rng: random.Random) -> OwnersCommittee:
    """A committee elected about four years ago for five years; the first two end within 90 days."""
    today = timezone.localdate()
    term_end = today + datetime.timedelta(days=30 + 40 * n if n < 2 else 200 + 60 * n)
    term_start = term_end - datetime.timedelta(days=5 * 365)
    committee = OwnersCommittee.objects.create(
        estate=estate,
        term_start=term_start,
        term_end=term_end,
        party_branch=f"{estate.name}业委会党的工作小组" if n % 3 else "",
        contract_company=estate.property_company,
        contract_start=term_start,
        contract_end=term_start + datetime.timedelta(days=3 * 365),
        fee_per_square_metre=Decimal(rng.randrange(120, 380, 10)) / 100,
    )
    Election.objects.create(
        committee=committee,
        kind=Election.Kind.FIRST,
        held_on=term_start - datetime.timedelta(days=14),
        term_start=term_start,
        term_end=term_end,
    )
    for seat in range(5):
        party = rng.random() < 0.55
        CommitteeMember.objects.create(
            committee=committee,
            name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            phone=f"1390000{rng.randint(0, 9999):04d}",
            role=["chair", "vice_chair", "member", "member", "member"][seat],
            party_member=party,
            party_consent=party,
        )
    return committee
