from django.db.models.signals import post_save
from django.dispatch import receiver

from cms.core import page_cache
from cms.studios.models import Studio, StudioPage
from cms.studios.permissions import grant_studio_page_rights


@receiver(post_save, sender=StudioPage)
def give_studio_groups_their_subtree(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_studio_page_rights(instance)


@receiver(post_save, sender=Studio)
def retire_cached_pages(sender, **kwargs):
    page_cache.invalidate()  # studio names and taglines appear on every public page
