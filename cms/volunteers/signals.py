from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.core import page_cache
from cms.volunteers.models import Team
from cms.volunteers.templatetags.volunteers import TEAMS_KEY


@receiver(post_save, sender=Team)
@receiver(post_delete, sender=Team)
def forget_public_teams(sender, instance, **kwargs):
    cache.delete(TEAMS_KEY.format(studio_id=instance.studio_id))
    page_cache.invalidate()  # studio pages list their public teams
