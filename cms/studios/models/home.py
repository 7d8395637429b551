"""Site-level pages: the home page (the "1+6" at a glance), the committee page and standard pages."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from cms.core import blocks
from cms.core.models import BasePage
from cms.studios.models.activities import ActivityPage
from cms.studios.models.listing import attach_studio_pages, lazy, with_cover
from cms.studios.models.news import NewsPage
from cms.studios.models.studio_page import StudioPage


class HomePage(BasePage):
    """The site root. Resolves deep URLs in one query (see ``route``)."""

    intro = models.CharField(_("导语"), max_length=200)
    body = RichTextField(_("介绍"), blank=True, features=["bold", "link"])

    searchable_fields = ("intro", "body")
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["studios.CommitteePage", "studios.StudioPage", "studios.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    def route(self, request, path_components):
        # Wagtail walks the tree one level (two queries) per URL segment; url_path finds the page at once.
        if path_components:
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            page = Page.objects.live().filter(url_path=url_path).specific().first()
            if page is not None:
                return RouteResult(page)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: read only when a fragment showing them is rendered, not when it comes from the cache.
        studio_pages = lazy(
            lambda: list(
                StudioPage.objects.live().select_related("studio").order_by("studio__code")
            )
        )
        news = lazy(
            lambda: attach_studio_pages(
                list(with_cover(NewsPage.objects.live().order_by("-date", "-pk"))[:6]), studio_pages
            )
        )
        activities = lazy(
            lambda: attach_studio_pages(
                list(
                    ActivityPage.objects.live()
                    .filter(end_at__gte=timezone.now())
                    .order_by("start_at")[:4]
                ),
                studio_pages,
            )
        )
        context.update(
            studio_pages=studio_pages,
            committee_page=lazy(CommitteePage.objects.live().first),
            latest_news=news,
            upcoming_activities=activities,
            # The upcoming list changes when its first activity ends (one not shown starts later).
            upcoming_until=lambda: min((a.end_at for a in activities), default=None),
        )
        return context


class CommitteePage(BasePage):
    """The "1": the sub-district grassroots-governance committee, its members, offices and methods."""

    intro = models.TextField(_("职责概述"))
    members = StreamField(
        [("person", blocks.PersonBlock())], verbose_name=_("成员与办公室"), blank=True
    )
    coordination = StreamField(blocks.BodyBlock(), verbose_name=_("资源统筹方式"), blank=True)

    searchable_fields = ("intro", "members", "coordination")
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("members"),
        FieldPanel("coordination"),
    ]

    parent_page_types = ["studios.HomePage"]
    subpage_types = ["studios.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("委员会页面")
        verbose_name_plural = _("委员会页面")


class StandardPage(BasePage):
    """About, privacy notice, accessibility statement and other plain pages."""

    intro = models.CharField(_("摘要"), max_length=200, blank=True)
    body = StreamField(blocks.BodyBlock(), verbose_name=_("正文"))

    searchable_fields = ("intro", "body")
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["studios.HomePage", "studios.CommitteePage", "studios.StudioPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("普通页面")
        verbose_name_plural = _("普通页面")
