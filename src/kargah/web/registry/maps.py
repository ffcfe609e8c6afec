"""The registry's map: workshops counted by province and county, and their coordinates merged
into grid cells, for the filters of the list page (``filter_workshops``); drawn offline from the
province boundaries in ``kargah/data/registry`` (``kargah.web.registry.boundaries``).

Counting happens in the database and points are merged into cells of ``CELL`` degrees, so a
page for 20,000 workshops carries at most ``MAX_CELLS`` points, not 20,000.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

import altair as alt
from django.db.models import Count, F
from django.db.models.functions import Round
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from kargah.registry import counties, provinces
from kargah.text import persian_digits
from kargah.web.charts import PERSIAN_NUMBERS, Chart, chart_context
from kargah.web.numbers import local_number
from kargah.web.registry.boundaries import province_shapes
from kargah.web.registry.models import Workshop
from kargah.web.registry.queries import chosen_definition, filter_workshops

CELL = 0.05  # degrees (about 6 km): workshops this close share one point on the map
MAX_CELLS = 2000  # the busiest cells if more; the counts per region always include every one


@dataclass
class MapData:
    """What the map shows for one set of filters: ``count`` workshops, ``located`` of them with
    coordinates; counts per province and per county (English names, as the registry stores
    them); ``cells``: ``{"lat", "lon", "n"}`` per grid cell holding workshops."""

    count: int = 0
    located: int = 0
    provinces: dict[str, int] = field(default_factory=dict)
    counties: dict[str, int] = field(default_factory=dict)
    cells: list[dict[str, float]] = field(default_factory=list)


def map_data(found: Any) -> MapData:
    """Counts per region and per grid cell of the workshops in the queryset ``found``."""
    found = found.order_by()  # an ordering would enter the GROUP BY and split the counts
    by_province = {r["province"]: r["n"] for r in found.values("province").annotate(n=Count("id"))}
    by_county = {r["county"]: r["n"] for r in found.values("county").annotate(n=Count("id"))}
    placed = found.filter(latitude__isnull=False, longitude__isnull=False)
    grid = (
        placed.annotate(y=Round(F("latitude") / CELL), x=Round(F("longitude") / CELL))
        .values("y", "x")
        .annotate(n=Count("id"))
        .order_by("-n", "y", "x")
    )
    cells = [
        {"lat": round(r["y"] * CELL, 4), "lon": round(r["x"] * CELL, 4), "n": r["n"]}
        for r in grid[:MAX_CELLS]
    ]
    return MapData(
        count=sum(by_province.values()),
        located=placed.count(),
        provinces=by_province,
        counties=by_county,
        cells=cells,
    )


def _number(n: int, lang: str) -> str:
    text = f"{n:,}"
    return persian_digits(text.replace(",", "٬")) if lang == "fa" else text


def map_values(data: MapData, lang: str) -> dict[str, list[dict[str, Any]]]:
    """The maps' named datasets: ``provinces`` (every province's outline with its count and
    name in ``lang``), ``outline`` (the provinces holding workshops, or all) and ``cells``."""
    names = {p.en: p.name(lang) for p in provinces()}
    shapes = province_shapes()["features"]
    features = []
    for feature in shapes:
        province = feature["properties"]["province"]
        n = data.provinces.get(province, 0)
        name = names.get(province, province)
        properties = {"province": province, "name": name, "n": n, "label": _number(n, lang)}
        features.append(
            {"type": "Feature", "properties": properties, "geometry": feature["geometry"]}
        )
    held = {p for p, n in data.provinces.items() if n}
    return {
        "provinces": features,
        "outline": [f for f in shapes if not held or f["properties"]["province"] in held],
        "cells": [dict(c, label=_number(int(c["n"]), lang)) for c in data.cells],
    }


def province_map() -> alt.Chart:
    """An Altair choropleth of Iran's provinces (dataset ``provinces``) shaded by their number of
    workshops."""
    return (
        alt.Chart(alt.NamedData(name="provinces"), title=_("Workshops by province"))
        .mark_geoshape(stroke="white", strokeWidth=0.7)
        .encode(
            color=alt.Color(
                "properties.n:Q",
                title=_("Workshops"),
                scale=alt.Scale(scheme="blues", domainMin=0),
            ),
            tooltip=[
                alt.Tooltip("properties.name:N", title=pgettext("map", "Province")),
                alt.Tooltip("properties.label:N", title=_("Workshops")),
            ],
        )
        .project(type="mercator")
        .properties(width="container", height=360)
    )


def point_map() -> Any:
    """An Altair map of the workshops' grid cells (dataset ``cells``) over the outlines of the
    provinces that hold them (``outline``), each cell's circle sized by its count."""
    shapes = alt.Chart(alt.NamedData(name="outline")).mark_geoshape(
        fill="#eef2f7", stroke="#8a99ad"
    )
    points = (
        alt.Chart(alt.NamedData(name="cells"))
        .mark_circle(color="#206bc4", opacity=0.6)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size("n:Q", title=_("Workshops"), scale=alt.Scale(range=[12, 400])),
            tooltip=[alt.Tooltip("label:N", title=_("Workshops"))],
        )
    )
    return (
        alt.layer(shapes, points, title=_("Workshops with coordinates"))
        .project(type="mercator")
        .properties(width="container", height=360)
    )


