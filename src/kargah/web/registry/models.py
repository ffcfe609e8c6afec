"""The registry's tables: the catalog (center categories → product groups), the nomenclature of
processes and materials, workshops and production centers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from kargah.registry import idle_capacity
from kargah.text import normalise
from kargah.web.database import analyze
from kargah.web.i18n import in_language
from kargah.web.registry.facets import of_workshop
from kargah.web.registry.version import RegistryVersion

#: The province this site's registry is of: its counties name the registry's places.
PROVINCE = "Gilan"


class Named(models.Model):
    """Something with a Persian and an English name, shown in the reader's language."""

    name_fa = models.CharField(_("Name in Persian"), max_length=200)
    name_en = models.CharField(_("Name in English"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return in_language(self.name_fa, self.name_en)

    def __str__(self) -> str:
        return self.name


class CenterCategory(Named):
    code = models.SlugField(_("Code"), unique=True)

    class Meta:
        verbose_name = _("center category")
        verbose_name_plural = _("center categories")


class ProductGroup(Named):
    category = models.ForeignKey(
        CenterCategory, on_delete=models.PROTECT, related_name="groups",
        verbose_name=_("center category"),
    )  # fmt: skip
    code = models.CharField(_("Code"), max_length=80, unique=True)  # category/group: food/tea
    isic = models.CharField(
        "ISIC", max_length=200, help_text=_("ISIC Rev.4 codes, comma-separated")
    )

    class Meta:
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")


class Term(Named):
    """A term of the exchange's nomenclature (``kargah.exchange.nomenclature``): ``code`` is a
    dotted path whose prefix is the hierarchy (``machining`` covers ``machining.cnc-turning``);
    rows made by hand before the nomenclature have none."""

    code = models.CharField(_("Code"), max_length=120, unique=True, null=True, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("Parent")
    )

    class Meta:
        abstract = True


class Process(Term):
    """A process a workshop can perform (machining, welding, weaving…): the nomenclature the
    administrator edits, used to match subcontracting requests."""

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")


class Material(Term):
    """A material a workshop works (steel, wood, silk…)."""

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")


#: Sent when the site's import job has loaded a file's workshops (``count``): bulk loads send
#: no per-row signals, so apps that keep figures of their own (the exchange's index) listen
#: here. ``load_frame`` itself does not send it (the demo and benchmarks load directly).
loaded = Signal()


class WorkshopQuerySet(models.QuerySet["Workshop"]):
    def load_frame(
        self, frame: Any, *, batch: int = 2000, progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Add the workshops of a checked frame (``kargah.registry.validate_workshops`` or
        ``synthetic_registry``): all or nothing. Returns how many; ``progress(done, total)`` is
        told after each batch. The rows are staged batch by batch, each batch in a short
        transaction, then published at once (``kargah.web.jobs.staging``): other edits go on
        meanwhile, and a load that fails or is killed leaves no row behind."""
        from kargah.web.jobs.staging import Stage

        sync_catalog()
        records = frame.to_dict("records")
        text = {
            f.name for f in Workshop._meta.concrete_fields
            if f.get_internal_type() in {"CharField", "TextField"} and not f.null
        }  # fmt: skip
        stage = Stage(Workshop, extra=["product_group"])
        try:
            for start in range(0, len(records), batch):
                chunk = records[start : start + batch]
                made = []
                for r in chunk:
                    values = {f: _clean(r.get(f)) for f in LOADED if f in r}
                    w = Workshop(
                        **{f: "" if v is None and f in text else v for f, v in values.items()}
                    )
                    w.code = _clean(r.get("workshop_id"))
                    w.refresh_derived()
                    made.append(w)
                groups = [(_clean(r.get("product_group")),) for r in chunk]
                stage.add(made, groups)
                if progress is not None:
                    progress(stage.count, len(records))
        except BaseException:
            stage.drop()
            raise

        def then(cursor: Any, numbered: str) -> None:
            _link_groups(cursor, numbered, stage.table)
            from kargah.web.registry.full import restore, wants

            # A full export's owners, links and history, in the same short transaction.
            if records and wants(records[0]):
                cursor.execute(f"SELECT id FROM {numbered} AS w ORDER BY w.kargah_n")
                made = [Workshop(pk=row[0]) for row in cursor.fetchall()]
                restore(made, records, batch)
            RegistryVersion.bump()  # with the rows: no signal is sent for a bulk load

        count = stage.publish(then)
        analyze()
        return count


class Workshop(Named):
    OWNERSHIP = [("private", _("private")), ("cooperative", _("cooperative")),
                 ("public", _("public"))]  # fmt: skip

    code = models.CharField(_("Code"), max_length=40, unique=True, null=True, blank=True)
    isic = models.CharField(_("Activity (ISIC Rev.4)"), max_length=5, db_index=True)
    product_groups = models.ManyToManyField(
        ProductGroup, blank=True, related_name="workshops", verbose_name=_("product groups")
    )
    processes = models.ManyToManyField(Process, blank=True, verbose_name=_("processes"))
    materials = models.ManyToManyField(Material, blank=True, verbose_name=_("materials"))
    employees = models.PositiveIntegerField(_("Employees"))
    capital = models.FloatField(_("Capital (rials)"), null=True, blank=True)
    electricity_kw = models.FloatField(_("Electricity (kW)"), null=True, blank=True)
    floor_m2 = models.FloatField(_("Floor area (m²)"), null=True, blank=True)
    province = models.CharField(_("Province"), max_length=60, db_index=True)
    county = models.CharField(_("County"), max_length=60, db_index=True)
    city = models.CharField(_("City"), max_length=80, blank=True)
    latitude = models.FloatField(_("Latitude"), null=True, blank=True)
    longitude = models.FloatField(_("Longitude"), null=True, blank=True)
    # No index on ownership, size criteria or idle capacity: they are so unselective that an
    # index makes SQLite sort most of the table for each page instead of walking it in order
    # (measured with benchmarks/registry_load.py).
    ownership = models.CharField(
        _("Ownership"), max_length=12, choices=OWNERSHIP, default="private"
    )
    founded = models.PositiveIntegerField(
        _("Founded"), null=True, blank=True, help_text=_("A year, Jalali or Gregorian.")
    )
    certifications = models.TextField(_("Certifications"), blank=True)
    capacity = models.FloatField(
        _("Capacity a month"), null=True, blank=True, help_text=_("Units of product a month.")
    )
    # Kept as a share (0–1, as imports and the API give it); forms and pages show a percentage.
    utilisation = models.FloatField(
        _("Utilisation"), null=True, blank=True,
        help_text=_("Percentage of the capacity in use, 0–100."),
    )  # fmt: skip
    idle = models.FloatField(_("Idle capacity"), null=True, blank=True, editable=False)
    contact = models.TextField(
        _("Contact"), blank=True, help_text=_("Private: shown to its owner and staff only.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("Owner"),
    )  # fmt: skip
    synthetic = models.BooleanField(
        _("Synthetic"), default=False, help_text=_("Made up for the demo.")
    )
    search_key = models.TextField(editable=False, default="")
    # Codes of what the workshop is, for the search index (kargah.web.registry.facets).
    facets = models.TextField(editable=False, default="")
    updated = models.DateTimeField(_("Updated"), auto_now=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def save(self, *args: object, **kwargs: object) -> None:
        self.refresh_derived()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def refresh_derived(self) -> None:
        """Idle capacity and the search key follow from the other fields; kept in columns so
        the list can filter and search on them (bulk loads call this themselves)."""
        from kargah.registry import counties

        self.idle = idle_capacity(self.capacity, self.utilisation)
        place = next((c for c in counties(self.province) if c.en == self.county), None)
        words = [self.name_fa, self.name_en, self.county, place.fa if place else "", self.city]
        self.search_key = normalise(" ".join(w for w in words if w))
        self.facets = of_workshop({f: getattr(self, f) for f in FACETED})

    @property
    def idle_capacity(self) -> float | None:
        return self.idle

    def snapshot(self, fields: list[str]) -> dict[str, Any]:
        """The fields' values as JSON can hold them (product groups by code), for the history."""
        out: dict[str, Any] = {}
        for field in fields:
            if field == "product_groups":
                out[field] = sorted(self.product_groups.values_list("code", flat=True))
            elif field in {"processes", "materials"}:
                out[field] = sorted(getattr(self, field).values_list("pk", flat=True))
            else:
                out[field] = getattr(self, field)
        return out


class WorkshopTally(models.Model):
    """How many workshops each province, county, activity and ownership has: kept by database
    triggers on every insert, update and delete (migration 0005), so the list can say how many
    match its county, activity and ownership filters without counting two million rows."""

    province = models.CharField(max_length=60)
    county = models.CharField(max_length=60)
    isic = models.CharField(max_length=5)
    ownership = models.CharField(max_length=12)
    workshops = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "county", "isic", "ownership"], name="registry_tally_key"
            )
        ]


