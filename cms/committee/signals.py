from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from cms.committee.models import Resource
from cms.committee.templatetags.committee import PUBLIC_RESOURCES_KEY
from cms.core import page_cache


@receiver(post_save, sender=Resource)
@receiver(post_delete, sender=Resource)
@receiver(m2m_changed, sender=Resource.studios.through)
def forget_public_resources(sender, **kwargs):
    cache.delete(PUBLIC_RESOURCES_KEY)
    page_cache.invalidate()  # public resources are listed on studio pages and /resources/
