"""Drops the studio page's cached block of latest results when a results page goes live or off-line."""

from django.core.cache import cache
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from cms.evaluations.models import EvaluationResultsPage
from cms.evaluations.templatetags.evaluations import LATEST_KEY


@receiver(page_published, sender=EvaluationResultsPage)
@receiver(page_unpublished, sender=EvaluationResultsPage)
def drop_latest_results(sender, instance, **kwargs):
    cache.delete(LATEST_KEY.format(studio_id=instance.round.scheme.studio_id))
