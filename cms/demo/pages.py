"""Loads the demo site: demo content on the site's skeleton (cms/studios/skeleton.py, the page tree a real
deployment starts with), and demo users for each role.

Idempotent: content is added only while the site has no news yet; users only when missing.
Used by ``manage.py load_demo`` (``make run``).
"""

import datetime
import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from cms.core.access import COMMITTEE_OFFICE, COMMUNICATIONS_EDITORS
from cms.core.models import SiteContact
from cms.demo import factories as f
from cms.demo import page_content as content
from cms.demo.people import GIVEN, SURNAMES
from cms.studios import skeleton
from cms.studios.models import (
    ActivityIndexPage,
    CommitteePage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ServiceIndexPage,
    ServicePageRelatedNews,
    Studio,
    StudioPage,
)

DEMO_PASSWORD = "qiandeng-demo"


@functools.cache
def demo_password_hash() -> str:
    """The demo password hashed once: every demo account shares it, and hashing costs ~0.3 s each time."""
    return make_password(DEMO_PASSWORD)


@transaction.atomic
def load_pages() -> bool:
    """Adds demo content to the site's skeleton (built first if missing); returns False when the demo
    news is already there."""
    skeleton.build()
    if NewsPage.objects.exists():
        return False
    _load_contact()
    home = HomePage.objects.get()
    _load_committee()
    for slug, title, intro, paragraphs in content.STANDARD_PAGES:
        f.StandardPageFactory(
            parent=home,
            slug=slug,
            title=title,
            intro=intro,
            body=[f.paragraph(p) for p in paragraphs],
        )
    for studio in Studio.objects.all():
        _load_studio(studio, content.STUDIOS[studio.code])
    return True


def _load_contact() -> None:
    contact = SiteContact.load()
    contact.address = "佛山市南海区桂城街道千灯湖片区示例路 1 号"
    contact.phone = "0757-8600 0001"
    contact.office_hours = "周一至周五 9:00–12:00，14:00–17:30"
    contact.icp_number = "粤ICP备00000000号（示例）"
    contact.save()


def _publish_changes(page: Page, **fields) -> None:
    """Changes a skeleton page through a published revision, as an editor's approved edit would."""
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def _load_committee() -> None:
    _publish_changes(
        CommitteePage.objects.get(),
        members=[
            ("person", {"name": n, "role": r, "note": note})
            for n, r, note in content.COMMITTEE_MEMBERS
        ],
        coordination=[f.paragraph(p) for p in content.COMMITTEE_COORDINATION],
    )


def _load_studio(studio: Studio, data: dict) -> None:
    studio_page = StudioPage.objects.get(studio=studio)
    _publish_changes(
        studio_page,
        focus_areas=[("focus_area", {"title": t, "description": d}) for t, d in data["focus"]],
        leads=[("person", {"name": n, "role": r, "note": ""}) for n, r in data["leads"]],
        phone=f"0757-8600 01{studio.code}",
        email=f"studio{studio.code}@example.org",
        address="桂城街道千灯湖片区示例路 1 号",
        office_hours="周一至周五 9:00–12:00，14:00–17:30",
    )
    news_index = NewsIndexPage.objects.child_of(studio_page).get()
    today = timezone.localdate()
    news_pages = []
    for n, (title, summary) in enumerate(data["news"]):
        news_pages.append(
            f.NewsPageFactory(
                parent=news_index,
                slug=f"news-{n + 1}",
                title=title,
                summary=summary,
                date=today - datetime.timedelta(days=3 * n + int(studio.code)),
                cover_image__title=title,
                cover_image__file__color=_COLOURS[n % len(_COLOURS)],
                body=[
                    f.paragraph(content.NEWS_BODY.format(studio=studio.name)),
                    f.paragraph(summary),
                ],
                tags=[studio.short_name, "基层治理"],
            )
        )
    service_index = ServiceIndexPage.objects.child_of(studio_page).get()
    for n, (title, summary) in enumerate(data["services"]):
        service = f.ServicePageFactory(
            parent=service_index,
            slug=f"service-{n + 1}",
            title=title,
            summary=summary,
            location=f"{studio.name}服务窗口",
            contact_phone=studio_page.phone,
            materials="<ul><li>居民身份证</li><li>相关情况说明</li></ul>",
        )
        ServicePageRelatedNews.objects.create(page=service, news=news_pages[n])
    activity_index = ActivityIndexPage.objects.child_of(studio_page).get()
    for n, (title, place) in enumerate(content.ACTIVITIES):
        start = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
        f.ActivityPageFactory(
            parent=activity_index,
            slug=f"activity-{n + 1}",
            title=title.format(short=studio.short_name),
            place=place,
            organiser=studio.name,
            start_at=start + datetime.timedelta(days=5 + 7 * n + int(studio.code)),
        )


_COLOURS = ["#a8101a", "#b85c00", "#2f6f3e", "#1f4e8c", "#6b3fa0"]


def staff_name(i: int) -> str:
    """The ``i``-th demo account's synthetic Chinese name, kept whole in ``first_name``."""
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 3 + i // len(SURNAMES)) % len(GIVEN)]


def load_users() -> list[tuple[str, str]]:
    """Creates the demo users (one per role); returns (username, role) pairs for printing."""
    users = [("admin", "超级管理员", None)]
    users += [("comms", COMMUNICATIONS_EDITORS, COMMUNICATIONS_EDITORS)]
    users += [("office", COMMITTEE_OFFICE, COMMITTEE_OFFICE)]
    for studio in Studio.objects.select_related(
        "editors_group", "leads_group", "case_workers_group"
    ):
        users += [
            (f"editor{studio.code}", studio.editors_group.name, studio.editors_group.name),
            (f"lead{studio.code}", studio.leads_group.name, studio.leads_group.name),
            (
                f"worker{studio.code}",
                studio.case_workers_group.name,
                studio.case_workers_group.name,
            ),
        ]
    user_model = get_user_model()
    for i, (username, _role, group_name) in enumerate(users):
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "is_staff": group_name is None,
                "is_superuser": group_name is None,
                "first_name": staff_name(i),
                "password": demo_password_hash(),
            },
        )
        if created and group_name:
            user.groups.add(Group.objects.get(name=group_name))
    return [(username, role) for username, role, _group in users]
