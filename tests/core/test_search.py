"""Chinese search: words inside sentences are found by the public search and the admin page search."""

import pytest

from cms.core.search import words
from cms.demo import factories as f
from cms.notifications.worker import run_queued_tasks
from tests.conftest import login


def test_text_is_cut_into_words_with_the_words_inside_compounds():
    assert words("物业纠纷调解") == ["物业", "纠纷", "调解"]
    assert words("志愿服务队") == ["志愿", "服务", "服务队"]
    assert words("12345热线 Wagtail") == ["12345", "热线", "wagtail"]


def test_punctuation_is_not_a_word():
    assert words("物业，纠纷！") == ["物业", "纠纷"]


def result_titles(html: str) -> list[str]:
    import re

    return re.findall(r'class="result__title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("物业纠纷", "物业纠纷专业调解队成功化解停车费争议"),
        ("调解", "物业纠纷调解申请"),
        ("网约车", "网约车司机党支部志愿服务队成立"),
    ],
)
def test_public_search_finds_words_inside_sentences(client, query, expected):
    html = client.get("/search/", {"q": query}).content.decode()
    assert expected in result_titles(html)


@pytest.mark.django_db
def test_search_finds_a_word_that_appears_only_inside_body_text(client):
    index = f.NewsIndexPageFactory._meta.model.objects.get(url_path__endswith="/studio-02/news/")
    f.NewsPageFactory(
        parent=index,
        title="社区议事会纪要",
        body=[f.paragraph("居民们讨论了电动自行车充电桩的安装位置。")],
    )
    run_queued_tasks()  # the index update is a queued task, as in production
    html = client.get("/search/", {"q": "充电桩"}).content.decode()
    assert result_titles(html) == ["社区议事会纪要"]


@pytest.mark.django_db
def test_results_show_the_studio_each_belongs_to(client):
    html = client.get("/search/", {"q": "网约车"}).content.decode()
    assert '<span class="studio-tag">新就业群体党建工作室</span>' in html


@pytest.mark.django_db
def test_a_word_is_not_found_across_two_other_words(client):
    # "协调解决" (coordinate and solve) contains the characters of "调解" (mediate) but not the word.
    index = f.NewsIndexPageFactory._meta.model.objects.get(url_path__endswith="/studio-03/news/")
    f.NewsPageFactory(
        parent=index, title="四点半课堂", body=[f.paragraph("社工现场协调解决接送问题。")]
    )
    html = client.get("/search/", {"q": "调解"}).content.decode()
    assert "四点半课堂" not in result_titles(html)
    assert "物业纠纷调解申请" in result_titles(html)


@pytest.mark.django_db
def test_every_word_of_a_query_must_be_present(client):
    html = client.get("/search/", {"q": "物业纠纷 骑手"}).content.decode()
    assert result_titles(html) == []
    assert "没有找到与“物业纠纷 骑手”相关的内容" in html


@pytest.mark.django_db
def test_search_results_are_paginated(client):
    html = client.get("/search/", {"q": "工作室"}).content.decode()
    assert len(result_titles(html)) == 10
    assert 'rel="next"' in html


@pytest.mark.django_db
def test_empty_and_overlong_queries_are_harmless(client):
    assert client.get("/search/").status_code == 200
    assert client.get("/search/", {"q": "调" * 500}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["物业纠纷", "调解", "网约车"])
def test_admin_page_search_finds_chinese_words(client, query):
    login(client, "comms")
    response = client.get("/admin/pages/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    expected = {
        "物业纠纷": "物业纠纷专业调解队成功化解停车费争议",
        "调解": "物业纠纷调解申请",
        "网约车": "网约车司机党支部志愿服务队成立",
    }[query]
    assert expected in html


@pytest.mark.django_db
def test_autocomplete_completes_a_chinese_prefix():
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    results = get_search_backend().autocomplete("网约", Page.objects.live())
    assert "网约车司机党支部志愿服务队成立" in [page.title for page in results]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["工作室", "物业纠纷", "调解", "志愿 服务", "网约车", "没有的词"])
def test_results_and_their_order_are_modelsearchs_own(query):
    """Our ranking reads the index table first; it must rank exactly as modelsearch does."""
    from django.db import connection
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from cms.core.search import segment
    from cms.core.search_backend import _segmented_backend_class

    pages = Page.objects.live().public()
    ours = get_search_backend().search(query, pages)
    modelsearch_class = _segmented_backend_class(connection.vendor).__mro__[2]
    theirs = modelsearch_class({}).search(segment(query), pages, operator="and")
    assert [p.pk for p in ours] == [p.pk for p in theirs]
    assert [p.pk for p in ours[3:7]] == [p.pk for p in theirs[3:7]]
    assert ours.count() == theirs.count()


@pytest.mark.django_db
def test_counting_a_slice_of_results_stops_at_its_end():
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    results = get_search_backend().search("工作室", Page.objects.live())
    assert results.count() > 5
    assert results[:5].count() == 5
    assert results[2:5].count() == 3


@pytest.mark.django_db
def test_a_broad_query_counts_up_to_the_limit_and_says_there_are_more(client, monkeypatch):
    from cms.studios import views

    monkeypatch.setattr(views, "MAX_RESULTS", 12)
    html = client.get("/search/", {"q": "工作室"}).content.decode()
    assert "找到 12+ 条结果" in html
    assert "第 1 页，共 2 页" in html
    last = client.get("/search/", {"q": "工作室", "page": "2"}).content.decode()
    assert len(result_titles(last)) == 2
    assert 'rel="next"' not in last