@cache
def _skeletons(lang: str) -> dict[str, tuple[dict[str, Any], tuple[str, ...]]]:
    """Each map's spec without its data, and the datasets it names: the same for every page in
    one language, so Altair builds and checks it once per process (``lang`` is the active one)."""
    specs: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {}
    for name, chart, used in (
        ("provinces", province_map(), ("provinces",)),
        ("points", point_map(), ("outline", "cells")),
    ):
        spec = chart.to_dict()
        if lang == "fa":  # legend numbers in Persian digits too
            spec.setdefault("config", {})["locale"] = {"number": PERSIAN_NUMBERS}
        specs[name] = (spec, used)
    return specs


def map_specs(data: MapData, lang: str) -> dict[str, dict[str, Any]]:
    """The two maps' Vega-Lite specs, their data inline as named ``datasets`` (the page may
    fetch nothing from elsewhere). The data is added after Altair has built the spec: Altair
    walking 31 provinces' outlines took 0.4 s a page."""
    values = map_values(data, lang)
    return {
        name: {**spec, "datasets": {k: values[k] for k in used}}
        for name, (spec, used) in _skeletons(lang).items()
    }


def workshop_map(request: HttpRequest) -> HttpResponse:
    """The list page's workshops (same filters) on a map of Iran's provinces, with a table of the
    counts per province and per county.

    Template: ``registry/workshop_map.html``."""
    lang = get_language() or "fa"
    definition, _usable = chosen_definition(request.GET)
    data = map_data(filter_workshops(Workshop.objects.all(), request.GET, definition))
    province_names = {p.en: p.name(lang) for p in provinces()}
    county_names = {c.en: c.name(lang) for c in counties()}
    specs = map_specs(data, lang)
    province_rows = sorted(
        ((province_names.get(p, p), n) for p, n in data.provinces.items()), key=lambda r: -r[1]
    )
    county_rows = sorted(
        ((county_names.get(c, c), n) for c, n in data.counties.items()), key=lambda r: -r[1]
    )
    query = request.GET.copy()
    query.pop("page", None)
    workshops = _("Workshops")
    # drawn by the shared chart parts (kargah.web.charts): save buttons and a table view
    maps = [
        Chart("provinces", _("Workshops by province"), specs["provinces"],
              [pgettext("map", "Province"), workshops],
              [[name, local_number(n)] for name, n in province_rows]),
        Chart("points", _("Workshops by county"), specs["points"], [_("County"), workshops],
              [[name, local_number(n)] for name, n in county_rows]),
    ]  # fmt: skip
    return render(
        request,
        "registry/workshop_map.html",
        {
            "data": data,
            "province_rows": province_rows,
            "county_rows": county_rows,
            **chart_context(*maps),
            "query": query.urlencode(),
            "cell_km": round(CELL * 111),
        },
    )


def map_json(found: Any) -> dict[str, Any]:
    """``map_data`` as JSON for the API."""
    return asdict(map_data(found))
