from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.cases import cached_tables
from cms.cases.models import CalendarDay, CaseCategory, KnownAddress
from cms.studios.models import Studio


@receiver(post_save, sender=CaseCategory)
@receiver(post_delete, sender=CaseCategory)
@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
@receiver(post_save, sender=Studio)
def forget_cached_tables(sender, **kwargs):
    cached_tables.forget()  # the intake form lists categories with their studio names


@receiver(post_save, sender=KnownAddress)
@receiver(post_delete, sender=KnownAddress)
def forget_known_addresses(sender, **kwargs):
    cached_tables.forget_known_addresses()
