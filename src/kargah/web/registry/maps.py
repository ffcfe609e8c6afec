"""The registry's map: workshops counted by province and county, and their coordinates merged
into grid cells, for the filters of the list page (``filter_workshops``); drawn offline from the
province boundaries in ``kargah/data/registry`` (``kargah.web.registry.boundaries``).

Counting happens in the database and points are merged into cells of ``CELL`` degrees, so a
page for 20,000 workshops carries at most ``MAX_CELLS`` points, not 20,000.
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass, field
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
from kargah.web.registry.boundaries import province_shapes
from kargah.web.registry.models import Workshop
from kargah.web.registry.queries import filter_workshops

CELL = 0.05  # degrees (about 5 km): workshops this close share one point on the map
MAX_CELLS = 2000  # the busiest cells if more; the counts per region always include every one
_PERSIAN_NUMBERS = {
    "decimal": "٫",
    "thousands": "٬",
    "grouping": [3],
    "currency": ["", ""],
    "numerals": list("۰۱۲۳۴۵۶۷۸۹"),
}


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


def _persian_numbers(spec: dict[str, Any], lang: str) -> dict[str, Any]:
    if lang == "fa":  # legend numbers in Persian digits too
        spec.setdefault("config", {})["locale"] = {"number": _PERSIAN_NUMBERS}
    return spec


def province_map(data: MapData, lang: str) -> alt.Chart:
    """An Altair choropleth of Iran's provinces shaded by their number of workshops."""
    names = {p.en: p.name(lang) for p in provinces()}
    features = []
    for feature in copy.deepcopy(province_shapes()["features"]):
        props = feature["properties"]
        n = data.provinces.get(props["province"], 0)
        props.update(name=names.get(props["province"], props["province"]), n=n)
        props["label"] = _number(n, lang)
        features.append(feature)
    return (
        alt.Chart(alt.Data(values=features), title=_("Workshops by province"))
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


def point_map(data: MapData, lang: str) -> Any:
    """An Altair map of the workshops' grid cells over the outlines of the provinces that hold
    them (all of Iran when none has coordinates), each cell's circle sized by its count."""
    held = {p for p, n in data.provinces.items() if n}
    outline = [
        f for f in province_shapes()["features"] if not held or f["properties"]["province"] in held
    ]
    cells = [dict(c, label=_number(int(c["n"]), lang)) for c in data.cells]
    shapes = alt.Chart(alt.Data(values=outline)).mark_geoshape(fill="#eef2f7", stroke="#8a99ad")
    points = (
        alt.Chart(alt.Data(values=cells))
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


def map_specs(data: MapData, lang: str) -> dict[str, dict[str, Any]]:
    """The two maps' Vega-Lite specs, data inline (the page may fetch nothing from elsewhere).
    Altair's schema check is left to the tests: on 31 provinces' outlines it costs 0.2 s."""
    charts: dict[str, Any] = {
        "provinces": province_map(data, lang),
        "points": point_map(data, lang),
    }
    return {k: _persian_numbers(c.to_dict(validate=False), lang) for k, c in charts.items()}


def workshop_map(request: HttpRequest) -> HttpResponse:
    """The list page's workshops (same filters) on a map of Iran's provinces, with a table of the
    counts per province and per county.

    Template: ``registry/workshop_map.html``."""
    from kargah.web.registry.views import _definition  # the list's choice of definition

    lang = get_language() or "fa"
    definition, _usable = _definition(request)
    data = map_data(filter_workshops(Workshop.objects.all(), request.GET, definition))
    province_names = {p.en: p.name(lang) for p in provinces()}
    county_names = {c.en: c.name(lang) for c in counties()}
    charts = map_specs(data, lang)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/workshop_map.html",
        {
            "data": data,
            "province_rows": sorted(
                ((province_names.get(p, p), n) for p, n in data.provinces.items()),
                key=lambda r: -r[1],
            ),
            "county_rows": sorted(
                ((county_names.get(c, c), n) for c, n in data.counties.items()),
                key=lambda r: -r[1],
            ),
            "charts": {k: json.dumps(v, ensure_ascii=False) for k, v in charts.items()},
            "query": query.urlencode(),
            "cell_km": round(CELL * 111),
        },
    )


def map_json(found: Any) -> dict[str, Any]:
    """``map_data`` as JSON for the API."""
    return asdict(map_data(found))
