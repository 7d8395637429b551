from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.places import cached_places
from cms.places.models import Community, Estate


@receiver(post_save, sender=Community)
@receiver(post_delete, sender=Community)
@receiver(post_save, sender=Estate)
@receiver(post_delete, sender=Estate)
def forget_cached_places(sender, **kwargs):
    cached_places.forget()  # the public issue form lists communities with their estates
