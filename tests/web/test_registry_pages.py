"""The registry's pages and its size-class filters, on a small synthetic registry."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.sizeclass import definitions
from kargah.web.registry.facets import can_filter
from kargah.web.registry.models import Workshop
from kargah.web.registry.queries import size_class_q

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry() -> list[Workshop]:
    Workshop.objects.load_frame(synthetic_registry(300, seed=11))
    return list(Workshop.objects.all())


def test_load_is_complete(registry: list[Workshop]) -> None:
    assert len(registry) == 300
    first = registry[0]
    assert first.synthetic and first.search_key and first.product_groups.count() == 1
    assert first.idle == pytest.approx(first.capacity * (1 - first.utilisation))


def test_load_is_all_or_nothing() -> None:
    frame = synthetic_registry(50, seed=2)
    frame.loc[40, "employees"] = None  # NOT NULL: the whole load must roll back
    with pytest.raises(IntegrityError):
        Workshop.objects.load_frame(frame)
    assert Workshop.objects.count() == 0


@pytest.mark.parametrize(
    "definition", [d for d in definitions() if can_filter(d)], ids=lambda d: d.id
)
def test_size_class_filters_agree_with_the_definition(registry: list[Workshop], definition) -> None:  # type: ignore[no-untyped-def]
    expected: dict[str, set[int]] = {}
    for w in registry:
        values = {f: getattr(w, f) for f in ("employees", "capital", "electricity_kw", "floor_m2")}
        expected.setdefault(definition.classify_values(values) or "unclassified", set()).add(w.pk)
    for name in [*definition.class_names, "unclassified"]:
        got = set(
            Workshop.objects.filter(size_class_q(definition, name)).values_list("pk", flat=True)
        )
        assert got == expected.get(name, set()), name


def test_list_filters_and_counts(registry: list[Workshop], client: Client) -> None:
    page = client.get("/registry/", {"county": "Lahijan"})
    assert page.status_code == 200
    lahijan = sum(1 for w in registry if w.county == "Lahijan")
    assert page.context["total"] == lahijan
    small = client.get("/registry/", {"definition": "sci-iran", "size": "small"})
    assert small.context["total"] == sum(1 for w in registry if w.employees < 10)


def test_search_ignores_keyboard_and_digits(registry: list[Workshop], client: Client) -> None:
    persian = client.get("/registry/", {"q": "لاهیجان"}).context["total"]
    arabic = client.get("/registry/", {"q": "لاهيجان"}).context["total"]  # Arabic yeh
    assert persian == arabic == sum(1 for w in registry if w.county == "Lahijan")


def test_persian_first_english_beside_it(registry: list[Workshop], client: Client) -> None:
    fa = client.get("/registry/").content.decode()
    assert 'dir="rtl"' in fa and "کارگاه‌ها" in fa and "ساختگی" in fa
    en = client.get("/registry/", headers={"accept-language": "en"}).content.decode()
    assert 'dir="ltr"' in en and "Workshops" in en and "synthetic" in en


def test_detail_shows_every_definition(registry: list[Workshop], client: Client) -> None:
    w = registry[0]
    page = client.get(f"/registry/{w.pk}/")
    assert page.status_code == 200
    title = page.content.decode().split("<title>")[1].split("</title>")[0]
    assert "<" not in title and w.name_fa in title
    ids = {d.id for d, _ in page.context["classes"]}
    labels = {label for _, label in page.context["classes"]}
    assert labels & {"کوچک", "متوسط", "بزرگ", "کوچک (روستایی)", "غیر کوچک"}  # Persian labels
    assert {"sci-iran", "jihad-sazandegi", "world-bank-es"} <= ids
    assert client.get("/registry/999999/").status_code == 404
