"""The studio as a record: the "6" of "1+6", independent of any page's publish state.

Cases, mediation files and volunteer teams point at ``Studio``; its ``StudioPage`` publishes it. The six
studios and their groups are created by a data migration (``0002_studios_groups_workflow``).
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class Studio(models.Model):
    code = models.CharField(_("编号"), max_length=2, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    short_name = models.CharField(_("简称"), max_length=20)
    english_name = models.CharField(_("英文名称"), max_length=80)
    tagline = models.CharField(_("一句话使命"), max_length=120)
    editors_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="edited_studio", verbose_name=_("编辑组")
    )
    leads_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="led_studio", verbose_name=_("负责人组")
    )
    case_workers_group = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        related_name="handled_studio",
        verbose_name=_("案件办理组"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("工作室")
        verbose_name_plural = _("工作室")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
