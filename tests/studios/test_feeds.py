"""News feeds (RSS and Atom, all studios, per studio and per tag), tag listings, sitemap and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from cms.studios.models import NewsPage, StudioPage

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.django_db
def test_all_news_rss_lists_every_studio_newest_first(client):
    response = client.get("/feeds/news/")
    assert response["Content-Type"].startswith("application/rss+xml")
    items = ET.fromstring(response.content).findall("./channel/item")
    assert len(items) == 20
    links = [item.findtext("link") for item in items]
    assert any("/studio-01/" in link for link in links)
    assert any("/studio-06/" in link for link in links)


@pytest.mark.django_db
def test_studio_atom_feed_has_only_that_studios_news(client):
    response = client.get("/feeds/studios/06/atom/")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    assert all("/studio-06/news/" in e.find(f"{ATOM}link").get("href") for e in entries)
    assert "红色业委会工作室" in feed.findtext(f"{ATOM}title")


@pytest.mark.django_db
def test_unknown_studio_feed_is_not_found(client):
    assert client.get("/feeds/studios/99/").status_code == 404


@pytest.mark.django_db
def test_sitemap_lists_live_pages(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/studio-06/news/news-1/" in body
    assert "/privacy/" in body


@pytest.mark.django_db
def test_robots_points_to_the_sitemap_and_keeps_out_of_admin(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.django_db
def test_a_news_tag_links_to_every_studios_news_with_it_and_to_its_feed(client):
    news = NewsPage.objects.live().get(url_path__endswith="/studio-06/news/news-1/")
    assert "基层治理" in news.tags.names()  # the demo's tags are saved
    html = client.get(news.url).content.decode()
    listing_url = reverse("news_by_tag", args=("基层治理",))
    assert f'href="{listing_url}"' in html
    listing = client.get(listing_url).content.decode()
    studios_listed = {p.title for p in StudioPage.objects.live() if p.title in listing}
    assert len(studios_listed) == 6  # one shared tag gathers the news of every studio
    feed = client.get(reverse("tag_news_feed", args=("基层治理",))).content.decode()
    assert news.title in feed and "基层治理" in feed
    assert client.get(reverse("news_by_tag", args=("没有这个标签",))).status_code == 404
