"""The people's mediation committee (人民调解委员会) that issues a studio's mediation documents, and its
yearly document numbers.

Its full name heads the printed 调解协议书 and 调解笔录; its abbreviation numbers them (（2026）桂红调字第 12 号).
One per studio, seeded by migration and kept by the committee office in the admin (纠纷调解 → 人民调解委员会,
``cms/mediation/wagtail_hooks.py``). Numbers are taken by ``cms.mediation.services`` when a file is registered.
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.core.models import Record
from cms.studios.models import Studio

# The committees the migration seeds, by studio code: full name and document abbreviation (字号).
SEEDED = {
    "01": ("桂城街道城乡融合发展人民调解委员会", "桂融调"),
    "02": ("桂城街道全域创熟人民调解委员会", "桂熟调"),
    "03": ("桂城街道关爱桂城人民调解委员会", "桂爱调"),
    "04": ("桂城街道桂宾高才人民调解委员会", "桂才调"),
    "05": ("桂城街道新就业群体人民调解委员会", "桂新调"),
    "06": ("桂城街道红色业委会人民调解委员会", "桂红调"),
}


class MediationCommittee(Record):
    studio = models.OneToOneField(
        Studio,
        on_delete=models.PROTECT,
        related_name="mediation_committee",
        verbose_name=_("工作室"),
    )
    name = models.CharField(
        _("人民调解委员会全称"),
        max_length=100,
        unique=True,
        help_text=_("调解协议书和调解笔录以此名义制作，如：桂城街道红色业委会人民调解委员会"),
    )
    abbreviation = models.CharField(
        _("文书字号"),
        max_length=10,
        unique=True,
        help_text=_("文书编号中的字号，如“桂红调”，编号即为（2026）桂红调字第 12 号"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["studio__code"]
        verbose_name = _("人民调解委员会")
        verbose_name_plural = _("人民调解委员会")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def of(cls, studio: Studio) -> "MediationCommittee":
        """The studio's committee; one named after the studio if the office has not set it up yet."""
        committee = cls.objects.filter(studio=studio).first()
        if committee is None:
            name, abbreviation = SEEDED.get(
                studio.code, (f"{studio.name}人民调解委员会", f"桂{studio.code}调")
            )
            committee = cls(studio=studio, name=name, abbreviation=abbreviation)
            committee._change_reason = _("首次登记调解案件时创建")
            committee.save()
        return committee

    def document_number(self, year: int, number: int) -> str:
        return _("（%(year)s）%(abbr)s字第 %(number)s 号") % {
            "year": year,
            "abbr": self.abbreviation,
            "number": number,
        }

    def take_number(self, year: int) -> int:
        """The committee's next number in ``year``: its row is locked while the counter moves, so two files
        registered at the same moment never share one."""
        with transaction.atomic():
            MediationCommittee.objects.select_for_update().only("pk").get(pk=self.pk)
            counter, _created = DocumentCounter.objects.get_or_create(committee=self, year=year)
            counter.last += 1
            counter.save(update_fields=["last"])
            return counter.last


class DocumentCounter(models.Model):
    """The last document number a committee gave in a year (bookkeeping behind ``take_number``)."""

    committee = models.ForeignKey(
        MediationCommittee,
        on_delete=models.CASCADE,
        related_name="counters",
        verbose_name=_("人民调解委员会"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用编号"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="one_counter_per_year")
        ]
        verbose_name = _("文书编号")
        verbose_name_plural = _("文书编号")

    def __str__(self) -> str:
        return f"{self.committee} {self.year}: {self.last}"
