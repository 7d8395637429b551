from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site

from cms.core import page_cache
from cms.core.models import SiteContact

# What public pages are built from. Renditions are left out: they are created while pages render. A view
# restriction decides whether a page is public at all (and is kept with its route, cms.core.routing).
_PAGE_CONTENT = (Page, Site, PageViewRestriction, AbstractImage, SiteContact)


@receiver(post_save)
@receiver(post_delete)
def retire_cached_pages(sender, instance, **kwargs):
    if isinstance(instance, _PAGE_CONTENT):
        page_cache.invalidate()
