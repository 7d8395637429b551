from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.committee.models import Resource
from cms.core import page_cache


@receiver(post_save, sender=Resource)
@receiver(post_delete, sender=Resource)
def retire_cached_pages(sender, **kwargs):
    page_cache.invalidate()  # public resources are listed on the public resource page
