"""News feeds (RSS and Atom, all studios and per studio), sitemap and robots.txt."""

import xml.etree.ElementTree as ET

import pytest

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