class WorkshopChange(models.Model):
    """One edit of a workshop: who, when, and each changed field's value before and after, so
    the history can be read and an edit undone."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="changes", verbose_name=_("workshop")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("User")
    )
    at = models.DateTimeField(_("When"), auto_now_add=True)
    before = models.JSONField(_("Before"), default=dict)
    after = models.JSONField(_("After"), default=dict)
    reverts = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("Undoes")
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("workshop change")
        verbose_name_plural = _("workshop changes")

    def revert(self, user: Any) -> WorkshopChange | None:
        """Put back the values this change replaced, as a new change of its own."""
        workshop = self.workshop
        now = workshop.snapshot(list(self.before))
        for field, value in self.before.items():
            if field == "product_groups":
                workshop.product_groups.set(ProductGroup.objects.filter(code__in=value))
            elif field in {"processes", "materials"}:
                getattr(workshop, field).set(value)
            else:
                setattr(workshop, field, value)
        workshop.save()
        return WorkshopChange.objects.create(
            workshop=workshop, user=user, before=now, after=dict(self.before), reverts=self
        )


#: Workshop fields its facets follow from.
FACETED = (
    "province", "county", "isic", "ownership", "employees", "capital", "electricity_kw",
    "floor_m2", "idle",
)  # fmt: skip

#: Workshop fields a frame may fill directly.
LOADED = (
    "name_fa", "name_en", "isic", "employees", "capital", "electricity_kw", "floor_m2",
    "province", "county", "city", "latitude", "longitude", "ownership", "founded",
    "certifications", "capacity", "utilisation", "synthetic", "contact",
)  # fmt: skip


def _link_groups(cursor: Any, numbered: str, staged: str) -> None:
    """The product-group links of freshly published workshops, in the same transaction."""
    from django.db import connection

    q = connection.ops.quote_name
    through = Workshop.product_groups.through._meta
    workshop, group = through.get_field("workshop").column, through.get_field("productgroup").column
    cursor.execute(
        f"INSERT INTO {q(through.db_table)} ({q(workshop)}, {q(group)}) "
        f"SELECT w.id, g.id FROM {numbered} w "
        f"JOIN {q(staged)} s ON s.kargah_n = w.kargah_n "
        f"JOIN {q(ProductGroup._meta.db_table)} g ON g.code = s.product_group"
    )


def _clean(value: Any) -> Any:
    """NaN from a DataFrame is an empty field; numpy scalars become Python ones."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def sync_catalog() -> None:
    """Make the catalog tables match ``kargah.registry.catalog()`` (adds and renames; never
    deletes, since workshops may point at a group)."""
    from kargah.registry import catalog

    for category in catalog().categories:
        row, _made = CenterCategory.objects.update_or_create(
            code=category.id,
            defaults={"name_fa": category.name["fa"], "name_en": category.name["en"]},
        )
        for group in category.groups:
            ProductGroup.objects.update_or_create(
                code=f"{category.id}/{group.id}",
                defaults={
                    "category": row,
                    "name_fa": group.name["fa"],
                    "name_en": group.name["en"],
                    "isic": ",".join(group.isic),
                },
            )


class ProductionCenter(Named):
    """A group of homogeneous workshops in one area (a county or an industrial estate)."""

    category = models.ForeignKey(
        CenterCategory, on_delete=models.PROTECT, verbose_name=_("center category")
    )
    province = models.CharField(_("Province"), max_length=60)
    county = models.CharField(_("County"), max_length=60)
    industrial_estate = models.CharField(_("Industrial estate"), max_length=120, blank=True)
    workshops = models.ManyToManyField(
        Workshop, blank=True, related_name="centers", verbose_name=_("workshops")
    )

    class Meta:
        verbose_name = _("production center")
        verbose_name_plural = _("production centers")
