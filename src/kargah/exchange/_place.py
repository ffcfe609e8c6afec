"""Where things are: a county's location, whether a point lies in Iran, and distances.

A county's location is its seat where Kargah ships one (Guilan's, with their source), else the
centre of its province's outline (``iran-provinces.geojson``, simplified): good to tens of
kilometres, which is what a delivery distance needs."""

from __future__ import annotations

import math
from functools import cache
from importlib import resources
from typing import Any

from kargah.registry import counties
from kargah.text import normalise

EARTH_KM = 6371.0088


@cache
def _provinces() -> dict[str, list[list[tuple[float, float]]]]:
    """Province (English name) → its rings as (longitude, latitude) points."""
    import json

    path = resources.files("kargah") / "data" / "registry" / "iran-provinces.geojson"
    shapes: dict[str, list[list[tuple[float, float]]]] = {}
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        rings = [[(float(x), float(y)) for x, y, *_ in polygon[0]] for polygon in polygons]
        shapes[feature["properties"]["province"]] = rings
    return shapes


def _inside(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    """Ray casting: an odd number of edge crossings to the right means inside."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


#: The outline is simplified: a point this close to it (in degrees, ≈ 10 km) still counts as
#: inside, so that a harbour on the coast is not refused.
MARGIN = 0.1


def in_iran(latitude: float, longitude: float) -> bool:
    """Whether a point lies in Iran (within the provinces' simplified outlines, ±≈10 km)."""
    for dx, dy in ((0, 0), (MARGIN, 0), (-MARGIN, 0), (0, MARGIN), (0, -MARGIN)):
        for rings in _provinces().values():
            if any(_inside(longitude + dx, latitude + dy, ring) for ring in rings):
                return True
    return False


@cache
def _centres() -> dict[str, tuple[float, float]]:
    centres = {}
    for province, rings in _provinces().items():
        ring = max(rings, key=len)
        centres[province] = (
            sum(y for _x, y in ring) / len(ring),
            sum(x for x, _y in ring) / len(ring),
        )
    return centres


@cache
def _seats() -> dict[str, tuple[float, float]]:
    import csv

    path = resources.files("kargah") / "data" / "registry" / "guilan_county_seats.csv"
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    return {r["county"]: (float(r["latitude"]), float(r["longitude"])) for r in rows}


@cache
def _counties() -> dict[str, Any]:
    found = {}
    for place in counties():
        found[normalise(place.en)] = place
        found[normalise(place.fa)] = place
    return found


def county_name(text: str) -> str | None:
    """A county's English name (as the registry stores it) from its fa or en name."""
    place = _counties().get(normalise(text))
    return place.en if place is not None else None


def county_location(county: str | None) -> tuple[float, float] | None:
    """(latitude, longitude) of a county: its seat, else its province's centre."""
    if not county:
        return None
    place = _counties().get(normalise(county))
    if place is None:
        return None
    if place.en in _seats():
        return _seats()[place.en]
    return _centres().get(place.province or "")


def distance_km(lat1: Any, lon1: Any, lat2: float, lon2: float) -> Any:
    """Great-circle (haversine) distance; works on numbers and on numpy arrays alike."""
    import numpy as np

    p1, p2 = np.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2) - np.radians(lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
