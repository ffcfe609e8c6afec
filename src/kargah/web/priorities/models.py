"""The priorities app's tables."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kargah.web.i18n import in_language

# --- catalog (helper catalog): the comparative catalog of business ideas by country ---

REGIONS = [
    ("south_asia", _("South Asia")),
    ("southeast_asia", _("Southeast Asia")),
    ("eastern_asia", _("East Asia")),
    ("eurasia", _("Eurasia")),
    ("iran", _("Iran")),
]


class Named(models.Model):
    """A catalog row with a Persian and an English name; the label is the reader's language."""

    name_fa = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        return in_language(self.name_fa, self.name_en)

    def __str__(self) -> str:
        return self.label


class CenterCategory(Named):
    """One of the priority production centers (the Guilan paper's 16 categories)."""

    code = models.SlugField(max_length=60, unique=True)
    #: comma-separated ISIC codes or prefixes (e.g. "1010,1020" or "13")
    isic = models.CharField(max_length=300, blank=True)
    source = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("center category")
        verbose_name_plural = _("center categories")


class ProductGroup(Named):
    code = models.CharField(
        max_length=80, unique=True
    )  # category/group, as the registry's: food/tea
    category = models.ForeignKey(
        CenterCategory, on_delete=models.CASCADE, related_name="product_groups"
    )
    isic = models.CharField(max_length=300, blank=True)
    source = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["category__code", "code"]
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")

    def isic_codes(self) -> list[str]:
        """Its ISIC codes, else its category's."""
        text = self.isic or self.category.isic
        return [c.strip() for c in text.split(",") if c.strip()]


class Country(Named):
    code = models.CharField(max_length=3, unique=True)  # ISO 3166 alpha-3
    region = models.CharField(max_length=20, choices=REGIONS)

    class Meta:
        ordering = ["region", "code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")


class BusinessIdea(Named):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="ideas")
    category = models.ForeignKey(CenterCategory, on_delete=models.CASCADE, related_name="ideas")
    product_group = models.ForeignKey(
        ProductGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    source = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["country__code", "category__code", "name_en", "id"]
        verbose_name = _("business idea")
        verbose_name_plural = _("business ideas")


# --- end catalog ---
