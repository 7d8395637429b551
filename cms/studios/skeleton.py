"""The page tree every installation needs, without demo content: the home page, the committee page, the
six studio pages with their (empty) news, services and activity sections, and the privacy notice.

Built by ``manage.py bootstrap_site`` (run by docker/entrypoint.sh after migrating) and, before its demo
content, by ``manage.py load_demo``. Idempotent: each page is created only when missing, so editors'
later changes are kept. The studios, their groups and the "三审" workflow come with ``migrate``
(migrations/0002_studios_groups_workflow.py).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cms.studios.models import (
    ActivityIndexPage,
    CommitteePage,
    HomePage,
    NewsIndexPage,
    ServiceIndexPage,
    StandardPage,
    Studio,
    StudioPage,
)

HOME_INTRO = "桂城街道“1+6”基层治理体系：一个委员会统筹，六个工作室攻坚。"
COMMITTEE_INTRO = "跨领域、跨部门、跨社区统筹资源，建设基层善治资源库。"
PRIVACY_SLUG = "privacy"
# Linked from every page footer and from the consent box of the public forms (/privacy/).
PRIVACY_NOTICE = (
    "隐私声明",
    "我们如何收集、使用和保护您的个人信息。",
    [
        "我们只收集办理事项所必需的个人信息，例如姓名和联系电话。",
        "您的信息只向负责办理的工作人员展示，在其他地方一律脱敏显示，例如 138****1234。",
        "我们依据《个人信息保护法》保存和处理您的信息，办结归档后按规定期限删除。",
    ],
)


def paragraphs(texts: list[str]) -> list[tuple[str, RichText]]:
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


@transaction.atomic
def build() -> list[str]:
    """Creates whatever part of the tree is missing; returns the titles of the pages it created."""
    created: list[str] = []
    home = HomePage.objects.first() or _create_home(created)
    _point_default_site_at(home)
    if not CommitteePage.objects.exists():
        _publish(
            home,
            CommitteePage(title="街道基层治理工作委员会", slug="committee", intro=COMMITTEE_INTRO),
            created,
        )
    for studio in Studio.objects.order_by("code"):
        studio_page = StudioPage.objects.filter(studio=studio).first() or _publish(
            home,
            StudioPage(
                title=studio.name,
                slug=f"studio-{studio.code}",
                studio=studio,
                mission=f"<p>{studio.tagline}。</p>",
            ),
            created,
        )
        _create_sections(studio_page, studio, created)
    if not home.get_children().filter(slug=PRIVACY_SLUG).exists():
        title, intro, texts = PRIVACY_NOTICE
        _publish(
            home,
            StandardPage(title=title, slug=PRIVACY_SLUG, intro=intro, body=paragraphs(texts)),
            created,
        )
    return created


def _create_home(created: list[str]) -> HomePage:
    root = Page.get_first_root_node()
    # Wagtail's "Welcome to your new Wagtail site!" page (a plain Page); its Site goes with it.
    root.get_children().filter(
        content_type__model="page", content_type__app_label="wagtailcore"
    ).delete()
    return _publish(root, HomePage(title="千灯耀桂城红", slug="home", intro=HOME_INTRO), created)


def _point_default_site_at(home: HomePage) -> None:
    """The default site serves the home page under the public address (WAGTAILADMIN_BASE_URL)."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    wanted = {
        "root_page_id": home.pk,
        "hostname": address.hostname,
        "port": port,
        "site_name": "千灯",
    }
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(is_default_site=True, **wanted)
    elif any(getattr(site, field) != value for field, value in wanted.items()):
        for field, value in wanted.items():
            setattr(site, field, value)
        site.save()


def _create_sections(studio_page: StudioPage, studio: Studio, created: list[str]) -> None:
    sections = [
        (NewsIndexPage, "工作动态", "news", f"{studio.short_name}的最新工作动态"),
        (ServiceIndexPage, "服务事项", "services", f"{studio.short_name}为居民提供的服务"),
        (ActivityIndexPage, "活动", "activities", ""),
    ]
    for model, title, slug, intro in sections:
        if not model.objects.child_of(studio_page).exists():
            _publish(studio_page, model(title=title, slug=slug, intro=intro), created)


def _publish(parent: Page, page: Page, created: list[str]) -> Page:
    """Adds a live page with a first revision, so the admin's history starts at its creation."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    created.append(page.title)
    return page
