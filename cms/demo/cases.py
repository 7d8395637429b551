"""Demo cases: a year of cases per studio, each taken through the services at plausible times, so the three
rates, the trend and the history read like a real street office's.

Idempotent: nothing is added when cases exist. Used by ``manage.py load_demo`` after the studios' and the places' demos (cases are located at places).
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.cases import services
from cms.cases.models import Case, CaseCategory, HandlingUnit, Satisfaction, Source
from cms.core import clock
from cms.places.models import Estate
from cms.studios.models import ServicePage, Studio

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
# A year of cases per studio: old ones have run their whole course, recent ones are still open. Each step
# is replayed at a plausible time (``cms.core.clock``), so the three rates read like a real street office's.
CASES_PER_STUDIO = 48
DAYS_BACK = 365
RETURNED_PER_STUDIO = 2
LATE_CONTACT = 0.03  # share of cases contacted after the first-contact deadline
LATE_RESOLUTION = 0.05  # share resolved after the handling deadline
SATISFACTION = [
    (Satisfaction.SATISFIED, 0.72),
    (Satisfaction.BASICALLY_SATISFIED, 0.20),
    (Satisfaction.DISSATISFIED, 0.08),
]


@transaction.atomic
def load() -> bool:
    if Case.objects.exists():
        return False
    rng = random.Random(2026)
    users = get_user_model().objects
    estates = list(Estate.objects.select_related("community"))
    now = timezone.now()
    for studio in Studio.objects.all():
        units = [HandlingUnit.objects.create(studio=studio, name=name) for name in UNITS]
        first_service = ServicePage.objects.descendant_of(studio.page).order_by("path").first()
        help_category = CaseCategory.objects.get(studio=studio, name="求助")
        help_category.service = first_service
        help_category.save()  # not update(): the catalogue keeps its history
        worker = users.get(username=f"worker{studio.code}")
        categories = list(CaseCategory.objects.filter(studio=studio).exclude(name="紧急求助"))
        for n in range(CASES_PER_STUDIO):
            title, description = ISSUES[studio.code][n % len(ISSUES[studio.code])]
            received = _office_hours(now - datetime.timedelta(days=rng.uniform(0, DAYS_BACK)), rng)
            with clock.at(received):
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
            if n < RETURNED_PER_STUDIO:
                with clock.at(min(received + datetime.timedelta(hours=3), now)):
                    services.return_case(
                        case, worker, reason="经核实不属于本工作室职责，建议改派。"
                    )
                continue
            _walk(case, worker, rng.choice(units), rng, now)
    return True


def _office_hours(moment: datetime.datetime, rng: random.Random) -> datetime.datetime:
    local = timezone.localtime(moment)
    return local.replace(hour=rng.randint(8, 17), minute=rng.randint(0, 59), second=0)


def _where(rng: random.Random, estates: list[Estate]) -> dict:
    """Most cases at an estate of the demo places, some at a community only, a few as typed text."""
    roll = rng.random()
    if not estates or roll < 0.1:
        return {"location_text": rng.choice(COMMUNITIES)}
    estate = rng.choice(estates)
    if roll < 0.25:
        return {"community": estate.community, "location_text": "社区公共区域"}
    return {"estate": estate, "community": estate.community}


def _walk(case: Case, worker, unit: HandlingUnit, rng: random.Random, now) -> None:
    """Takes the case as far along its course as the time since it was received allows."""
    hours = datetime.timedelta(hours=1)
    assigned = case.received_at + rng.uniform(0.5, 4) * hours
    started = assigned + rng.uniform(1, 6) * hours
    contact_window = max(case.first_contact_due - started, hours)
    contacted = started + contact_window * (
        rng.uniform(1.1, 2) if rng.random() < LATE_CONTACT else rng.uniform(0.1, 0.9)
    )
    handling = case.handling_due - case.received_at
    resolved = case.received_at + handling * (
        rng.uniform(1.05, 1.4) if rng.random() < LATE_RESOLUTION else rng.uniform(0.15, 0.7)
    )
    resolved = max(resolved, contacted + hours)
    steps = [
        (assigned, lambda c: services.assign(c, worker, assignee=worker, handling_unit=unit)),
        (started, lambda c: services.start(c, worker)),
        (
            contacted,
            lambda c: services.record_first_contact(
                c, worker, note="已电话联系反映人，约定上门查看。"
            ),
        ),
        (resolved, lambda c: _resolve(c, worker)),
    ]
    followed = resolved + rng.uniform(24, 72) * hours
    satisfaction = _satisfaction(rng)
    steps.append((followed, lambda c: _follow_up(c, worker, satisfaction)))
    if satisfaction == Satisfaction.DISSATISFIED:  # re-opened and resolved again
        resolved_again = followed + rng.uniform(24, 72) * hours
        steps.append((resolved_again, lambda c: _resolve(c, worker)))
        if rng.random() < 0.5:  # half still wait for the second follow-up: counted dissatisfied
            return _replay(case, steps, now)
        followed = resolved_again + rng.uniform(24, 72) * hours
        steps.append((followed, lambda c: _follow_up(c, worker, Satisfaction.BASICALLY_SATISFIED)))
    steps.append((followed + rng.uniform(24, 120) * hours, lambda c: services.close(c, worker)))
    _replay(case, steps, now)


def _replay(case: Case, steps: list, now) -> None:
    """Each step at its time, up to now: what lies in the future has not happened yet."""
    for when, step in steps:
        if when > now:
            return
        with clock.at(when):
            case = step(case)


def _resolve(case: Case, worker) -> Case:
    return services.resolve(
        case,
        worker,
        reply="经协调，相关单位已处理完毕，感谢您的反映。",
        outcome="现场核查后已处理。",
    )


def _follow_up(case: Case, worker, satisfaction: str) -> Case:
    comment = "问题仍未解决" if satisfaction == Satisfaction.DISSATISFIED else ""
    return services.record_follow_up(case, worker, satisfaction=satisfaction, comment=comment)


def _satisfaction(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for satisfaction, share in SATISFACTION:
        total += share
        if roll < total:
            return satisfaction
    return SATISFACTION[0][0]
