"""Synthetic people for the demo: name parts and ID numbers that belong to nobody real."""

import datetime
import random

from cms.core.privacy import id_check_digit

SURNAMES = "陈李黄张梁何罗郑谢冯"
GIVEN = ["晓明", "丽华", "志强", "美玲", "建国", "嘉欣", "子豪", "雅婷", "国荣", "秀英"]


def synthetic_id_number(rng: random.Random) -> str:
    """A well-formed ID number (Nanhai region code, valid check digit) that belongs to nobody real."""
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 40))
    first17 = f"440605{born:%Y%m%d}{rng.randint(900, 999)}"  # 9xx: a sequence no office issues
    return first17 + id_check_digit(first17)
