"""Volunteer service certificates (志愿服务证明): issued from verified records, then never changed.

Listed in the admin (志愿服务 → 服务证明); anyone can confirm one by its number on the public check page.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.models import Record
from cms.studios.models import Studio
from cms.volunteers.models.people import Team, Volunteer
from cms.volunteers.models.service import ServiceRecord


class ImmutableError(Exception):
    """An issued certificate was about to be changed or deleted."""


class Certificate(Record):
    number = models.CharField(_("证明编号"), max_length=24, unique=True, editable=False)
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("志愿者")
    )
    period_start = models.DateField(_("服务期间自"))
    period_end = models.DateField(_("服务期间至"))
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=7, decimal_places=1)
    content = models.TextField(_("服务内容"))
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("出具服务队")
    )
    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("出具工作室")
    )
    responsible_person = models.CharField(_("负责人"), max_length=50)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("经办人"),
    )
    issued_on = models.DateField(_("出具日期"), default=timezone.localdate)
    records = models.ManyToManyField(
        ServiceRecord, related_name="certificates", verbose_name=_("所含服务记录")
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("志愿服务证明")
        verbose_name_plural = _("志愿服务证明")

    def __str__(self) -> str:
        return self.number

    def vouched_content(self) -> dict:
        """What the tamper-evident chain vouches for (``cms.core.chain``, kind "volunteer-certificate")."""
        fields = ("number", "volunteer_id", "period_start", "period_end", "hours", "content")
        fields += ("team_id", "studio_id", "responsible_person", "handler_id", "issued_on")
        return {name: getattr(self, name) for name in fields}

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError(f"certificate {self.number} was issued and cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(f"certificate {self.number} was issued and cannot be deleted")
