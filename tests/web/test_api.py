"""Every API endpoint, and its schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.web.registry.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry() -> list[Workshop]:
    Workshop.objects.load_frame(synthetic_registry(120, seed=5))
    return list(Workshop.objects.all())


def test_openapi_schema_lists_every_endpoint(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/registry/workshops",
        "/api/registry/workshops/{workshop_id}",
        "/api/registry/counties",
        "/api/registry/catalog",
        "/api/registry/definitions",
        "/api/registry/map",
        "/api/accounts/users",
        "/api/jobs/{job_id}",
        "/api/exchange/needs",
        "/api/exchange/needs/{need_id}",
        "/api/exchange/needs/{need_id}/matches",
        "/api/exchange/needs/{need_id}/quotes",
        "/api/exchange/quotes/{quote_id}/accept",
        "/api/exchange/statistics",
        # the priorities catalog
        "/api/priorities/catalog",
        "/api/priorities/catalog/ideas",
        "/api/priorities/catalog/ideas/{idea_id}",
        "/api/priorities/catalog/matrix",
        # the priorities' ranking projects
        "/api/priorities/projects",
        "/api/priorities/projects/{project_id}",
        "/api/priorities/projects/{project_id}/criteria",
        "/api/priorities/projects/{project_id}/values",
        "/api/priorities/projects/{project_id}/pull",
        "/api/priorities/projects/{project_id}/results",
        "/api/priorities/projects/expert/{token}",
        # the coders' progress (helper dash)
        "/api/coding/surveys/{survey_id}/passages",
        "/api/coding/surveys/{survey_id}/progress",
    }
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and b"cdn." not in docs.content  # no internet needed


def test_workshops_filters_and_pages(registry: list[Workshop], client: Client) -> None:
    everything = client.get("/api/registry/workshops", {"page_size": 50}).json()
    assert everything["count"] == 120 and everything["pages"] == 3
    assert len(everything["results"]) == 50
    first = everything["results"][0]
    assert "contact" not in first and first["synthetic"] is True
    small = client.get("/api/registry/workshops", {"size": "small", "page_size": 500}).json()
    assert small["count"] == sum(1 for w in registry if w.employees < 10)
    assert {r["size_class"] for r in small["results"]} == {"small"}
    rasht = client.get("/api/registry/workshops", {"county": "Rasht"}).json()
    assert rasht["count"] == sum(1 for w in registry if w.county == "Rasht")


def jihad_small(w: Workshop) -> bool:
    """The jihad-sazandegi rule written out (data/sizeclass/jihad-sazandegi.yaml): all four."""
    limits = {"employees": 50, "capital": 500_000_000, "electricity_kw": 50, "floor_m2": 600}
    return all(getattr(w, f) is not None and getattr(w, f) <= top for f, top in limits.items())


def test_one_workshop(registry: list[Workshop], client: Client) -> None:
    small = next(w for w in registry if jihad_small(w))
    other = next(w for w in registry if not jihad_small(w))
    for w, expected in ((small, "small"), (other, "other")):
        got = client.get(f"/api/registry/workshops/{w.pk}", {"definition": "jihad-sazandegi"})
        assert got.json()["id"] == w.pk and got.json()["size_class"] == expected
    w = registry[0]
    got = client.get(f"/api/registry/workshops/{w.pk}", {"definition": "jihad-sazandegi"}).json()
    assert got["idle_capacity"] == pytest.approx(w.idle)
    assert client.get("/api/registry/workshops/999999").status_code == 404


def test_reference_endpoints(client: Client) -> None:
    counties = client.get("/api/registry/counties", {"province": "Gilan"}).json()
    assert len(counties) == 16 and {"en": "Rasht", "fa": "رشت", "province": "Gilan"} in counties
    catalog = client.get("/api/registry/catalog").json()
    assert len(catalog["categories"]) == 16 and catalog["synthetic"] is True
    ids = {d["id"] for d in client.get("/api/registry/definitions").json()}
    assert {"sci-iran", "eu-2003-361", "jihad-sazandegi"} <= ids


def test_bad_parameters_are_refused_clearly(client: Client) -> None:
    response = client.get("/api/registry/workshops", {"page": "two"})
    assert response.status_code == 422
    assert "page" in response.content.decode()


def test_an_unknown_definition_is_a_400_with_the_reason(
    registry: list[Workshop], client: Client, tmp_path: Path
) -> None:
    one = client.get(f"/api/registry/workshops/{registry[0].pk}", {"definition": "x"})
    assert one.status_code == 400 and "no definition 'x'" in one.json()["detail"]
    path = tmp_path / "mine.yaml"  # a file on the server is not a definition the API takes
    path.write_text("secret: 42\n", encoding="utf-8")
    read = client.get(f"/api/registry/workshops/{registry[0].pk}", {"definition": str(path)})
    assert read.status_code == 400 and "secret" not in read.content.decode()
    listed = client.get("/api/registry/workshops", {"definition": "x", "page": "abc"})
    assert listed.status_code == 422  # ninja names the wrong-typed field
    assert client.get("/api/registry/workshops/99999999999999999999").status_code == 404
