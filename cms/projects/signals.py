"""Reactions to lower apps: a finished evaluation round leaves its projects' results on the projects; any
change to what the studio page's public progress shows drops the cached block and the page cache."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.core import page_cache
from cms.evaluations.services import round_finished
from cms.projects import services
from cms.projects.models import Milestone, Project
from cms.projects.templatetags.projects import PUBLIC_KEY


@receiver(round_finished)
def keep_results(sender, round, user, **kwargs):
    services.keep_results(round, user)


@receiver(post_save, sender=Project)
@receiver(post_delete, sender=Project)
@receiver(post_save, sender=Milestone)
@receiver(post_delete, sender=Milestone)
def forget_public_progress(sender, instance, **kwargs):
    cache.delete(PUBLIC_KEY)
    page_cache.invalidate()  # studio pages show the public progress
