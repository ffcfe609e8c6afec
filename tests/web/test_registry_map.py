"""The registry's map: the list's filters, counts that agree with the list, boundaries that are
Iran's 31 provinces, and a page that draws under the Content-Security-Policy."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from kargah.registry import provinces, synthetic_registry
from kargah.web.charts import map_specs
from kargah.web.registry.boundaries import province_shapes
from kargah.web.registry.maps import MAX_CELLS, MapData
from kargah.web.registry.models import Workshop

FILTERS = [
    {},
    {"county": "Lahijan"},
    {"definition": "sci-iran", "size": "small"},
    {"ownership": "private", "idle_min": "10"},
    {"q": "Rasht"},
]


@pytest.fixture
def registry(db: Any) -> list[Workshop]:
    Workshop.objects.load_frame(synthetic_registry(300, seed=11))
    # one workshop elsewhere, so a second province is counted
    Workshop.objects.filter(pk=Workshop.objects.first().pk).update(  # type: ignore[union-attr]
        province="Tehran", county="Tehran", latitude=35.7, longitude=51.4
    )
    return list(Workshop.objects.all())


def test_the_boundary_file_is_every_province() -> None:
    shapes = province_shapes()
    assert shapes["source"]["licence"].startswith("ODbL")
    names = {f["properties"]["province"] for f in shapes["features"]}
    assert names == {p.en for p in provinces()}
    gilan = next(f for f in shapes["features"] if f["properties"]["province"] == "Gilan")
    lons = [x for x, _ in gilan["geometry"]["coordinates"][0]]
    assert 48 < min(lons) < max(lons) < 51  # decoded into degrees, not left encoded
    for feature in shapes["features"]:
        g = feature["geometry"]
        polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        rings = [r for polygon in polygons for r in polygon]
        assert all(r[0] == r[-1] != r[-2] for r in rings)  # closed once, as GeoJSON wants


def test_the_specs_are_valid_vega_lite(db: Any) -> None:
    """Altair checks the specs against Vega-Lite's schema; every dataset a layer names is there."""
    data = MapData(
        count=3, located=3, provinces={"Gilan": 3}, cells=[{"lat": 37.3, "lon": 49.6, "n": 3}]
    )
    for spec in map_specs(data, "fa").values():
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
        named = {layer["data"]["name"] for layer in spec.get("layer", [spec])}
        assert named == set(spec["datasets"]) and all(spec["datasets"].values())


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: ",".join(p) or "none")
def test_counts_equal_the_lists(registry: list[Workshop], client: Client, params: dict) -> None:  # type: ignore[type-arg]
    listed = client.get("/registry/", params).context["total"]
    page = client.get("/registry/map/", params)
    assert page.status_code == 200
    data = page.context["data"]
    assert data.count == listed == sum(data.provinces.values()) == sum(data.counties.values())
    assert sum(c["n"] for c in data.cells) == data.located <= listed
    api = client.get("/api/registry/map", params).json()
    assert api["count"] == listed and api["provinces"] == data.provinces
    if not params:
        assert data.provinces == {"Gilan": 299, "Tehran": 1}


def test_the_map_shades_provinces_by_count(registry: list[Workshop], client: Client) -> None:
    page = client.get("/registry/map/", {"county": "Lahijan"})
    spec = page.context["charts"]["provinces"].spec
    shaded = {
        f["properties"]["province"]: f["properties"]["n"] for f in spec["datasets"]["provinces"]
    }
    assert len(shaded) == 31 and shaded["Gilan"] == page.context["data"].count > 0
    assert shaded["Tehran"] == 0
    points = page.context["charts"]["points"].spec
    outlines = points["datasets"]["outline"]
    assert [f["properties"]["province"] for f in outlines] == ["Gilan"]  # zoomed on the workshops


def test_persian_and_english(registry: list[Workshop], client: Client) -> None:
    fa = client.get("/registry/map/").content.decode()
    assert "نقشه" in fa and "گیلان" in fa and "۲۹۹" in fa
    spec = client.get("/registry/map/").context["charts"]["provinces"].spec
    labels = {f["properties"]["label"] for f in spec["datasets"]["provinces"]}
    assert "۲۹۹" in labels and spec["config"]["locale"]["number"]["numerals"][1] == "۱"
    client.cookies.load({"django_language": "en"})
    en = client.get("/registry/map/", HTTP_ACCEPT_LANGUAGE="en")
    text = en.content.decode()
    assert "Map of workshops" in text and "Gilan" in text


def test_signed_in_users_see_the_same_map(registry: list[Workshop], client: Client) -> None:
    user = get_user_model().objects.create_user("reader", password="x")
    client.force_login(user)
    page = client.get("/registry/map/", {"county": "Rasht"})
    assert page.status_code == 200
    assert page.context["data"].count == sum(1 for w in registry if w.county == "Rasht")


def test_points_are_merged_into_cells(db: Any, client: Client) -> None:
    Workshop.objects.load_frame(synthetic_registry(2000, seed=5))
    data = client.get("/api/registry/map").json()
    assert sum(c["n"] for c in data["cells"]) == data["located"] == 2000
    assert len(data["cells"]) < 600 < MAX_CELLS  # far fewer points than workshops


def test_bad_filters_are_no_error(registry: list[Workshop], client: Client) -> None:
    page = client.get("/registry/map/", {"idle_min": "abc", "definition": "nope", "county": "x"})
    assert page.status_code == 200 and page.context["data"].count == 0


@pytest.mark.django_db(transaction=True)
def test_the_map_draws_in_the_browser(page: Any, live_server: Any) -> None:
    """Both maps draw (svg with paths and circles) with no console error and no refusal by the
    Content-Security-Policy (which allows neither 'unsafe-eval' nor other sites)."""
    from django.core.cache import cache

    cache.clear()
    Workshop.objects.load_frame(synthetic_registry(200, seed=4))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/registry/map/?county=Rasht")
    page.wait_for_selector("#chart-provinces svg path", timeout=20_000)
    page.wait_for_selector("#chart-points svg path", timeout=20_000)
    assert page.locator("#chart-provinces svg path").count() >= 31
    assert page.locator("#chart-points svg .mark-symbol path").count() > 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), "the map overflows the page"
    assert not errors, errors


def test_the_list_links_to_the_map_with_its_filters(
    registry: list[Workshop], client: Client
) -> None:
    page = client.get("/registry/", {"county": "Lahijan", "size": "small"}).content.decode()
    assert 'href="/registry/map/?county=Lahijan&amp;size=small"' in page
