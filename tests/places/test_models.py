"""Places as records: ordering, uniqueness, grid cells within their community, history."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cms.places.models import Community, Estate, GridCell
from tests.factories import places as p
from tests.factories.cases import user

pytestmark = pytest.mark.django_db


def test_communities_are_listed_by_their_sort_order_then_name():
    p.community("b", "北约社区", sort_order=2)
    p.community("a", "东二社区", sort_order=1)
    p.community("c", "叠北村", sort_order=2, kind="village")
    assert [c.name for c in Community.objects.all()] == ["东二社区", "北约社区", "叠北村"]


def test_estates_are_listed_by_community_then_name_and_inactive_places_are_filtered():
    first, second = (
        p.community("a", "东二社区", sort_order=1),
        p.community("b", "西约社区", sort_order=2),
    )
    p.estate(second, "乙小区")
    p.estate(first, "甲小区")
    p.estate(first, "丙小区", active=False)
    assert [e.name for e in Estate.objects.all()] == ["丙小区", "甲小区", "乙小区"]
    assert [e.name for e in Estate.objects.active()] == ["甲小区", "乙小区"]
    second.active = False
    second.save()
    assert [e.name for e in Estate.objects.active()] == ["甲小区"]


def test_an_estate_name_is_unique_within_its_community_only():
    first, second = p.community("a", "东二社区"), p.community("b", "西约社区")
    p.estate(first, "花园小区")
    p.estate(second, "花园小区")
    with pytest.raises(IntegrityError), transaction.atomic():
        p.estate(first, "花园小区")


def test_a_grid_cell_cannot_lie_in_an_estate_of_another_community():
    first, second = p.community("a", "东二社区"), p.community("b", "西约社区")
    cell = GridCell(community=first, estate=p.estate(second), name="第一网格")
    with pytest.raises(ValidationError) as refusal:
        cell.full_clean()
    assert "所选小区不属于该社区/村。" in refusal.value.message_dict["estate"]


def test_a_code_with_spaces_or_chinese_is_refused():
    with pytest.raises(ValidationError) as refusal:
        Community(code="东二 社区", name="东二社区").full_clean()
    assert "code" in refusal.value.message_dict


def test_changes_and_grid_workers_are_recorded_in_history():
    community = p.community()
    community.households = 5000
    community.save()
    assert [h.history_type for h in community.history.all()] == ["~", "+"]
    cell = p.grid_cell(community)
    cell.workers.add(user("worker02"))
    latest = cell.history.first()
    assert [w.user for w in latest.workers.all()] == [user("worker02")]
