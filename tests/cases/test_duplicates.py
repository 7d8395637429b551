"""Duplicates: a second report of the same problem is suggested on the case page (same place and category,
within 14 days, similar words), staff merge it into the earlier case, its reporter follows the earlier case,
both histories say so, and the committee office can undo it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cms.cases import duplicates, services
from cms.cases.models import Case, Source, Status
from cms.cases.services import CaseRuleError
from tests.conftest import login
from tests.factories import cases as f

pytestmark = pytest.mark.django_db

LEAK = {
    "title": "小区地下车库漏水",
    "description": "地下车库 B 区顶部漏水，已持续一周，请物业尽快维修。",
}
SAME_LEAK = {"title": "车库顶部漏水", "description": "示例花园地下车库B区漏水好几天了，物业不管。"}
NOISE = {"title": "楼上装修噪音", "description": "楼上每天早上七点装修，噪音很大。"}


def pair(**later_fields):
    earlier = f.new_case(**LEAK)
    values = {**SAME_LEAK, "received_at": earlier.received_at + datetime.timedelta(hours=3)}
    values.update(later_fields)
    return earlier, f.new_case(**values)


def suggested(case) -> list[Case]:
    return [s.case for s in duplicates.suggestions(case)]


def test_a_similar_report_at_the_same_place_and_category_is_suggested_both_ways():
    earlier, later = pair()
    (suggestion,) = duplicates.suggestions(later)
    assert suggestion.case == earlier and suggestion.earlier
    assert suggestion.score >= duplicates.THRESHOLD
    assert suggested(earlier) == [later]


@pytest.mark.parametrize(
    "later_fields",
    [
        NOISE,
        {"location_text": "叠北村"},
        {"received_at": None},  # replaced below: 15 days later
    ],
    ids=["different words", "another place", "more than 14 days later"],
)
def test_no_suggestion_for_other_words_places_or_times(later_fields):
    if later_fields.get("received_at", 1) is None:
        earlier = f.new_case(**LEAK)
        later_fields = {"received_at": earlier.received_at + datetime.timedelta(days=15)}
        later = f.new_case(**{**SAME_LEAK, **later_fields})
    else:
        earlier, later = pair(**later_fields)
    assert earlier not in suggested(later)


def test_another_category_is_not_a_duplicate():
    earlier = f.new_case(**LEAK)
    later = f.new_case("06", "咨询", **SAME_LEAK)
    assert earlier not in suggested(later)


def test_a_duplicate_from_any_source_is_suggested_on_the_case_page_with_a_merge_button(client):
    earlier, later = pair(source=Source.HOTLINE)
    login(client, "worker06")
    html = client.get(reverse("cases_case_modeladmin_inspect", args=(later.pk,))).content.decode()
    assert "可能重复的诉求" in html and earlier.reference in html
    assert reverse("cases_action", args=(later.pk, "merge")) in html
    html = client.get(reverse("cases_case_modeladmin_inspect", args=(earlier.pk,))).content.decode()
    assert later.reference in html
    assert reverse("cases_action", args=(earlier.pk, "merge")) not in html  # nothing earlier


def test_staff_merge_a_duplicate_into_the_earlier_case_and_both_histories_say_so(client):
    earlier, later = pair()
    worker = login(client, "worker06")
    response = client.post(
        reverse("cases_action", args=(later.pk, "merge")),
        {"earlier": earlier.pk, "reason": "同一漏水点"},
    )
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.status == Status.MERGED and later.merged_into == earlier
    assert later.closed_at is not None
    assert later.history.first().history_change_reason == f"合并至 {earlier.reference}：同一漏水点"
    assert later.history.first().history_user == worker
    assert earlier.history.first().history_change_reason == f"合并重复诉求 {later.reference}"


def test_a_case_merges_only_into_an_earlier_unmerged_one():
    earlier, later = pair()
    worker = f.user("worker06")
    with pytest.raises(CaseRuleError):
        services.merge_into(earlier, worker, earlier=later, reason="反了")
    services.merge_into(later, worker, earlier=earlier, reason="重复")
    third = f.new_case(**SAME_LEAK, received_at=later.received_at + datetime.timedelta(hours=1))
    with pytest.raises(CaseRuleError) as refusal:
        services.merge_into(third, worker, earlier=Case.objects.get(pk=later.pk), reason="重复")
    assert earlier.reference in refusal.value.messages[0]


def test_the_reporter_of_a_merged_case_follows_the_earlier_case(client):
    earlier = f.case_in(Status.IN_PROGRESS, **LEAK)
    later, code = services.create_case(
        category=f.category(),
        source=Source.ONLINE,
        location_text=earlier.location_text,
        reporter_name="赵一鸣",
        reporter_phone="13600002222",
        **SAME_LEAK,
    )
    services.merge_into(later, f.user("worker06"), earlier=earlier, reason="重复")
    response = client.post(reverse("case_status"), {"reference": later.reference, "code": code})
    html = response.content.decode()
    assert earlier.reference in html and "已合并办理" in html
    assert "办理中" in html


def test_the_committee_office_undoes_a_merge_and_the_case_returns_to_its_state():
    earlier = f.new_case(**LEAK)
    later = f.case_in(Status.IN_PROGRESS, **SAME_LEAK)
    services.merge_into(later, f.user("worker06"), earlier=earlier, reason="重复")
    with pytest.raises(PermissionDenied):
        services.undo_merge(later, f.user("worker06"), reason="误合并")
    restored = services.undo_merge(later, f.user("office"), reason="并非同一漏水点")
    assert restored.status == Status.IN_PROGRESS and restored.merged_into is None
    assert restored.closed_at is None
    assert "撤销合并" in restored.history.first().history_change_reason
    assert earlier.history.first().history_change_reason == f"撤销合并 {later.reference}"
    with pytest.raises(CaseRuleError):
        services.undo_merge(restored, f.user("office"), reason="再来一次")


def test_undo_is_offered_to_the_office_only(client):
    earlier, later = pair()
    services.merge_into(later, f.user("worker06"), earlier=earlier, reason="重复")
    url = reverse("cases_action", args=(later.pk, "undo_merge"))
    login(client, "worker06")
    page = reverse("cases_case_modeladmin_inspect", args=(later.pk,))
    assert url not in client.get(page).content.decode()
    login(client, "office")
    assert url in client.get(page).content.decode()
    assert client.post(url, {"reason": "误合并"}).status_code == 302
    later.refresh_from_db()
    assert later.status == Status.RECEIVED


def test_the_same_estate_or_the_community_alone_is_the_same_place_another_estate_is_not():
    from tests.factories import places as p

    garden = p.estate()
    lake = p.estate(garden.community, name="湖景苑")
    earlier = f.new_case(**LEAK, location_text="", estate=garden)
    later = {**SAME_LEAK, "location_text": ""}
    assert earlier in suggested(f.new_case(**later, estate=garden))
    assert earlier in suggested(f.new_case(**later, community=garden.community))
    assert earlier not in suggested(f.new_case(**later, estate=lake))
