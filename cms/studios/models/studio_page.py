"""The public page of one studio: its mission, focus areas, people, office, and what it publishes."""

from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.core import blocks, content_version
from cms.core.models import BasePage
from cms.studios.models.activities import ActivityIndexPage, ActivityPage
from cms.studios.models.listing import with_cover
from cms.studios.models.news import NewsIndexPage, NewsPage
from cms.studios.models.services import ServiceIndexPage, ServicePage
from cms.studios.models.studio import Studio

STUDIO_PAGES_SECONDS = 3600


class StudioPage(BasePage):
    """Publishes a ``Studio``; creating one grants its groups their rights on this subtree (signals.py)."""

    studio = models.OneToOneField(
        Studio, on_delete=models.PROTECT, related_name="page", verbose_name=_("工作室")
    )
    mission = RichTextField(_("使命与职责"), features=["bold", "link", "ul"])
    focus_areas = StreamField(
        [("focus_area", blocks.FocusAreaBlock())], verbose_name=_("重点领域"), blank=True
    )
    leads = StreamField([("person", blocks.PersonBlock())], verbose_name=_("负责人"), blank=True)
    phone = models.CharField(_("办公电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)

    searchable_fields = ("mission", "focus_areas", "leads", "address")
    content_panels = Page.content_panels + [
        FieldPanel("studio"),
        FieldPanel("mission"),
        FieldPanel("focus_areas"),
        FieldPanel("leads"),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("office_hours"),
            ],
            heading=_("联系方式"),
        ),
    ]

    parent_page_types = ["studios.HomePage"]
    subpage_types = [
        "studios.NewsIndexPage",
        "studios.ServiceIndexPage",
        "studios.ActivityIndexPage",
        "studios.StandardPage",
        # Results of a studio's evaluation rounds (cms/evaluations), created by its publish service.
        "evaluations.EvaluationResultsPage",
    ]
    max_count = 6

    class Meta:
        verbose_name = _("工作室页面")
        verbose_name_plural = _("工作室页面")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.live().descendant_of(self).order_by("-date", "-pk")
        activities = ActivityPage.objects.live().descendant_of(self)
        # Section indexes and services as plain pages in one query: the list needs titles and URLs only.
        outline = list(
            self.get_descendants()
            .live()
            .filter(depth__lte=self.depth + 2)
            .type(NewsIndexPage, ServiceIndexPage, ActivityIndexPage, ServicePage)
        )
        context.update(
            latest_news=with_cover(news)[:4],
            upcoming_activities=activities.filter(end_at__gte=timezone.now()).order_by("start_at")[
                :4
            ],
            services=_of_type(outline, ServicePage),
            news_index=next(iter(_of_type(outline, NewsIndexPage)), None),
            service_index=next(iter(_of_type(outline, ServiceIndexPage)), None),
            activity_index=next(iter(_of_type(outline, ActivityIndexPage)), None),
        )
        return context

    @classmethod
    def live_pages(cls, request) -> list["StudioPage"]:
        """The live studio pages with their studios, by code: from the shared cache under the content
        version (``cms.core.content_version``), so a listing can tag its items without a query."""
        version = content_version.current(request)
        key = f"studio-pages:{version}"
        pages = cache.get(key) if version else None
        if pages is None:
            pages = list(cls.objects.live().select_related("studio").order_by("studio__code"))
            if version:
                cache.set(key, pages, STUDIO_PAGES_SECONDS)
        return pages

    @classmethod
    def of(cls, page: Page) -> "StudioPage | None":
        """The studio page a page belongs to (itself or its nearest studio ancestor)."""
        return cls.objects.ancestor_of(page, inclusive=True).select_related("studio").first()


def _of_type(pages: list[Page], page_class: type[Page]) -> list[Page]:
    return [page for page in pages if page.specific_class is page_class]
