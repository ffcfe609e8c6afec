"""The priorities app's tables."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kargah.web.i18n import in_language
from kargah.web.registry.models import CenterCategory, ProductGroup

# --- catalog (helper catalog): the comparative catalog of business ideas by country ---
# Center categories and product groups are the registry's (one catalog, kargah.registry.catalog()).

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


def isic_codes(candidate: CenterCategory | ProductGroup) -> list[str]:
    """A product group's ISIC codes; a center category's are its groups' (each once, in order)."""
    groups = [candidate] if isinstance(candidate, ProductGroup) else candidate.groups.all()
    codes = (c.strip() for g in groups for c in g.isic.split(","))
    return list(dict.fromkeys(c for c in codes if c))


class Country(Named):
    code = models.CharField(max_length=3, unique=True)  # ISO 3166 alpha-3
    region = models.CharField(max_length=20, choices=REGIONS)

    class Meta:
        ordering = ["region", "code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")


class BusinessIdea(Named):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="ideas")
    # PROTECT, as the registry's own links: deleting a category in the admin must not drop ideas.
    category = models.ForeignKey(CenterCategory, on_delete=models.PROTECT, related_name="ideas")
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


# --- ranking (helper ranking): ranking projects, their criteria, values and experts ---

import secrets  # noqa: E402

from django.utils import timezone  # noqa: E402

from kargah.web.registry import models as registry  # noqa: E402

#: Where a criterion's values come from: the registry's statistics (pulled on request, per
#: candidate's ISIC codes in the project's region) or typed in.
SOURCES = [
    ("entered", _("entered")),
    ("lq", _("location quotient of employment (region against all regions)")),
    ("lq_counties", _("highest location quotient among the region's counties")),
    ("employees", _("employees in the region")),
    ("workshops", _("workshops in the region")),
    ("jobs_per_capital", _("jobs per billion rials of capital")),
    ("capital_per_job", _("capital per job (million rials)")),
    ("utilisation", _("mean capacity utilisation")),
]
PREFERENCES = [(p, p) for p in ("usual", "ushape", "vshape", "level", "linear", "gaussian")]
#: The preference functions' names as pages show them (the stored value is the core's name).
PREFERENCE_NAMES = {
    "usual": pgettext_lazy("PROMETHEE preference", "usual"),
    "ushape": pgettext_lazy("PROMETHEE preference", "U-shape"),
    "vshape": pgettext_lazy("PROMETHEE preference", "V-shape"),
    "level": pgettext_lazy("PROMETHEE preference", "level"),
    "linear": pgettext_lazy("PROMETHEE preference", "linear"),
    "gaussian": pgettext_lazy("PROMETHEE preference", "Gaussian"),
}


class Project(models.Model):
    """A ranking of candidates (center categories or product groups) in one region."""

    name = models.CharField(_("Name"), max_length=200)
    region = models.CharField(_("Region"), max_length=80, help_text=_("As the registry names it."))
    region_column = models.CharField(
        _("Region is a"), max_length=10, default="province",
        choices=[("province", _("province")), ("county", _("county"))],
    )  # fmt: skip
    kind = models.CharField(
        _("Candidates"), max_length=10, default="category",
        choices=[("category", _("center categories")), ("group", _("product groups"))],
    )  # fmt: skip
    categories = models.ManyToManyField(CenterCategory, blank=True, related_name="+")
    groups = models.ManyToManyField(ProductGroup, blank=True, related_name="+")
    weighting = models.CharField(
        _("Weights"), max_length=8, default="ahp",
        choices=[("ahp", _("AHP: the experts' pairwise judgements")),
                 ("direct", _("entered directly"))],
    )  # fmt: skip
    normalization = models.CharField(
        _("TOPSIS normalisation"), max_length=8, default="vector",
        choices=[("vector", _("vector (Hwang & Yoon)")), ("minmax", _("min–max"))],
    )  # fmt: skip
    v = models.FloatField(_("VIKOR strategy weight v"), default=0.5)
    survey = models.ForeignKey(
        "survey.Survey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("The region's coded survey"),
    )  # fmt: skip
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("ranking project")
        verbose_name_plural = _("ranking projects")

    def __str__(self) -> str:
        return self.name

    def region_name(self) -> str:
        """The region in the reader's language (stored as the registry names it, in English)."""
        from django.utils.translation import get_language

        from kargah.registry import counties, provinces

        places = provinces() if self.region_column == "province" else counties()
        found = next((p for p in places if p.en == self.region), None)
        return found.name(get_language() or "fa") if found else self.region

    def candidates(self) -> list[CenterCategory | ProductGroup]:
        if self.kind == "group":
            return list(self.groups.select_related("category").order_by("code"))
        return list(self.categories.order_by("code").prefetch_related("groups"))


class Criterion(registry.Named):
    """A criterion, named in Persian and English (``name``: in the reader's language, the name
    the core ranks by; both are unique in a project, so either identifies it)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="criteria")
    direction = models.CharField(
        _("Direction"), max_length=7, default="benefit",
        choices=[("benefit", _("benefit")), ("cost", _("cost"))],
    )  # fmt: skip
    unit = models.CharField(_("Unit"), max_length=60, blank=True)
    source = models.CharField(_("Source"), max_length=16, default="entered", choices=SOURCES)
    note = models.CharField(_("Source note"), max_length=300, blank=True)
    weight = models.FloatField(_("Direct weight"), null=True, blank=True)
    preference = models.CharField(
        _("PROMETHEE preference"), max_length=8, default="usual", choices=PREFERENCES
    )
    q = models.FloatField(null=True, blank=True)
    p = models.FloatField(null=True, blank=True)
    s = models.FloatField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        unique_together = [("project", "name_fa")]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def names(self) -> set[str]:
        return {n for n in (self.name_fa, self.name_en) if n}

    def preference_name(self) -> str:
        return str(PREFERENCE_NAMES.get(self.preference, self.preference))


class Value(models.Model):
    """One candidate's value on one criterion (``candidate``: its catalog code)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="values")
    candidate = models.CharField(max_length=80)
    value = models.FloatField()

    class Meta:
        unique_together = [("criterion", "candidate")]
        verbose_name = _("value")
        verbose_name_plural = _("values")


class Expert(models.Model):
    """One invitation link per expert: no account; the pairwise judgements are kept as typed
    (``judgements``: "criterion id-criterion id" → Saaty value as text, "3" or "1/3")."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="experts")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    label = models.CharField(_("Who"), max_length=200, blank=True)
    judgements = models.JSONField(default=dict, blank=True)
    opened = models.DateTimeField(null=True, blank=True)
    submitted = models.DateTimeField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("expert's link")
        verbose_name_plural = _("experts' links")

    def __str__(self) -> str:
        return self.label or self.token[:8]


# --- end ranking ---
