"""Factories for studios and their pages; shared by the tests and the demo-content command."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.rich_text import RichText

from cms.studios import models


def paragraph(text: str) -> tuple[str, RichText]:
    return ("paragraph", RichText(f"<p>{text}</p>"))


class ImageFactory(factory.django.DjangoModelFactory):
    """An image drawn locally by Pillow (no downloads), in the root collection, with alt text."""

    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"配图 {n}")
    description = factory.LazyAttribute(lambda o: f"{o.title}的示意图")
    file = factory.django.ImageField(width=1280, height=720, color="#a8101a")
    collection = factory.LazyFunction(Collection.get_first_root_node)


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.HomePage

    title = "千灯耀桂城红"
    slug = "home"
    intro = "桂城街道“1+6”基层治理体系：一个委员会统筹，六个工作室攻坚。"


class CommitteePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.CommitteePage

    title = "街道基层治理工作委员会"
    slug = "committee"
    intro = "跨领域、跨部门、跨社区统筹资源，建设基层善治资源库。"


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.StandardPage

    title = factory.Sequence(lambda n: f"页面 {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = factory.LazyFunction(lambda: [paragraph("页面正文。")])


class StudioPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.StudioPage

    studio = factory.Iterator(models.Studio.objects.all())
    title = factory.LazyAttribute(lambda o: o.studio.name)
    slug = factory.LazyAttribute(lambda o: f"studio-{o.studio.code}")
    mission = factory.LazyAttribute(lambda o: f"<p>{o.studio.tagline}。</p>")
    phone = "0757-8600 0000"
    address = "桂城街道千灯湖片区示例路 1 号"
    office_hours = "周一至周五 9:00–12:00，14:00–17:30"


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.NewsIndexPage

    title = "工作动态"
    slug = "news"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.NewsPage
        skip_postgeneration_save = True  # the tags hook saves when it adds tags

    title = factory.Sequence(lambda n: f"工作动态第 {n} 期")
    slug = factory.Sequence(lambda n: f"news-{n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300))
    summary = "工作室本周开展的基层治理工作简报。"
    cover_image = factory.SubFactory(ImageFactory)
    body = factory.LazyFunction(lambda: [paragraph("正文内容。")])

    @factory.post_generation
    def tags(self, create, names, **kwargs):
        # Tags live in a cluster: they are saved with the page, not passed to its constructor.
        if create and names:
            self.tags.add(*names)
            self.save()


class ServiceIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.ServiceIndexPage

    title = "服务事项"
    slug = "services"


class ServicePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.ServicePage

    title = factory.Sequence(lambda n: f"服务事项 {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    summary = "面向辖区居民的服务。"
    eligibility = "<p>桂城街道辖区居民。</p>"
    time_limit = "3 个工作日"
    location = "工作室服务窗口"
    service_hours = "工作日 9:00–17:30"
    steps = factory.LazyFunction(
        lambda: [("step", {"title": "提出申请", "description": "到窗口或线上提交。"})]
    )


class ActivityIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.ActivityIndexPage

    title = "活动"
    slug = "activities"


class ActivityPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.ActivityPage

    title = factory.Sequence(lambda n: f"社区活动 {n}")
    slug = factory.Sequence(lambda n: f"activity-{n}")
    start_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end_at = factory.LazyAttribute(lambda o: o.start_at + datetime.timedelta(hours=2))
    place = "社区党群服务中心"
    organiser = "工作室志愿服务队"
    capacity = 30
    how_to_join = "<p>到社区党群服务中心报名。</p>"
