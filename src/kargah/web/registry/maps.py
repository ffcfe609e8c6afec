"""The registry's map: workshops counted by province and county, and their coordinates merged
into grid cells, for the filters of the list page (``filter_workshops``); drawn by the charts'
maps (``kargah.web.charts``: ``province_chart``, ``county_chart``).

Counting happens in the database and points are merged into cells of ``CELL`` degrees, so a
page for 20,000 workshops carries at most ``MAX_CELLS`` points, not 20,000.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, F
from django.db.models.functions import Round
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from kargah.web.charts import chart_context, county_chart, province_chart, region_rows
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


def map_data(found: Any, *, counties: bool = True, cells: bool = True) -> MapData:
    """Counts per region and per grid cell of the workshops in the queryset ``found``; without
    ``counties`` or ``cells`` (and ``located``) those are not counted: a page showing only the
    provinces asks one query, not four."""
    found = found.order_by()  # an ordering would enter the GROUP BY and split the counts
    by_province = {r["province"]: r["n"] for r in found.values("province").annotate(n=Count("id"))}
    data = MapData(count=sum(by_province.values()), provinces=by_province)
    if counties:
        data.counties = {
            r["county"]: r["n"] for r in found.values("county").annotate(n=Count("id"))
        }
    if cells:
        placed = found.filter(latitude__isnull=False, longitude__isnull=False)
        grid = (
            placed.annotate(y=Round(F("latitude") / CELL), x=Round(F("longitude") / CELL))
            .values("y", "x")
            .annotate(n=Count("id"))
            .order_by("-n", "y", "x")
        )
        data.cells = [
            {"lat": round(r["y"] * CELL, 4), "lon": round(r["x"] * CELL, 4), "n": r["n"]}
            for r in grid[:MAX_CELLS]
        ]
        data.located = placed.count()
    return data


def workshop_map(request: HttpRequest) -> HttpResponse:
    """The list page's workshops (same filters) on a map of Iran's provinces, with a table of the
    counts per province and per county.

    Template: ``registry/workshop_map.html``."""
    lang = get_language() or "fa"
    definition, _usable = chosen_definition(request.GET)
    data = map_data(filter_workshops(Workshop.objects.all(), request.GET, definition))
    query = request.GET.copy()
    query.pop("page", None)
    # drawn by the shared chart parts (kargah.web.charts): save buttons and a table view
    maps = [province_chart(data, lang), county_chart(data, lang)]
    return render(
        request,
        "registry/workshop_map.html",
        {
            "data": data,
            "province_rows": region_rows(data.provinces, lang),
            "county_rows": region_rows(data.counties, lang, of="county"),
            **chart_context(*maps),
            "query": query.urlencode(),
            "cell_km": round(CELL * 111),
        },
    )


def map_json(found: Any) -> dict[str, Any]:
    """``map_data`` as JSON for the API."""
    return asdict(map_data(found))
