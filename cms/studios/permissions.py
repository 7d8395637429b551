"""Page rights of a studio's groups on its own subtree. Called when a studio page is created (signals.py)."""

from wagtail.models import GroupPagePermission

# Editors draft and submit; leads also draft. Nobody but a superuser publishes directly: pages go live
# only through the "三审" workflow, whose last approval publishes.
STUDIO_PAGE_RIGHTS = {"editors_group": ("add", "change", "lock"), "leads_group": ("add", "change")}


def grant_studio_page_rights(studio_page) -> None:
    for group_field, rights in STUDIO_PAGE_RIGHTS.items():
        group = getattr(studio_page.studio, group_field)
        for right in rights:
            if not GroupPagePermission.objects.filter(
                group=group, page=studio_page, permission__codename=f"{right}_page"
            ).exists():
                GroupPagePermission.objects.create(
                    group=group, page=studio_page, permission_type=right
                )
