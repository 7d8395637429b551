"""Public pages are built from fragments and routes kept in the shared cache (cms/core/routing.py,
cms/core/templatetags/fragments.py): after any editorial change no page shows the old content.

The page cache is off here, so every request renders, from cached fragments where they are still valid.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from cms.core.models import SiteContact
from cms.demo import factories as f
from cms.studios.models import NewsIndexPage, NewsPage
from tests.conftest import login

HOME, INDEX, NEWS = "/", "/studio-06/news/", "/studio-06/news/news-1/"


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def warm(client, *urls: str) -> None:
    for url in urls:
        html(client, url)


@pytest.mark.django_db
def test_a_published_news_item_shows_at_once_on_the_home_page_its_index_and_its_neighbour(client):
    warm(client, HOME, INDEX, "/studio-06/news/news-1/")
    index = NewsIndexPage.objects.get(url_path__endswith=INDEX)
    news = f.NewsPageFactory(
        parent=index, title="刚刚发布的调解简报", date="2099-01-01", live=False
    )
    news.save_revision().publish()
    assert "刚刚发布的调解简报" in html(client, HOME)
    assert "刚刚发布的调解简报" in html(client, INDEX)
    assert f'rel="next" href="{news.url}"' in html(client, "/studio-06/news/news-1/")
    assert "刚刚发布的调解简报" in html(client, news.url)


@pytest.mark.django_db
def test_a_republished_title_replaces_the_old_one_everywhere(client):
    news = NewsPage.objects.live().order_by("-date", "-pk").first()  # on the home page too
    index = news.get_parent().url
    neighbour = NewsPage.objects.live().sibling_of(news, inclusive=False).first().url
    old_title = news.title
    warm(client, HOME, index, news.url, neighbour)
    news.title = "标题已更正"
    news.save_revision().publish()
    for url in (HOME, index, news.url, neighbour):
        page = html(client, url)
        assert "标题已更正" in page, url
        assert old_title not in page, url


@pytest.mark.django_db
def test_an_unpublished_news_item_is_gone_at_once(client):
    news = NewsPage.objects.get(url_path__endswith=NEWS)
    warm(client, HOME, INDEX, NEWS)
    news.unpublish()
    assert client.get(NEWS).status_code == 404
    assert news.title not in html(client, INDEX)
    assert news.title not in html(client, HOME)


@pytest.mark.django_db
def test_a_moved_news_item_is_served_at_its_new_address_only(client):
    index = NewsIndexPage.objects.get(url_path__endswith=INDEX)
    news = f.NewsPageFactory(parent=index, slug="moving-news", title="将要移走的新闻")
    warm(client, "/studio-06/news/moving-news/", INDEX)
    other_index = NewsIndexPage.objects.get(url_path__endswith="/studio-02/news/")
    news.move(other_index, pos="last-child")
    old_address = client.get("/studio-06/news/moving-news/")
    assert old_address.status_code == 301  # Wagtail's redirect, made on the move
    assert old_address["Location"].endswith("/studio-02/news/moving-news/")
    moved = html(client, "/studio-02/news/moving-news/")
    assert 'href="/studio-02/news/"' in moved  # its breadcrumb follows it
    assert news.title not in html(client, INDEX)


@pytest.mark.django_db
def test_a_changed_site_contact_shows_in_every_footer(client):
    warm(client, HOME, NEWS, "/search/?q=调解")
    contact = SiteContact.load()
    contact.phone = "0757-8888 1234"
    contact.save()
    for url in (HOME, NEWS, "/search/?q=调解"):
        assert "0757-8888 1234" in html(client, url), url


@pytest.mark.django_db
def test_a_page_made_private_is_no_longer_served_from_its_remembered_route(client):
    warm(client, NEWS)
    news = NewsPage.objects.get(url_path__endswith=NEWS)
    restriction = PageViewRestriction.objects.create(
        page=news, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="委员会办公室"))
    response = client.get(NEWS)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_staff_get_their_userbar_and_visitors_after_them_do_not(client):
    news = NewsPage.objects.get(url_path__endswith=NEWS)
    assert "wagtail-userbar" not in html(client, NEWS)
    login(client, "editor06")
    staff_page = html(client, NEWS)
    assert "wagtail-userbar" in staff_page
    assert news.title in staff_page
    client.logout()
    assert "wagtail-userbar" not in html(client, NEWS)


@pytest.mark.django_db
def test_each_language_gets_its_own_fragments(client):
    assert "跳到正文" in html(client, NEWS)
    client.cookies["django_language"] = "en"
    english = html(client, NEWS)
    assert "Skip to content" in english
    assert "Search the site" in english


@pytest.mark.django_db
def test_the_search_box_keeps_each_visitors_query(client):
    assert 'value="调解"' in html(client, "/search/?q=调解")
    assert 'value="网约车"' in html(client, "/search/?q=网约车")
    assert 'value=""' in html(client, NEWS)


@pytest.mark.django_db
def test_each_page_of_a_news_index_is_kept_apart_and_junk_page_numbers_show_the_first(client):
    index = NewsIndexPage.objects.get(url_path__endswith="/studio-01/news/")
    for n in range(20):
        f.NewsPageFactory(
            parent=index, slug=f"older-{n}", date=datetime.date(2020, 1, 1), cover_image=None
        )
    first = html(client, "/studio-01/news/")
    second = html(client, "/studio-01/news/?page=2")
    assert second.count('class="card"') == 5
    assert first.count('class="card"') == 20
    for junk in ("abc", "-1", "0", "99999999", "２"):
        assert html(client, f"/studio-01/news/?page={junk}") == first, junk
