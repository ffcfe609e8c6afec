"""The registry's maps: Iran's provinces shaded by their workshops, and the workshops' grid cells
over the outlines of the provinces holding them, with the counts per province or county as the
table beside. One place for the registry's map page, the home page and the history page.

``data`` is a :class:`kargah.web.registry.maps.MapData` (counts per province and county, English
names, and grid cells); drawn offline from the province boundaries in ``kargah/data/registry``."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kargah.registry import counties, provinces
from kargah.text import persian_digits
from kargah.web.charts._base import PERSIAN_NUMBERS, Chart, _altair
from kargah.web.numbers import local_number


def _number(n: int, lang: str) -> str:
    text = f"{n:,}"
    return persian_digits(text.replace(",", "٬")) if lang == "fa" else text


def region_rows(counts: dict[str, int], lang: str, *, of: str = "province") -> list[Any]:
    """``(name in lang, count)`` of each province (``of="county"``: county), most first."""
    places = provinces() if of == "province" else counties()
    names = {p.en: p.name(lang) for p in places}
    return sorted(((names.get(p, p), n) for p, n in counts.items()), key=lambda r: -r[1])


def province_features(data: Any, lang: str) -> list[dict[str, Any]]:
    """Every province's outline with its count (``n``, ``label``) and its name in ``lang``."""
    from kargah.web.registry.boundaries import province_shapes

    names = {p.en: p.name(lang) for p in provinces()}
    features = []
    for feature in province_shapes()["features"]:
        province = feature["properties"]["province"]
        n = data.provinces.get(province, 0)
        name = names.get(province, province)
        properties = {"province": province, "name": name, "n": n, "label": _number(n, lang)}
        features.append(
            {"type": "Feature", "properties": properties, "geometry": feature["geometry"]}
        )
    return features


def _values(name: str, data: Any, lang: str) -> list[dict[str, Any]]:
    """One named dataset of the maps: ``provinces``, ``outline`` (the provinces holding
    workshops, or all) or ``cells``."""
    from kargah.web.registry.boundaries import province_shapes

    if name == "provinces":
        return province_features(data, lang)
    if name == "outline":
        held = {p for p, n in data.provinces.items() if n}
        shapes = province_shapes()["features"]
        return [f for f in shapes if not held or f["properties"]["province"] in held]
    return [dict(c, label=_number(int(c["n"]), lang)) for c in data.cells]


def province_map() -> Any:
    """An Altair choropleth of Iran's provinces (dataset ``provinces``) shaded by their number of
    workshops."""
    alt = _altair()
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
    alt = _altair()
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
def _skeleton(name: str, lang: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    """A map's spec without its data, and the datasets it names: the same for every page in one
    language, so Altair builds and checks it once per process (``lang`` is the active one)."""
    chart, used = {"provinces": (province_map, ("provinces",)),
                   "points": (point_map, ("outline", "cells"))}[name]  # fmt: skip
    spec = chart().to_dict()
    if lang == "fa":  # legend numbers in Persian digits too
        spec.setdefault("config", {})["locale"] = {"number": PERSIAN_NUMBERS}
    return spec, used


def map_spec(name: str, data: Any, lang: str) -> dict[str, Any]:
    """The map ``name`` (``provinces`` or ``points``) as a Vega-Lite spec, its data inline as
    named ``datasets`` (the page may fetch nothing from elsewhere). The data is added after
    Altair has built the spec: Altair walking 31 provinces' outlines took 0.4 s a page."""
    spec, used = _skeleton(name, lang)
    return {**spec, "datasets": {k: _values(k, data, lang) for k in used}}


def map_specs(data: Any, lang: str) -> dict[str, dict[str, Any]]:
    """Both maps' specs (``provinces``, ``points``)."""
    return {name: map_spec(name, data, lang) for name in ("provinces", "points")}


def province_chart(data: Any, lang: str) -> Chart:
    """The provinces' map with the workshops per province as its table."""
    rows = region_rows(data.provinces, lang)
    return Chart("provinces", _("Workshops by province"), map_spec("provinces", data, lang),
                 [pgettext("map", "Province"), _("Workshops")],
                 [[name, local_number(n)] for name, n in rows])  # fmt: skip


def county_chart(data: Any, lang: str) -> Chart:
    """The grid cells' map with the workshops per county as its table."""
    rows = region_rows(data.counties, lang, of="county")
    return Chart("points", _("Workshops by county"), map_spec("points", data, lang),
                 [_("County"), _("Workshops")],
                 [[name, local_number(n)] for name, n in rows])  # fmt: skip
