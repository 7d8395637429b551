"""What residents say their problem is about: the first question of the public issue form. Each topic
suggests the studio that usually handles it; "其他" suggests none (the committee office routes it).

Kept in code, not in the database: the list is short, part of the form's wording, and translated.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Topic:
    key: str
    label: Promise
    examples: Promise
    studio_code: str | None


TOPICS = (
    Topic("property", _("物业与小区"), _("物业服务、电梯、停车、维修资金、业委会"), "06"),
    Topic("neighbours", _("邻里纠纷"), _("噪音、漏水、楼道堆物等邻里矛盾，需要调解"), "02"),
    Topic("environment", _("道路与环境"), _("道路、路灯、绿化、垃圾、村居公共设施"), "01"),
    Topic("care", _("长者与困难群众"), _("长者照护、残疾人、困难家庭、儿童关爱"), "03"),
    Topic("work", _("就业与新就业群体"), _("找工作，外卖骑手、网约车司机、快递员的困难"), "05"),
    Topic("talent", _("人才服务"), _("人才政策、人才驿站、企业人才服务"), "04"),
    Topic("other", _("其他"), _("以上都不是，或者不确定"), None),
)
BY_KEY = {topic.key: topic for topic in TOPICS}


def get(key: str) -> Topic | None:
    return BY_KEY.get(key)
