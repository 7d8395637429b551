"""RSS and Atom feeds of news: one for all studios, one per studio (by its code), one per tag."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from cms.studios.models import NewsPage, StudioPage

FEED_LENGTH = 20


class AllNewsFeed(Feed):
    title = _("千灯 · 桂城基层治理：最新动态")
    description = _("委员会与六个工作室的最新新闻")
    link = "/"

    def items(self):
        return NewsPage.objects.live().order_by("-date", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)


class AllNewsAtomFeed(AllNewsFeed):
    feed_type = Atom1Feed
    subtitle = AllNewsFeed.description


class StudioNewsFeed(AllNewsFeed):
    def get_object(self, request, code):
        return get_object_or_404(
            StudioPage.objects.live().select_related("studio"), studio__code=code
        )

    def title(self, studio_page):
        return _("%(studio)s：最新动态") % {"studio": studio_page.title}

    def description(self, studio_page):
        return studio_page.studio.tagline

    def link(self, studio_page):
        return studio_page.get_url(request=self.request)

    def items(self, studio_page):
        return (
            NewsPage.objects.live()
            .descendant_of(studio_page)
            .order_by("-date", "-pk")[:FEED_LENGTH]
        )


class StudioNewsAtomFeed(StudioNewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, studio_page):
        return studio_page.studio.tagline


class TagNewsFeed(AllNewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return _("标签“%(tag)s”的最新动态") % {"tag": tag.name}

    def link(self, tag):
        return reverse("news_by_tag", args=(tag.slug,))

    def items(self, tag):
        return NewsPage.objects.live().filter(tags=tag).order_by("-date", "-pk")[:FEED_LENGTH]
