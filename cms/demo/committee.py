"""Demo resource bank: organisations, people, venues, service projects and funds of the six studios, some
public, a few already used on cases and activities. All names and numbers are synthetic.

Idempotent: nothing is added when resources exist. Used by ``manage.py load_demo`` last.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.cases.models import Case
from cms.committee import services
from cms.committee.models import Kind, Resource
from cms.studios.models import Studio
from cms.volunteers.models import ServiceActivity

# (kind, category, name, owner studio codes, public, extra fields)
RESOURCES = [
    (
        Kind.ORGANISATION,
        "social_org",
        "示例社会工作服务中心",
        ["03"],
        True,
        {"availability": "工作日"},
    ),
    (Kind.ORGANISATION, "property_company", "示例物业服务有限公司", ["06"], False, {}),
    (Kind.ORGANISATION, "mass_org", "街道妇联示例执委会", ["02", "03"], True, {}),
    (Kind.ORGANISATION, "company", "示例科技创新企业", ["04"], False, {}),
    (Kind.PERSON, "sage", "新乡贤 陈示例", ["01"], False, {"availability": "周末"}),
    (Kind.PERSON, "lawyer", "公益律师 梁示例", ["06"], True, {"availability": "每周三下午"}),
    (Kind.PERSON, "social_worker", "社工 何示例", ["03"], False, {}),
    (Kind.PERSON, "building_head", "楼长 黄示例", ["02"], False, {}),
    (Kind.PERSON, "talent", "高层次人才 罗示例", ["04"], False, {}),
    (
        Kind.VENUE,
        "room",
        "千灯湖社区党群服务中心活动室",
        ["02", "06"],
        True,
        {
            "capacity": 40,
            "booking_contact": "社区服务中心前台 0757-86000001",
            "availability": "9:00–21:00",
        },
    ),
    (
        Kind.VENUE,
        "hall",
        "桂城街道示例礼堂",
        [],
        True,
        {"capacity": 300, "booking_contact": "街道党建办 0757-86000002"},
    ),
    (
        Kind.VENUE,
        "room",
        "暖蜂驿站",
        ["05"],
        True,
        {
            "capacity": 20,
            "booking_contact": "驿站值班电话 0757-86000003",
            "availability": "24 小时",
        },
    ),
    (
        Kind.PROJECT,
        "social_work",
        "长者关爱社工服务项目",
        ["03"],
        True,
        {
            "provider": "示例社会工作服务中心",
            "amount": Decimal("480000"),
            "target_groups": "独居、空巢长者",
            "kpis": "个案服务 60 个；探访 1,200 人次；满意度不低于 90%",
        },
    ),
    (
        Kind.PROJECT,
        "social_work",
        "青少年成长陪伴项目",
        ["03"],
        False,
        {
            "provider": "示例青少年服务社",
            "amount": Decimal("260000"),
            "target_groups": "6–14 岁儿童",
            "kpis": "课后托管 40 人；家长课堂 12 场",
        },
    ),
    (Kind.FUND, "fund", "社区微治理专项资金", [], False, {"amount": Decimal("500000")}),
    (Kind.FUND, "donation", "示例企业公益捐赠", ["04"], False, {"amount": Decimal("100000")}),
]


@transaction.atomic
def load() -> bool:
    if Resource.objects.exists():
        return False
    today = timezone.localdate()
    office = get_user_model().objects.get(username="office")
    made = []
    for kind, category, name, codes, public, extra in RESOURCES:
        resource = Resource(kind=kind, category=category, name=name, public=public, **extra)
        resource.contact_name = "示例联系人"
        resource.contact_phone = "13600000000"
        if kind == Kind.PROJECT:
            resource.period_start = datetime.date(today.year, 1, 1)
            resource.period_end = datetime.date(today.year, 12, 31)
        resource._history_user = office
        resource._change_reason = "资源入库"
        resource.save()
        resource.studios.set(Studio.objects.filter(code__in=codes))
        made.append(resource)
    _uses(made, today)
    return True


def _uses(resources: list[Resource], today) -> None:
    """The lawyer on a few of studio 06's cases, the venue for an activity of studio 02."""
    users = get_user_model().objects
    lawyer = next(r for r in resources if r.category == "lawyer")
    for case in Case.objects.filter(studio__code="06").order_by("pk")[:3]:
        services.record_use(
            users.get(username="worker06"), lawyer, case=case, used_on=today, note="提供法律咨询"
        )
    room = next(r for r in resources if r.kind == Kind.VENUE)
    activity = ServiceActivity.objects.filter(studio__code="02").first()
    if activity is not None:
        services.record_use(
            users.get(username="worker02"), room, activity=activity, used_on=today, note="活动场地"
        )
