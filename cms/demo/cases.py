"""Demo cases: ~30 per studio across every state, with handling units and history, through the services.

Idempotent: nothing is added when cases exist. Used by ``manage.py load_demo`` after the studios' and the places' demos (cases are located at places).
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.cases import services
from cms.cases.models import Case, CaseCategory, HandlingUnit, Satisfaction, Source, Status
from cms.places.models import Estate
from cms.studios.models import ServicePage, Studio

CASES_PER_STUDIO = 30
UNITS = ["桂园社区居委会", "千灯湖社区居委会", "街道城管办", "示例物业服务有限公司"]
SURNAMES = "陈李黄张梁何罗郑谢冯"
GIVEN = ["晓明", "丽华", "志强", "美玲", "建国", "嘉欣", "子豪", "雅婷", "国荣", "秀英"]
COMMUNITIES = [
    "桂园社区示例花园",
    "千灯湖社区示例雅苑",
    "东二社区示例大厦",
    "平洲示例新村",
    "夏西示例小区",
]
ISSUES = {
    "01": [
        ("村道路灯损坏", "村口到祠堂的路灯坏了三盏，晚上出行不安全。"),
        ("集体分红公示疑问", "希望了解今年集体经济分红的计算方法。"),
    ],
    "02": [
        ("楼道堆放杂物", "三楼楼道长期堆放纸箱，存在消防隐患。"),
        ("邻里噪音", "楼上住户深夜经常拖动家具。"),
    ],
    "03": [
        ("长者助餐申请", "家中老人行动不便，想申请长者饭堂送餐。"),
        ("困难家庭帮扶", "家中有残障人士，希望社工上门了解情况。"),
    ],
    "04": [
        ("人才公寓申请咨询", "想了解人才公寓的申请条件和流程。"),
        ("子女入学政策", "高层次人才子女入学需要准备哪些材料？"),
    ],
    "05": [
        ("骑手充电安全", "外卖骑手在小区门口集中充电，存在安全隐患。"),
        ("驿站开放时间", "暖蜂驿站晚上几点关门？"),
    ],
    "06": [
        ("物业费上涨争议", "物业公司未经业主大会同意上调物业费。"),
        ("地下车库漏水", "地下车库顶部漏水，物业迟迟不维修。"),
        ("电梯维修资金使用", "电梯更新想申请使用维修资金，流程不清楚。"),
    ],
}
# How many of each studio's cases end in each state.
STATE_MIX = [
    (Status.RECEIVED, 4),
    (Status.ASSIGNED, 4),
    (Status.IN_PROGRESS, 6),
    (Status.RESOLVED, 4),
    (Status.FOLLOWED_UP, 4),
    (Status.CLOSED, 6),
    (Status.RETURNED, 2),
]


@transaction.atomic
def load() -> bool:
    if Case.objects.exists():
        return False
    rng = random.Random(2026)
    users = get_user_model().objects
    estates = list(Estate.objects.select_related("community"))
    for studio in Studio.objects.all():
        units = [HandlingUnit.objects.create(studio=studio, name=name) for name in UNITS]
        first_service = ServicePage.objects.descendant_of(studio.page).order_by("path").first()
        help_category = CaseCategory.objects.get(studio=studio, name="求助")
        help_category.service = first_service
        help_category.save()  # not update(): the catalogue keeps its history
        worker = users.get(username=f"worker{studio.code}")
        categories = list(CaseCategory.objects.filter(studio=studio).exclude(name="紧急求助"))
        n = 0
        for status, count in STATE_MIX:
            for _ in range(count):
                title, description = ISSUES[studio.code][n % len(ISSUES[studio.code])]
                received = timezone.now() - datetime.timedelta(
                    days=rng.randint(1, 40), hours=rng.randint(0, 8)
                )
                case, _code = services.create_case(
                    category=rng.choice(categories),
                    source=rng.choice(list(Source)),
                    **_where(rng, estates),
                    reporter_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                    reporter_phone=f"1380000{rng.randint(0, 9999):04d}",
                    title=title,
                    description=description,
                    received_at=received,
                )
                _walk(case, status, worker, rng.choice(units))
                n += 1
    return True


def _where(rng: random.Random, estates: list[Estate]) -> dict:
    """Most cases at an estate of the demo places, some at a community only, a few as typed text."""
    roll = rng.random()
    if not estates or roll < 0.1:
        return {"location_text": rng.choice(COMMUNITIES)}
    estate = rng.choice(estates)
    if roll < 0.25:
        return {"community": estate.community, "location_text": "社区公共区域"}
    return {"estate": estate, "community": estate.community}


def _walk(case: Case, status: str, worker, unit: HandlingUnit) -> None:
    if status == Status.RETURNED:
        services.return_case(case, worker, reason="经核实不属于本工作室职责，建议改派。")
        return
    steps = [
        Status.ASSIGNED,
        Status.IN_PROGRESS,
        Status.RESOLVED,
        Status.FOLLOWED_UP,
        Status.CLOSED,
    ]
    for step in steps[: steps.index(status) + 1] if status in steps else []:
        if step == Status.ASSIGNED:
            case = services.assign(case, worker, assignee=worker, handling_unit=unit)
        elif step == Status.IN_PROGRESS:
            case = services.start(case, worker)
            case = services.record_first_contact(
                case, worker, note="已电话联系反映人，约定上门查看。"
            )
        elif step == Status.RESOLVED:
            case = services.resolve(
                case,
                worker,
                reply="经协调，相关单位已处理完毕，感谢您的反映。",
                outcome="现场核查后已处理。",
            )
        elif step == Status.FOLLOWED_UP:
            case = services.record_follow_up(case, worker, satisfaction=Satisfaction.SATISFIED)
        elif step == Status.CLOSED:
            case = services.close(case, worker)
