"""Studio pages and the committee dashboard show register figures from the shared cache; any change to
what they count drops them (``cms/registers/figures.py``)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.cases.models import Case
from cms.core import page_cache
from cms.registers import figures
from cms.registers.models import (
    Booking,
    CareService,
    Engagement,
    Member,
    ObserverReport,
    TalentService,
)


@receiver(post_save, sender=Member)
@receiver(post_save, sender=Engagement)
@receiver(post_save, sender=TalentService)
@receiver(post_save, sender=Booking)
@receiver(post_save, sender=CareService)
@receiver(post_save, sender=ObserverReport)
@receiver(post_delete, sender=Member)
@receiver(post_delete, sender=Engagement)
def forget_figures(sender, instance, **kwargs):
    figures.forget()
    page_cache.invalidate()  # studio pages and the liaison station page show these figures


@receiver(post_save, sender=Case)
def forget_observer_figures(sender, instance, created, **kwargs):
    # Observers' reports are counted as resolved by their case's state. A new case belongs to no report
    # yet (its report is saved after it, and forgets them then): nothing to drop on every submission.
    if not created:
        figures.forget()
