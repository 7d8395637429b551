"""The shared page cache: anonymous visitors get stored pages, content changes retire them at once.

Requests go through the WSGI application as gunicorn calls it (``tests/wsgi_client.py``): the cache sits in
front of Django, where Django's test client does not reach.
"""

import gzip

import pytest
from django.test import Client

from cms.demo import factories as f
from cms.studios.models import NewsIndexPage, NewsPage
from tests.conftest import login
from tests.wsgi_client import WSGIClient


@pytest.fixture
def client():
    return WSGIClient()


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_from_the_cache(client):
    assert client.get("/studio-06/")["X-Page-Cache"] == "miss"
    hit = client.get("/studio-06/")
    assert hit["X-Page-Cache"] == "hit"
    assert "红色业委会工作室" in hit.content.decode()
    assert hit["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.django_db
def test_publishing_news_shows_on_the_home_page_at_once(client):
    client.get("/")
    index = NewsIndexPage.objects.get(url_path__endswith="/studio-02/news/")
    f.NewsPageFactory(parent=index, title="刚刚发布的新闻", date="2099-01-01")
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "刚刚发布的新闻" in response.content.decode()


@pytest.mark.django_db
def test_unpublishing_removes_a_page_from_cached_listings(client):
    news = NewsPage.objects.get(url_path__endswith="/studio-06/news/news-1/")
    assert news.title in client.get("/studio-06/news/").content.decode()
    news.unpublish()
    assert news.title not in client.get("/studio-06/news/").content.decode()


@pytest.mark.django_db
def test_logged_in_staff_never_get_a_cached_page(client):
    client.get("/studio-06/")
    editor = Client()
    login(editor, "editor06")
    client.cookies.update(editor.cookies)  # the session cookie
    response = client.get("/studio-06/")
    assert "X-Page-Cache" not in response
    assert "wagtail-userbar" in response.content.decode()


@pytest.mark.django_db
def test_each_language_has_its_own_cached_copy(client):
    client.get("/")
    client.cookies["django_language"] = "en"
    assert "Skip to content" in client.get("/").content.decode()


@pytest.mark.django_db
def test_not_found_pages_are_not_cached(client):
    client.get("/no-such-page/")
    assert "X-Page-Cache" not in client.get("/no-such-page/")


@pytest.mark.django_db
def test_search_results_are_cached_per_query(client):
    client.get("/search/", {"q": "调解"})
    assert client.get("/search/", {"q": "调解"})["X-Page-Cache"] == "hit"
    assert client.get("/search/", {"q": "网约车"})["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_unknown_parameters_share_one_cached_copy(client):
    client.get("/studio-06/")
    assert client.get("/studio-06/", {"utm_source": "wechat"})["X-Page-Cache"] == "hit"
    assert client.get("/studio-06/news/", {"page": "2"})["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_hit_is_sent_compressed_to_browsers_that_accept_gzip_and_plain_to_others(client):
    plain = client.get("/studio-06/").content
    compressed = client.get("/studio-06/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert compressed["X-Page-Cache"] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain
    assert int(compressed["Content-Length"]) == len(compressed.content)
    uncompressed = client.get("/studio-06/")
    assert uncompressed["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in uncompressed
    assert uncompressed.content == plain


@pytest.mark.django_db
def test_a_hit_keeps_the_pages_headers_and_reads_no_database(client, django_assert_num_queries):
    miss = client.get("/studio-06/")
    with django_assert_num_queries(0):
        hit = client.get("/studio-06/")
    assert hit["X-Page-Cache"] == "hit"
    for header in ("Content-Type", "Content-Language", "Cache-Control", "Content-Security-Policy"):
        assert hit[header] == miss[header]


@pytest.mark.django_db
def test_a_page_rendered_while_a_change_is_being_saved_is_not_kept_after_it_commits(
    client, django_capture_on_commit_callbacks
):
    news = NewsPage.objects.get(url_path__endswith="/studio-06/news/news-1/")
    with django_capture_on_commit_callbacks(execute=True):
        news.title = "改过的标题"
        news.save_revision().publish()
        # Another request renders the page now (before the commit) and stores it.
        client.get("/studio-06/news/")
    assert client.get("/studio-06/news/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_lost_version_token_brings_back_no_page_stored_before(client):
    from django.core.cache import cache

    from cms.core import page_cache

    client.get("/studio-06/")
    cache.delete(page_cache.VERSION_KEY)  # evicted, or Redis restarted with its data
    assert client.get("/studio-06/")["X-Page-Cache"] == "miss"
    assert client.get("/studio-06/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_visitor_with_a_flash_message_waiting_gets_a_fresh_page(client):
    client.get("/studio-06/")
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get("/studio-06/")


@pytest.mark.django_db
def test_a_hit_carries_the_security_headers_a_request_id_and_is_logged(client, caplog):
    miss = client.get("/studio-06/")
    with caplog.at_level("INFO", logger="cms.request"):
        hit = client.get("/studio-06/", HTTP_X_REQUEST_ID="proxy-id-0123456789abcdef")
    assert hit["X-Page-Cache"] == "hit"
    for header in ("X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy"):
        assert hit[header] == miss[header]
    assert hit["X-Request-ID"] == "proxy-id-0123456789abcdef"
    assert [(r.path, r.status) for r in caplog.records] == [("/studio-06/", 200)]


@pytest.mark.django_db
def test_the_internal_mark_never_leaves_the_server(client):
    from django.test import Client

    from cms.core.page_cache import STORABLE_HEADER

    assert STORABLE_HEADER in Client().get("/studio-06/")  # what Django answers the cache with
    anonymous = [client.get("/studio-06/"), client.get("/studio-06/"), client.head("/studio-06/")]
    login_client = Client()
    login(login_client, "editor06")
    client.cookies.update(login_client.cookies)
    for response in [*anonymous, client.get("/studio-06/")]:
        assert response.status_code == 200
        assert STORABLE_HEADER not in response


@pytest.mark.django_db
def test_a_head_request_is_answered_from_the_cache_without_a_body(client):
    page = client.get("/studio-06/")
    head = client.head("/studio-06/")
    assert head["X-Page-Cache"] == "hit"
    assert head.content == b""
    assert int(head["Content-Length"]) == len(page.content)


@pytest.mark.django_db
def test_static_files_pass_the_cache_untouched(client):
    from django.templatetags.static import static

    for _ in range(2):
        response = client.get(static("css/site.css"))
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_a_host_django_refuses_is_neither_served_nor_stored(client, settings):
    client.get("/studio-06/")
    settings.ALLOWED_HOSTS = ["qiandeng.example.org"]
    refused = client.get("/studio-06/")
    assert refused.status_code == 400
    assert "X-Page-Cache" not in refused
