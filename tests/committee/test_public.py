"""The public community pages: aggregates only (counts, resolution, satisfaction), never a case's text or
anyone's name, in a number of queries that does not grow with the estates."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.cases.models import Status
from cms.core import page_cache
from tests.factories import cases as f
from tests.factories import places as p

pytestmark = pytest.mark.django_db


def community_with(code: str, name: str, estates: int):
    community = p.community(code, name)
    for n in range(estates):
        estate = p.estate(community, f"{name}第{n + 1}小区")
        f.case_in(Status.FOLLOWED_UP, estate=estate, title=f"{name}的诉求{n}")
    return community


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_community_page_takes_as_many_queries_with_10_estates_as_with_2(client):
    small = community_with("small", "东二社区", 2)
    large = community_with("large", "西约社区", 10)
    client.get(reverse("public_community", args=("nowhere",)))  # the site settings are cached once
    small_url = reverse("public_community", args=(small.code,))
    large_url = reverse("public_community", args=(large.code,))
    assert queries_for(client, small_url) == queries_for(client, large_url)
    index = reverse("public_communities")
    before = queries_for(client, index)
    community_with("more", "北约社区", 3)
    page_cache.invalidate()  # the index was cached for anonymous visitors
    assert queries_for(client, index) == before


def test_the_community_page_shows_figures_and_never_a_case(client):
    dong_er = p.community("dong-er", "东二社区", households=5200)
    garden = p.estate(dong_er, "示例花园", households=640)
    done = f.case_in(Status.FOLLOWED_UP, estate=garden, title="地下车库漏水")
    f.case_in(Status.RECEIVED, community=dong_er, title="社区路灯不亮")
    html = client.get(reverse("public_community", args=("dong-er",))).content.decode()
    assert "示例花园" in html and "640" in html and "100.0%" in html
    for secret in (
        done.title,
        done.description,
        done.reporter_name,
        done.reference,
        "社区路灯不亮",
    ):
        assert secret not in html
    assert "社区其他区域" in html  # the case without an estate counts for the community
    index = client.get(reverse("public_communities")).content.decode()
    assert reverse("public_community", args=("dong-er",)) in index
    assert (
        reverse("public_communities") in client.get("/").content.decode()
    )  # linked from the footer


def test_an_unknown_or_inactive_community_is_not_found(client):
    p.community("old", "撤并社区", active=False)
    assert client.get(reverse("public_community", args=("old",))).status_code == 404
    assert client.get(reverse("public_community", args=("nowhere",))).status_code == 404
