"""Retrieval codes carry at least 40 bits, and the shorter codes handed out before still open their case."""

import math

import pytest
from django.urls import reverse

from cms.cases import services
from cms.cases.models import Case
from cms.core import identifiers
from tests.factories import cases as f


def test_a_new_retrieval_code_carries_at_least_40_bits() -> None:
    bits = services.RETRIEVAL_LENGTH * math.log2(len(identifiers.CODE_ALPHABET))
    assert bits >= 40
    assert identifiers.code_length(40) == 9


@pytest.mark.django_db
def test_a_submitted_case_gets_a_9_character_code_that_opens_it(client) -> None:
    case, code = services.submit_online(
        category=f.category("06"),
        location_text="示例花园",
        reporter_name="陈阿姨",
        reporter_phone="13800012345",
        title="路灯",
        description="路灯坏了",
    )
    assert len(code) == 9 and set(code) <= set(identifiers.CODE_ALPHABET)
    html = client.post(reverse("case_status"), {"reference": case.reference, "code": code})
    assert f'<h2 id="progress">{case.reference}</h2>' in html.content.decode()


@pytest.mark.django_db
def test_an_8_character_code_handed_out_before_still_opens_its_case(client) -> None:
    case, _code = services.submit_online(
        category=f.category("06"),
        location_text="示例花园",
        reporter_name="陈阿姨",
        reporter_phone="13800012345",
        title="旧查询码的诉求",
        description="路灯坏了",
    )
    # As stored before the codes grew: the hash of an 8-character code.
    Case.objects.filter(pk=case.pk).update(
        retrieval_code_hash=services.hash_retrieval_code("ABCD2345")
    )
    answer = client.post(reverse("case_status"), {"reference": case.reference, "code": "abcd2345"})
    assert f'<h2 id="progress">{case.reference}</h2>' in answer.content.decode()
    wrong = client.post(reverse("case_status"), {"reference": case.reference, "code": "ABCD2346"})
    assert "没有找到" in wrong.content.decode()
