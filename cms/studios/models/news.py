"""News of a studio: an index per studio and the news pages under it. Feeds live in ``feeds.py``."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.core import blocks
from cms.core.models import BasePage
from cms.studios.models.listing import lazy, with_cover

NEWS_PER_PAGE = 20
# Page numbers offered (200,000 news a studio); any other ``page`` value shows the first page, so junk
# values neither reach the paginator nor each get a cached fragment.
MAX_PAGE_NUMBER = 10_000


class NewsIndexPage(BasePage):
    """One per studio (工作室动态); lists its news, newest first, 20 a page."""

    intro = models.CharField(_("导语"), max_length=200, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["studios.StudioPage"]
    subpage_types = ["studios.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("新闻栏目")
        verbose_name_plural = _("新闻栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        number = page_number(request.GET.get("page"))
        context["page_number"] = number
        context["news_page"] = lazy(lambda: self.news_page(number))
        return context

    def news_page(self, number: int):
        news = with_cover(NewsPage.objects.live().child_of(self).order_by("-date", "-pk"))
        return Paginator(news, NEWS_PER_PAGE).get_page(number)


def page_number(value: str | None) -> int:
    """The listing page asked for: a number from 1 to ``MAX_PAGE_NUMBER``, else 1."""
    if value and value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_PAGE_NUMBER:
        return int(value)
    return 1


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "studios.NewsPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
        verbose_name=_("新闻"),
    )

    class Meta:
        verbose_name = _("新闻标签")
        verbose_name_plural = _("新闻标签")


class NewsPage(BasePage):
    date = models.DateField(_("发布日期"), default=timezone.localdate)
    summary = models.CharField(_("摘要"), max_length=200)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("封面图片"),
        help_text=_("请在图片的“描述”中填写替代文字，供读屏软件朗读。"),
    )
    body = StreamField(blocks.BodyBlock(), verbose_name=_("正文"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("标签"))

    searchable_fields = ("summary", "body")
    search_fields = BasePage.search_fields + [index.FilterField("date")]
    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]

    parent_page_types = ["studios.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("新闻")
        verbose_name_plural = _("新闻")
        # Every listing shows the newest first ("-date", "-pk"): the home page, news indexes, tags.
        indexes = [models.Index(fields=["date", "page_ptr"], name="studios_news_date_idx")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["previous_news"] = lazy(self.previous_news)
        context["next_news"] = lazy(self.next_news)
        context["tags"] = self.tags.all()  # a queryset: read only when the fragment is rendered
        return context

    def previous_news(self) -> "NewsPage | None":
        return (
            NewsPage.objects.live()
            .sibling_of(self, inclusive=False)
            .filter(date__lte=self.date)
            .exclude(date=self.date, pk__gt=self.pk)
            .order_by("-date", "-pk")
            .first()
        )

    def next_news(self) -> "NewsPage | None":
        return (
            NewsPage.objects.live()
            .sibling_of(self, inclusive=False)
            .filter(date__gte=self.date)
            .exclude(date=self.date, pk__lt=self.pk)
            .order_by("date", "pk")
            .first()
        )
