"""Page types: where each may be created, that every type is routable, and what residents see on them."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.demo import factories as f
from cms.evaluations.models import EvaluationResultsPage
from cms.studios.models import (
    ActivityIndexPage,
    ActivityPage,
    CommitteePage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ServiceIndexPage,
    ServicePage,
    StandardPage,
    Studio,
    StudioPage,
)

ALL_TYPES = [
    HomePage,
    CommitteePage,
    StandardPage,
    StudioPage,
    NewsIndexPage,
    NewsPage,
    ServiceIndexPage,
    ServicePage,
    ActivityIndexPage,
    ActivityPage,
]


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_sits_only_under_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_holds_committee_studios_and_standard_pages(self):
        self.assertAllowedSubpageTypes(HomePage, {CommitteePage, StudioPage, StandardPage})

    def test_studio_holds_its_sections_and_standard_pages(self):
        self.assertAllowedSubpageTypes(
            StudioPage,
            {
                NewsIndexPage,
                ServiceIndexPage,
                ActivityIndexPage,
                StandardPage,
                EvaluationResultsPage,  # the results of the studio's evaluation rounds
            },
        )

    def test_content_pages_live_only_in_their_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedParentPageTypes(ServicePage, {ServiceIndexPage})
        self.assertAllowedParentPageTypes(ActivityPage, {ActivityIndexPage})
        for leaf in (NewsPage, ServicePage, ActivityPage, StandardPage):
            self.assertAllowedSubpageTypes(leaf, set())

    def test_news_cannot_be_created_directly_under_a_studio(self):
        self.assertCanNotCreateAt(StudioPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, ServicePage)

    def test_singletons_are_limited(self):
        home = HomePage.objects.get()
        studio_page = StudioPage.objects.get(studio__code="06")
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        self.assertFalse(CommitteePage.can_create_at(home))
        self.assertFalse(StudioPage.can_create_at(home))  # all six exist
        self.assertFalse(NewsIndexPage.can_create_at(studio_page))  # one per studio
        self.assertTrue(StandardPage.can_create_at(studio_page))

    def test_every_page_type_is_routable(self):
        for page_type in ALL_TYPES:
            page = page_type.objects.live().first()
            with self.subTest(page_type=page_type.__name__):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)


@pytest.mark.django_db
def test_home_shows_the_committee_and_six_studios_with_numbers(client):
    html = client.get("/").content.decode()
    assert "街道基层治理工作委员会" in html
    for studio in Studio.objects.all():
        assert studio.name in html
        assert f'studio-card__number">{studio.code}<' in html
    assert 'href="/services/"' in html


@pytest.mark.django_db
def test_studio_page_lists_services_news_activities_and_contact(client):
    html = client.get("/studio-06/").content.decode()
    assert "物业纠纷调解申请" in html
    assert "物业纠纷专业调解队成功化解停车费争议" in html
    assert "红色业委会居民议事会" in html
    assert "0757-8600 0106" in html
    assert "志愿服务队" in html


@pytest.mark.django_db
def test_unpublished_news_is_neither_routable_nor_listed(client):
    news = NewsPage.objects.get(url_path__endswith="/studio-06/news/news-1/")
    news.unpublish()
    assert client.get("/studio-06/news/news-1/").status_code == 404
    assert news.title not in client.get("/studio-06/news/").content.decode()


@pytest.mark.django_db
def test_news_page_links_previous_and_next_by_date(client):
    html = client.get("/studio-06/news/news-2/").content.decode()
    assert 'rel="prev" href="/studio-06/news/news-3/"' in html
    assert 'rel="next" href="/studio-06/news/news-1/"' in html


@pytest.mark.django_db
def test_news_index_paginates_twenty_a_page(client):
    index = NewsIndexPage.objects.get(url_path__endswith="/studio-01/news/")
    for _ in range(20):
        f.NewsPageFactory(parent=index, date=datetime.date(2020, 1, 1), cover_image=None)
    first = client.get("/studio-01/news/").content.decode()
    second = client.get("/studio-01/news/?page=2").content.decode()
    assert first.count('class="card"') == 20
    assert second.count('class="card"') == 5
    assert "第 2 页，共 2 页" in second
    assert client.get("/studio-01/news/?page=abc").status_code == 200


@pytest.mark.django_db
def test_news_cover_has_alt_text(client):
    page = NewsPage.objects.get(url_path__endswith="/studio-06/news/news-1/")
    alt = page.cover_image.default_alt_text
    assert alt.startswith("插图：") and len(alt) > len("插图：")
    assert f'alt="{alt}"' in client.get(page.url).content.decode()


@pytest.mark.django_db
def test_activity_index_separates_upcoming_and_past(client):
    index = ActivityIndexPage.objects.get(url_path__endswith="/studio-03/activities/")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    f.ActivityPageFactory(parent=index, title="去年的敬老活动", start_at=long_ago)
    html = client.get("/studio-03/activities/").content.decode()
    upcoming, past = html.split('id="past"')
    assert "关爱桂城开放日" in upcoming
    assert "去年的敬老活动" in past


@pytest.mark.django_db
def test_activity_cannot_end_before_it_starts():
    from django.core.exceptions import ValidationError

    activity = ActivityPage.objects.first()
    activity.end_at = activity.start_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "结束时间不能早于开始时间" in str(error.value)


@pytest.mark.django_db
def test_service_page_shows_what_a_resident_needs(client):
    html = client.get("/studio-06/services/service-1/").content.decode()
    for label in (
        "服务对象",
        "所需材料",
        "办理流程",
        "办理时限",
        "收费标准",
        "办理地点",
        "相关新闻",
    ):
        assert label in html
    assert "/studio-06/news/news-1/" in html


@pytest.mark.django_db
def test_service_directory_groups_services_by_studio(client):
    html = client.get("/services/").content.decode()
    assert (
        html.index('id="studio-01"')
        < html.index("集体资产交易信息查询")
        < html.index('id="studio-02"')
    )


@pytest.mark.django_db
def test_breadcrumb_and_footer(client):
    html = client.get("/studio-06/news/news-1/").content.decode()
    assert 'aria-label="面包屑导航"' in html
    assert '<a href="/studio-06/">红色业委会工作室</a>' in html
    assert 'href="/privacy/"' in html
    assert "0757-8600 0001" in html  # organiser's phone from the site settings


@pytest.mark.django_db
def test_footer_contact_follows_an_edit_of_the_settings(client):
    from cms.core.models import SiteContact

    client.get("/")
    contact = SiteContact.load()
    contact.phone = "0757-8600 0999"
    contact.save()
    assert "0757-8600 0999" in client.get("/").content.decode()


@pytest.mark.django_db
def test_english_is_available_through_the_language_switch(client):
    assert 'href="/language/en/?next=/studio-06/"' in client.get("/studio-06/").content.decode()
    response = client.get("/language/en/", {"next": "/studio-06/"}, follow=True)
    assert response.redirect_chain == [("/studio-06/", 302)]
    assert '<html lang="en">' in response.content.decode()
    assert "Skip to content" in response.content.decode()


@pytest.mark.django_db
def test_chinese_is_the_default_even_for_an_english_browser(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "跳到正文" in html


@pytest.mark.django_db
def test_language_switch_refuses_unknown_languages_and_outside_redirects(client):
    assert client.get("/language/xx/").status_code == 404
    response = client.get("/language/en/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_each_language_is_offered_in_its_own_name(client):
    html = client.get("/").content.decode()
    assert '<span aria-current="true">简体中文</span>' in html
    assert 'lang="en" rel="nofollow">English</a>' in html
