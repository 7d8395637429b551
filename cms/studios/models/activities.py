"""Activities (活动) a studio organises: when, where, who, how many, how to join."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.core import blocks
from cms.core.models import BasePage

PAST_PER_PAGE = 20


class ActivityIndexPage(BasePage):
    """One per studio (活动); upcoming activities first, then past ones, paginated."""

    intro = models.CharField(_("导语"), max_length=200, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["studios.StudioPage"]
    subpage_types = ["studios.ActivityPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("活动栏目")
        verbose_name_plural = _("活动栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        activities = ActivityPage.objects.live().child_of(self)
        context["upcoming"] = activities.filter(end_at__gte=now).order_by("start_at")
        past = activities.filter(end_at__lt=now).order_by("-start_at")
        context["past_page"] = Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page"))
        return context


class ActivityPage(BasePage):
    start_at = models.DateTimeField(_("开始时间"))
    end_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    organiser = models.CharField(_("主办方"), max_length=100)
    capacity = models.PositiveIntegerField(
        _("名额"), null=True, blank=True, help_text=_("留空表示不限名额")
    )
    how_to_join = RichTextField(_("参与方式"), features=["bold", "link", "ul"])
    body = StreamField(blocks.BodyBlock(), verbose_name=_("活动介绍"), blank=True)

    searchable_fields = ("place", "organiser", "how_to_join", "body")
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("start_at"), FieldPanel("end_at")]),
        FieldPanel("place"),
        FieldPanel("organiser"),
        FieldPanel("capacity"),
        FieldPanel("how_to_join"),
        FieldPanel("body"),
    ]

    parent_page_types = ["studios.ActivityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")

    def clean(self):
        super().clean()
        if self.start_at and self.end_at and self.end_at < self.start_at:
            raise ValidationError({"end_at": _("结束时间不能早于开始时间。")})

    @property
    def is_past(self) -> bool:
        return self.end_at < timezone.now()
