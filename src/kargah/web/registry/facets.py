"""Facets: what a workshop is (its county, activity and each prefix of its code, ownership,
size class under each definition the list filters by, how much idle capacity it has, by steps),
each written as one three-letter code in the ``facets`` column, which the search index holds.

The list's filters then become one index query: the workshops of Fuman that are small under the
Statistical Centre's definition and hold "برنج" are the intersection of three lists the index
keeps, not a walk through two million rows. Three letters, because SQLite's trigram index keeps
one list per three letters: a longer name would be many lists, each as long as the facet's.
Codes come from a hash, so two facets may share one; the rows found are always checked against
the filters themselves, so a shared code costs a few extra rows, never a wrong one."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from functools import cache

from kargah.sizeclass import Definition, definitions

#: Criteria a Workshop row has; a definition using any other cannot filter the registry.
FIELDS = frozenset({"employees", "capital", "electricity_kw", "floor_m2"})
#: Idle capacity thresholds: ``idle_min`` is narrowed by the largest step at or below it.
IDLE_STEPS = (1, 10, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 100_000)
#: The first letter of every code, and 6,000 letters after it for the other two (Unicode's
#: private use area: never in a name or a search word).
MARK, FIRST, SPAN = "\ue000", 0xE001, 6000


def can_filter(definition: Definition) -> bool:
    return definition.criteria <= FIELDS


@cache
def filtered_by() -> tuple[Definition, ...]:
    """The shipped definitions the registry's fields can classify by."""
    return tuple(d for d in definitions() if can_filter(d))


@cache
def code(facet: str) -> str:
    """The facet's three-letter code."""
    h = int.from_bytes(hashlib.blake2b(facet.encode(), digest_size=8).digest(), "big")
    return MARK + chr(FIRST + h % SPAN) + chr(FIRST + (h // SPAN) % SPAN)


def of_workshop(values: Mapping[str, object]) -> str:
    """The ``facets`` column of a workshop with these field values."""
    return " ".join(code(f) for f in _named(values))


def _named(values: Mapping[str, object]) -> Iterator[str]:
    yield f"p:{values.get('province')}"
    yield f"c:{values.get('county')}"
    isic = str(values.get("isic") or "")
    for end in range(1, len(isic) + 1):
        yield f"i:{isic[:end]}"
    yield f"o:{values.get('ownership')}"
    sizes = {c: values.get(c) for c in FIELDS}
    for d in filtered_by():
        yield f"s:{d.id}:{d.classify_values(sizes) or 'unclassified'}"  # type: ignore[arg-type]
    idle = values.get("idle")
    if isinstance(idle, int | float):
        for step in IDLE_STEPS:
            if idle >= step:
                yield f"d:{step}"


def wanted(params: Mapping[str, str], definition: Definition) -> list[str]:
    """The codes every workshop passing the list's filters ``params`` has."""
    found = []
    if county := params.get("county"):
        found.append(f"c:{county}")
    if isic := (params.get("isic") or "").strip():
        found.append(f"i:{isic}")
    if ownership := params.get("ownership"):
        found.append(f"o:{ownership}")
    if (size := params.get("size")) and definition in filtered_by():
        found.append(f"s:{definition.id}:{size}")
    try:
        idle = float(params.get("idle_min") or "nan")
    except ValueError:
        idle = float("nan")
    steps = [s for s in IDLE_STEPS if s <= idle]
    if steps:
        found.append(f"d:{steps[-1]}")
    return [code(f) for f in found]
