"""Reading places out of old free text (the data migrations of cases and activities use this)."""

from cms.places.matching import Match, PlaceIndex

INDEX = PlaceIndex.build(
    [(1, "东二社区"), (2, "西约社区")],
    [(10, 1, "示例花园"), (11, 1, "湖景苑"), (20, 2, "湖景苑"), (21, 2, "西约新村")],
)


def test_the_exact_name_of_a_community_gives_the_community():
    assert INDEX.match("东二社区") == Match(1)
    assert INDEX.match("  东二社区 ") == Match(1)


def test_the_exact_name_of_an_estate_found_once_gives_the_estate_and_its_community():
    assert INDEX.match("示例花园") == Match(1, 10)
    assert INDEX.match("西约新村") == Match(2, 21)


def test_a_community_followed_by_one_of_its_estates_gives_both():
    assert INDEX.match("东二社区示例花园") == Match(1, 10)
    assert INDEX.match("西约社区 · 湖景苑") == Match(2, 20)


def test_an_estate_name_shared_by_two_communities_is_ambiguous_and_stays_text():
    assert INDEX.match("湖景苑") is None


def test_anything_else_stays_text():
    for text in ("", "东二", "东二社区某某大厦", "示例花园3座", "西约社区示例花园", "千灯湖"):
        assert INDEX.match(text) is None
