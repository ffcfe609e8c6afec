"""The comparative catalog in the database: the starter catalog loaded from the shipped data,
the ideas a page's filters select, their country × category matrix, and the rows an import gives
or an export writes (the same columns, so an export imports back unchanged)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from kargah.priorities import CategoryMatrix, category_matrix, read_catalog
from kargah.web.priorities.models import BusinessIdea, Country
from kargah.web.registry.models import CenterCategory, ProductGroup, sync_catalog

#: The columns of an export, and of an import (``check_ideas`` also reads Persian headers).
IDEA_COLUMNS = ["country", "category", "product_group", "name_fa", "name_en", "source",
                "synthetic"]  # fmt: skip


@transaction.atomic
def load_starter_catalog() -> int:
    """Load the shipped catalog: the registry's center categories and product groups (its own
    loader), the countries by code (made or updated), and the ideas once — when the site has
    none, so an analyst's edits stay. Returns the number of ideas added (0 when it had some)."""
    catalog = read_catalog()
    sync_catalog()
    countries = {}
    for c in catalog.countries:
        countries[c["code"]], _ = Country.objects.update_or_create(
            code=c["code"],
            defaults={"name_fa": c["name_fa"], "name_en": c["name_en"], "region": c["region"]},
        )
    if BusinessIdea.objects.exists():
        return 0
    return len(add_ideas(catalog.ideas, countries))


def add_ideas(
    records: Iterable[Mapping[str, Any]],
    countries: Mapping[str, Country] | None = None,
    categories: Mapping[str, CenterCategory] | None = None,
    groups: Mapping[str, ProductGroup] | None = None,
) -> list[BusinessIdea]:
    """Ideas from checked records (codes, as ``check_ideas`` gives them), in one statement."""
    countries = countries or {c.code: c for c in Country.objects.all()}
    categories = categories or {c.code: c for c in CenterCategory.objects.all()}
    groups = groups or {g.code: g for g in ProductGroup.objects.all()}
    return BusinessIdea.objects.bulk_create(
        BusinessIdea(
            country=countries[r["country"]],
            category=categories[r["category"]],
            product_group=groups.get(r.get("product_group") or ""),
            name_fa=r["name_fa"],
            name_en=r.get("name_en", ""),
            source=r.get("source", ""),
            synthetic=bool(r.get("synthetic")),
        )
        for r in records
    )


def known_codes() -> dict[str, list[dict[str, Any]]]:
    """The catalog's countries, categories and product groups as ``check_ideas`` takes them."""
    return {
        "countries": list(Country.objects.values("code", "name_fa", "name_en")),
        "categories": list(CenterCategory.objects.values("code", "name_fa", "name_en")),
        "product_groups": [
            {"code": code, "name_fa": fa, "name_en": en, "category": category}
            for code, fa, en, category in ProductGroup.objects.values_list(
                "code", "name_fa", "name_en", "category__code"
            )
        ],
    }


def filtered_ideas(params: Mapping[str, str]) -> QuerySet[BusinessIdea]:
    """The ideas of the ``country``, ``region``, ``category`` and ``group`` (codes) a page or
    the API asks for; an unknown code selects nothing, a blank one everything."""
    found = BusinessIdea.objects.select_related("country", "category", "product_group")
    for param, field in (
        ("country", "country__code"),
        ("region", "country__region"),
        ("category", "category__code"),
        ("group", "product_group__code"),
    ):
        # NUL dropped: no code holds one, and PostgreSQL refuses it in a query (a 500)
        if value := (params.get(param) or "").replace("\x00", "").strip():
            found = found.filter(**{field: value})
    return found  # fmt: skip


def export_rows(ideas: QuerySet[BusinessIdea]) -> list[list[Any]]:
    """The ideas as rows of :data:`IDEA_COLUMNS`."""
    return [
        [i.country.code, i.category.code, i.product_group.code if i.product_group else "",
         i.name_fa, i.name_en, i.source, "yes" if i.synthetic else "no"]
        for i in ideas
    ]  # fmt: skip


def matrix_of(ideas: QuerySet[BusinessIdea], by: str = "country") -> CategoryMatrix:
    """The country (or region) × category matrix of ``ideas``, every country or region and every
    category of the catalog in its order (those without ideas as zeros)."""
    from kargah.priorities import REGIONS

    if by == "region":
        used = set(Country.objects.values_list("region", flat=True))
        rows = [r for r in REGIONS if r in used]
    else:
        rows = list(Country.objects.values_list("code", flat=True))
    columns = list(CenterCategory.objects.order_by("code").values_list("code", flat=True))
    key = "country__region" if by == "region" else "country__code"
    records = ideas.values_list(key, "category__code")
    return category_matrix(
        [{by: row, "category": cat} for row, cat in records], by=by, rows=rows, columns=columns
    )
