"""Services (服务事项) a studio offers residents: what to bring, steps, time limit, where and when."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from cms.core import blocks
from cms.core.models import BasePage


class ServiceIndexPage(BasePage):
    """One per studio (服务事项); lists its services."""

    intro = models.CharField(_("导语"), max_length=200, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["studios.StudioPage"]
    subpage_types = ["studios.ServicePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("服务栏目")
        verbose_name_plural = _("服务栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = ServicePage.objects.live().child_of(self).order_by("path")
        return context


class ServicePage(BasePage):
    summary = models.CharField(_("简介"), max_length=200)
    eligibility = RichTextField(_("服务对象"), features=["bold", "ul", "link"])
    materials = RichTextField(_("所需材料"), features=["bold", "ul", "ol"], blank=True)
    steps = StreamField([("step", blocks.StepBlock())], verbose_name=_("办理流程"), blank=True)
    time_limit = models.CharField(_("办理时限"), max_length=100)
    cost = models.CharField(_("收费标准"), max_length=100, default="免费")
    location = models.CharField(_("办理地点"), max_length=200)
    service_hours = models.CharField(_("办理时间"), max_length=100)
    contact_phone = models.CharField(_("咨询电话"), max_length=40, blank=True)

    searchable_fields = ("summary", "eligibility", "materials", "steps", "location")
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("eligibility"),
        FieldPanel("materials"),
        FieldPanel("steps"),
        MultiFieldPanel(
            [
                FieldPanel("time_limit"),
                FieldPanel("cost"),
                FieldPanel("location"),
                FieldPanel("service_hours"),
                FieldPanel("contact_phone"),
            ],
            heading=_("办理信息"),
        ),
        InlinePanel("related_news", label=_("相关新闻")),
    ]

    parent_page_types = ["studios.ServiceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_news"] = [
            link.news
            for link in self.related_news.select_related("news")
            if link.news is not None and link.news.live
        ]
        return context


class ServicePageRelatedNews(Orderable):
    page = ParentalKey(
        ServicePage,
        on_delete=models.CASCADE,
        related_name="related_news",
        verbose_name=_("服务事项"),
    )
    news = models.ForeignKey(
        "studios.NewsPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("新闻")
    )

    panels = [FieldPanel("news")]

    class Meta(Orderable.Meta):
        verbose_name = _("相关新闻")
        verbose_name_plural = _("相关新闻")
