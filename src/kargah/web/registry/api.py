"""The registry's JSON API (django-ninja). Same filters and same rights as the pages: reading is
public; a workshop's private contact is never served."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from kargah.registry import catalog, counties
from kargah.sizeclass import Definition, definitions
from kargah.web.registry.facets import filtered_by
from kargah.web.registry.listing import page_of_workshops
from kargah.web.registry.maps import map_json
from kargah.web.registry.models import Workshop
from kargah.web.registry.queries import filter_workshops

router = Router(tags=["registry"])


class WorkshopOut(Schema):
    id: int
    code: str | None
    name_fa: str
    name_en: str
    isic: str
    product_groups: list[str]
    employees: int
    capital: float | None
    electricity_kw: float | None
    floor_m2: float | None
    province: str
    county: str
    city: str
    latitude: float | None
    longitude: float | None
    ownership: str
    founded: int | None
    certifications: str
    capacity: float | None
    utilisation: float | None
    idle_capacity: float | None
    size_class: str | None
    synthetic: bool


class WorkshopPage(Schema):
    count: int
    #: True when ``count`` is a floor or, when the count ran out of time, only the pages'
    #: reach: more may match (``count=all`` counts them all).
    count_is_floor: bool = False
    page: int
    pages: int
    definition: str
    results: list[WorkshopOut]


class Filters(Schema):
    q: str | None = None
    county: str | None = None
    isic: str | None = None
    ownership: str | None = None
    group: str | None = None
    definition: str = "sci-iran"
    size: str | None = None
    idle_min: float | None = None
    sort: str | None = None
    count: Literal["all"] | None = None
    page: int = 1
    page_size: int = 50


class PlaceOut(Schema):
    en: str
    fa: str
    province: str | None


class DefinitionOut(Schema):
    id: str
    name: dict[str, str]
    source: str
    year: int | None
    criteria: list[str]
    classes: list[str]


def _shipped(definition_id: str) -> Definition:
    """A shipped definition by id: a caller's text never reaches the file system (``get_definition``
    would also read a ``.yaml`` path)."""
    found = {d.id: d for d in definitions()}.get(definition_id)
    if found is None:
        known = ", ".join(d.id for d in definitions())
        raise HttpError(400, f"no definition '{definition_id[:60]}'; shipped: {known}")
    return found


def _out(w: Workshop, definition_id: str) -> WorkshopOut:
    definition = _shipped(definition_id)
    values = {f: getattr(w, f) for f in ("employees", "capital", "electricity_kw", "floor_m2")}
    fields = {f: getattr(w, f) for f in WorkshopOut.model_fields if hasattr(w, f)}
    fields["product_groups"] = [g.code for g in w.product_groups.all()]
    fields["idle_capacity"] = w.idle
    fields["size_class"] = (
        definition.classify_values(values) if definition.criteria <= set(values) else None
    )
    return WorkshopOut(**fields)


@router.get("/workshops", response=WorkshopPage)
def list_workshops(request: HttpRequest, filters: Query[Filters]) -> WorkshopPage:
    """Workshops with the list page's filters; ``size`` is a class of ``definition``."""
    usable = {d.id: d for d in filtered_by()}
    definition = usable.get(filters.definition) or usable["sci-iran"]
    params = {k: "" if v is None else str(v) for k, v in filters.dict().items()}
    size = max(1, min(filters.page_size, 500))
    listed = page_of_workshops(
        Workshop.objects.prefetch_related("product_groups"), params, definition, per_page=size
    )
    paginator = listed.paginator
    rows = listed.object_list
    return WorkshopPage(
        count=paginator.count,
        count_is_floor=paginator.capped,
        page=listed.number,
        pages=paginator.num_pages,
        definition=definition.id,
        results=[_out(w, definition.id) for w in rows],
    )


@router.get("/workshops/{workshop_id}", response=WorkshopOut)
def get_workshop(
    request: HttpRequest, workshop_id: int, definition: str = "sci-iran"
) -> WorkshopOut:
    """One workshop, its size class under ``definition``."""
    return _out(get_object_or_404(Workshop, pk=workshop_id), definition)


@router.get("/counties", response=list[PlaceOut])
def list_counties(request: HttpRequest, province: str | None = None) -> list[PlaceOut]:
    """Iran's counties (or one province's) in Persian and English."""
    return [PlaceOut(en=c.en, fa=c.fa, province=c.province) for c in counties(province)]


@router.get("/catalog")
def get_catalog(request: HttpRequest) -> dict[str, object]:
    """Center categories → product groups → ISIC codes."""
    shipped = catalog()
    return {
        "source": shipped.source,
        "synthetic": shipped.synthetic,
        "categories": [
            {
                "id": c.id,
                "name": c.name,
                "groups": [
                    {"id": f"{c.id}/{g.id}", "name": g.name, "isic": list(g.isic)} for g in c.groups
                ],
            }
            for c in shipped.categories
        ],
    }


@router.get("/definitions", response=list[DefinitionOut], tags=["sizeclass"])
def list_definitions(request: HttpRequest) -> list[DefinitionOut]:
    """The shipped definitions of small."""
    return [
        DefinitionOut(
            id=d.id,
            name=dict(d.name),
            source=d.source,
            year=d.year,
            criteria=sorted(d.criteria),
            classes=d.class_names,
        )
        for d in definitions()
    ]


class MapCell(Schema):
    lat: float
    lon: float
    n: int


class MapOut(Schema):
    count: int
    located: int
    provinces: dict[str, int]
    counties: dict[str, int]
    cells: list[MapCell]


@router.get("/map", response=MapOut)
def get_map(request: HttpRequest, filters: Query[Filters]) -> dict[str, object]:
    """The map's figures for the list's filters: ``count``, ``located`` (with coordinates),
    workshops per ``provinces`` and ``counties`` (English names) and per grid ``cells``
    (``lat``, ``lon``, ``n``; see ``kargah.web.registry.maps``)."""
    usable = {d.id: d for d in filtered_by()}
    definition = usable.get(filters.definition) or usable["sci-iran"]
    params = {k: "" if v is None else str(v) for k, v in filters.dict().items()}
    return map_json(filter_workshops(Workshop.objects.all(), params, definition))
