"""The sub-district's geography: communities and villages (社区/村) → estates (小区) → grid cells (网格).

Cases, mediation files, activities, owners' committees and evaluations point at these records, so every
figure can be given per community and per estate. Staff edit them in the admin (``cms/places/wagtail_hooks.py``,
menu 社区与小区); the committee office imports them from a spreadsheet (``cms/places/imports.py``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.core.models import Record

# Codes appear in public URLs (/communities/<code>/) and in the import spreadsheet.
code_validator = RegexValidator(r"^[A-Za-z0-9-]+$", _("编码只能包含英文字母、数字和连字符（-）。"))


class CommunityKind(models.TextChoices):
    COMMUNITY = "community", _("社区居委会")
    VILLAGE = "village", _("村委会")


class PlaceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Community(Record):
    """A community (社区, with its residents' committee) or a village (村委会) of the sub-district."""

    code = models.CharField(
        _("编码"),
        max_length=20,
        unique=True,
        validators=[code_validator],
        help_text=_("简短英文编码，用于网址和表格导入，如 dong-er"),
    )
    name = models.CharField(_("名称"), max_length=50, unique=True)
    kind = models.CharField(
        _("类型"), max_length=10, choices=CommunityKind.choices, default=CommunityKind.COMMUNITY
    )
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    households = models.PositiveIntegerField(_("户数"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()
    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("社区/村")
        verbose_name_plural = _("社区/村")

    def __str__(self) -> str:
        return self.name


class EstateQuerySet(PlaceQuerySet):
    def active(self):
        return self.filter(active=True, community__active=True)


class Estate(Record):
    """A housing estate (小区) within one community, usually with a property-service company."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="estates", verbose_name=_("所属社区/村")
    )
    name = models.CharField(_("小区名称"), max_length=80)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    households = models.PositiveIntegerField(_("户数"))
    year_built = models.PositiveSmallIntegerField(
        _("建成年份"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    property_company = models.CharField(_("物业服务企业"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()
    objects = EstateQuerySet.as_manager()

    class Meta:
        ordering = ["community__sort_order", "community__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="estate_name_per_community")
        ]
        verbose_name = _("小区")
        verbose_name_plural = _("小区")

    def __str__(self) -> str:
        return self.name


class GridCell(Record):
    """A grid cell (网格) of a community, optionally within one estate, walked by its grid workers."""

    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="grid_cells",
        verbose_name=_("所属社区/村"),
    )
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grid_cells",
        verbose_name=_("所在小区"),
    )
    name = models.CharField(_("网格名称"), max_length=80)
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="grid_cells", verbose_name=_("网格员")
    )
    active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords(m2m_fields=[workers])
    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["community__sort_order", "community__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"], name="grid_cell_name_per_community"
            )
        ]
        verbose_name = _("网格")
        verbose_name_plural = _("网格")

    def __str__(self) -> str:
        return f"{self.community.name} · {self.name}"

    def clean(self):
        if self.estate_id and self.community_id and self.estate.community_id != self.community_id:
            raise ValidationError({"estate": _("所选小区不属于该社区/村。")})
