from django.db.models.signals import post_save
from django.dispatch import receiver

from cms.studios.models import StudioPage
from cms.studios.permissions import grant_studio_page_rights


@receiver(post_save, sender=StudioPage)
def give_studio_groups_their_subtree(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_studio_page_rights(instance)
