"""Synthetic supplier profiles and buyers' needs, for the benchmark, the tests and a planner's
trial runs — every one made up, reproducible by seed.

The skew is what a national registry would show: a few processes (machining, welding, sewing,
food packing) held by many workshops and a long tail held by few (Zipf-like weights over the
nomenclature's leaves); materials that go with each process family; workshops crowded in the
big provinces' counties; head counts log-normal with most under 10 persons, as in Iran's census;
a third with a certification; few with past linkages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from kargah.exchange._need import Need
from kargah.exchange._nomenclature import nomenclature
from kargah.exchange._place import county_location

if TYPE_CHECKING:
    import pyarrow as pa

#: The materials each process family works.
FAMILY_MATERIALS = {
    "machining": "metal", "welding": "metal", "forming": "metal", "casting": "metal",
    "surface": "metal", "heat-treatment": "metal", "assembly": "metal",
    "electronics": "electronic-components", "plastics": "plastic", "rubber": "rubber",
    "woodworking": "wood", "textiles": "textile", "sewing": "textile", "leatherwork": "leather",
    "food": "agrifood", "packaging": "paper", "ceramics": "clay",
}  # fmt: skip


def _pools() -> tuple[list[str], Any, dict[str, list[str]], list[str], Any]:
    import numpy as np

    from kargah.registry import counties

    terms = nomenclature()
    codes = [t.code for t in terms.processes]
    leaves = [c for c in codes if not any(o.startswith(c + ".") for o in codes)]
    rng = np.random.default_rng(7)  # the popularity order is fixed, whatever the seed
    order = rng.permutation(len(leaves))
    weights = 1 / (np.arange(1, len(leaves) + 1) ** 1.1)
    leaf_weight = np.empty(len(leaves))
    leaf_weight[order] = weights
    materials: dict[str, list[str]] = {}
    for term in terms.materials:
        top = term.code.split(".")[0]
        materials.setdefault(top, []).append(term.code)
    places = [c.en for c in counties() if county_location(c.en) is not None]
    county_weight = 1 / (np.arange(1, len(places) + 1) ** 0.9)
    return leaves, leaf_weight / leaf_weight.sum(), materials, places, county_weight


def synthetic_profiles(n: int, *, seed: int = 1404) -> pa.Table:
    """``n`` synthetic workshop profiles (the matcher's columns), ids 1…n."""
    import numpy as np
    import pyarrow as pa

    leaves, leaf_p, materials, places, county_p = _pools()
    rng = np.random.default_rng(seed)
    county_p = county_p[rng.permutation(len(places))]
    county_idx = rng.choice(len(places), n, p=county_p / county_p.sum())
    seats = np.array([county_location(c) for c in places])
    latitude = np.round(seats[county_idx, 0] + rng.normal(0, 0.08, n), 4)
    longitude = np.round(seats[county_idx, 1] + rng.normal(0, 0.08, n), 4)
    employees = np.minimum(np.floor(rng.lognormal(1.0, 1.0, n)) + 1, 2000)
    capacity = employees * rng.uniform(50, 400, n)
    idle = np.round(capacity * (1 - rng.beta(4, 2.5, n)))
    idle[rng.random(n) < 0.1] = np.nan  # not every workshop states its capacity
    how_many = rng.choice([1, 1, 1, 2, 2, 3], n)
    first = rng.choice(len(leaves), n, p=leaf_p)
    process_lists, material_lists = [], []
    extra = rng.choice(len(leaves), (n, 2), p=leaf_p)
    material_pick = rng.random((n, 2))
    families: dict[str, list[str]] = {}
    for leaf in leaves:
        families.setdefault(leaf.split(".")[0], []).append(leaf)
    for i in range(n):
        chosen = [leaves[first[i]]]
        family = chosen[0].split(".")[0]
        same = families[family]
        for k in range(how_many[i] - 1):  # mostly of the same family, sometimes another
            other = leaves[extra[i, k]]
            chosen.append(same[int(material_pick[i, k] * len(same))] if k == 0 else other)
        process_lists.append(list(dict.fromkeys(chosen)))
        pool = materials[FAMILY_MATERIALS[family]]
        material_lists.append([pool[int(material_pick[i, 0] * len(pool))]])
    certificates = [t.code for t in nomenclature().certifications]
    cert_p = 1 / np.arange(1, len(certificates) + 1) ** 1.3
    held = rng.choice(len(certificates), (n, 2), p=cert_p / cert_p.sum())
    count = rng.choice([0, 0, 1, 1, 2], n) * (rng.random(n) < 0.6)
    cert_lists = [sorted({certificates[j] for j in held[i, : count[i]]}) for i in range(n)]
    completed = np.where(rng.random(n) < 0.08, rng.poisson(4, n), 0)
    rating = np.where(completed > 0, np.round(rng.uniform(2.5, 5, n), 1), np.nan)
    on_time = np.where(completed > 0, np.round(rng.beta(6, 2, n), 2), np.nan)
    firms = np.array(["", "Iran Khodro", "SAIPA", "Pars Khazar", "Mapna"])
    return pa.table({
        "workshop_id": pa.array(np.arange(1, n + 1), pa.int64()),
        "processes": pa.array(process_lists, pa.list_(pa.string())),
        "materials": pa.array(material_lists, pa.list_(pa.string())),
        "certifications": pa.array(cert_lists, pa.list_(pa.string())),
        "county": pa.array(np.array(places)[county_idx]),
        "latitude": latitude, "longitude": longitude, "employees": employees,
        "idle": pa.array(idle, from_pandas=True),
        "active": pa.array(rng.random(n) > 0.03),
        "firm": pa.array(firms[rng.choice(5, n, p=[0.996, 0.001, 0.001, 0.001, 0.001])]),
        "completed": pa.array(completed, pa.int64()),
        "rating": pa.array(rating, from_pandas=True),
        "on_time": pa.array(on_time, from_pandas=True),
    })  # fmt: skip


def synthetic_needs(k: int, *, seed: int = 1353, today: date | None = None) -> list[Need]:
    """``k`` synthetic needs: mostly one leaf process (sometimes its family, sometimes two), a
    material of its family half the time, a certification a third of the time."""
    import numpy as np

    leaves, leaf_p, materials, places, county_p = _pools()
    rng = np.random.default_rng(seed)
    today = today or date.today()
    certificates = [t.code for t in nomenclature().certifications][:4]
    out = []
    for _ in range(k):
        process = leaves[rng.choice(len(leaves), p=leaf_p)]
        family = process.split(".")[0]
        processes = [family if rng.random() < 0.3 else process]
        if rng.random() < 0.1:
            processes.append(leaves[rng.choice(len(leaves), p=leaf_p)])
        pool = materials[FAMILY_MATERIALS[family]]
        wanted = [pool[rng.integers(len(pool))]] if rng.random() < 0.5 else []
        start = today + timedelta(days=int(rng.integers(20, 90)))
        out.append(Need.from_dict({
            "description": f"synthetic need for {', '.join(processes)}",
            "processes": processes, "materials": wanted,
            "certifications": [certificates[rng.integers(4)]] if rng.random() < 0.3 else [],
            "monthly_quantity": float(np.round(rng.lognormal(6, 1.2))) + 1,
            "start": start, "end": start + timedelta(days=int(rng.integers(30, 365))),
            "deadline": today + timedelta(days=14),
            "county": places[rng.choice(len(places), p=county_p / county_p.sum())],
            "size": rng.choice(["any", "any", "micro", "small", "medium"]),
            "firm": "Iran Khodro" if rng.random() < 0.2 else "",
        }, today))  # fmt: skip
    return out
