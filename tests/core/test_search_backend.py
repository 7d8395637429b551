"""The public search's newest-first shape (``rank_limit``): which matches it ranks, how far it counts,
which pages it leaves out, on SQLite and PostgreSQL alike."""

import pytest
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from cms.demo import factories as f
from cms.notifications.worker import run_queued_tasks
from tests.core.test_search import result_titles

WORD = "腊八粥"  # in no demo page
OTHER = "银杏叶"


def news_index():
    return f.NewsIndexPageFactory._meta.model.objects.get(url_path__endswith="/studio-04/news/")


def make_pages(pattern: str) -> list[Page]:
    """One news page per character, oldest first: ``M`` mentions WORD (a varying number of times, so
    their ranks differ), ``.`` does not."""
    index = news_index()
    pages = []
    for n, kind in enumerate(pattern):
        text = f"{WORD}。" * (n % 4 + 1) if kind == "M" else "社区开展冬季安全检查。"
        pages.append(
            f.NewsPageFactory(
                parent=index, title=f"第 {n} 期简报", slug=f"briefing-{n}", body=[f.paragraph(text)]
            )
        )
    run_queued_tasks()  # the index update is a queued task, as in production
    return pages


def newest_matches(pages: list[Page], pattern: str, limit: int) -> set[int]:
    """The ``limit`` matching pages indexed last (the search's "newest")."""
    matching = [str(p.pk) for p, kind in zip(pages, pattern, strict=True) if kind == "M"]
    entries = IndexEntry.objects.filter(object_id__in=matching).order_by("-id")
    return {int(pk) for pk in entries.values_list("object_id", flat=True)[:limit]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "pattern",
    [
        "MMMMMMMM",  # dense: the newest entries are enough
        "M.....M..M.MM...M",  # sparse: the walk goes on, or asks the index for the rest
        "MMM" + "." * 30 + "M",  # rare among the newest, common further back
    ],
)
def test_a_rank_limit_ranks_the_newest_matches_in_modelsearchs_order(pattern):
    pages = make_pages(pattern)
    backend, public = get_search_backend(), Page.objects.live().public()
    every = [p.pk for p in backend.search(WORD, public)]
    assert len(every) == pattern.count("M")
    for limit in (1, 3, 5):
        newest = newest_matches(pages, pattern, limit)
        results = backend.search(WORD, public, rank_limit=limit)
        assert [p.pk for p in results] == [pk for pk in every if pk in newest]
        assert [p.pk for p in results[1:3]] == [pk for pk in every if pk in newest][1:3]
        # The pager's capped count (before reading any result): at most one more than it ranks,
        # to say there are more.
        counted = backend.search(WORD, public, rank_limit=limit)[: limit + 1].count()
        assert counted == min(len(every), limit + 1)


@pytest.mark.django_db
def test_private_and_unpublished_pages_are_neither_ranked_nor_counted(client, monkeypatch):
    pages = make_pages("MMMMMMM")
    public, private, unpublished = pages[:3], pages[3:5], pages[5:]
    for page in private:
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    for page in unpublished:
        page.unpublish()
    run_queued_tasks()
    backend, public_pages = get_search_backend(), Page.objects.live().public()
    results = backend.search(WORD, public_pages, rank_limit=2)
    # The newest matches are private or unpublished: the two newest public ones take their place.
    assert {p.pk for p in results} == {p.pk for p in public[1:]}
    assert backend.search(WORD, public_pages, rank_limit=2)[:3].count() == 3

    from cms.studios import views

    monkeypatch.setattr(views, "MAX_RESULTS", 5)
    html = client.get("/search/", {"q": WORD}).content.decode()
    assert "找到 3 条结果" in html
    assert sorted(result_titles(html)) == sorted(p.title for p in public)


@pytest.mark.django_db
def test_a_page_edited_after_it_was_indexed_is_found_by_its_new_words(client):
    (page,) = make_pages("M")
    page.body = [f.paragraph(f"居民一起捡{OTHER}做书签。")]
    page.save_revision().publish()
    run_queued_tasks()
    assert result_titles(client.get("/search/", {"q": OTHER}).content.decode()) == [page.title]
    assert page.title not in result_titles(client.get("/search/", {"q": WORD}).content.decode())
