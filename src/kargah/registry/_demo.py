"""The demo registry: synthetic workshops over Guilan's real counties, reproducible by seed.

Every record is made up (``synthetic`` is true on each); what is real is the frame it fills:
Guilan's 16 counties and their Persian names (bssir's metadata), approximate county-seat
coordinates (``guilan_county_seats.csv``, with their source), ISIC codes from the catalog, and a
size distribution in which most workshops have fewer than 10 persons, as in Iran's census.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

from kargah.registry._catalog import catalog
from kargah.registry._geography import counties
from kargah.text import persian_digits

if TYPE_CHECKING:
    import pandas as pd

PROVINCE = "Gilan"
#: Rough relative sizes of the counties' industry: Rasht far ahead, then the coastal towns.
COUNTY_WEIGHT = {
    "Rasht": 30, "Bandar-e-Anzali": 7, "Lahijan": 7, "Talesh": 6, "Langrud": 5, "Rudsar": 5,
    "Some'e-Sara": 5, "Fuman": 5, "Astane-ye-Ashrafiyeh": 4, "Astara": 4, "Rudbar": 4,
    "Rezvanshahr": 3, "Shaft": 3, "Siahkal": 3, "Amlash": 2, "Masal": 2,
}  # fmt: skip
#: Guilan's industry leans to food (tea, rice, fish), wood and handicrafts.
CATEGORY_WEIGHT = {"food": 6, "wood": 3, "handicrafts": 3, "textiles": 2, "metal": 2, "building": 2}
OWNERSHIP = (("private", 0.85), ("cooperative", 0.12), ("public", 0.03))
CERTIFICATES = ("ISO 9001", "HACCP", "national standard mark", "operating licence")


def synthetic_registry(n: int = 20_000, *, seed: int = 1404) -> pd.DataFrame:
    """``n`` synthetic workshops in Guilan, the same for the same seed."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    places = {c.en: c for c in counties(PROVINCE)}
    seats = pd.read_csv(
        resources.files("kargah") / "data" / "registry" / "guilan_county_seats.csv"
    ).set_index("county")
    names = list(COUNTY_WEIGHT)
    weights = np.array([COUNTY_WEIGHT[c] for c in names], dtype=float)
    county = rng.choice(names, n, p=weights / weights.sum())
    groups = catalog().groups()
    group_weight = np.array([CATEGORY_WEIGHT.get(g.category, 1.0) for g in groups])
    picked = rng.choice(len(groups), n, p=group_weight / group_weight.sum())
    employees = np.minimum(np.floor(rng.lognormal(1.0, 0.9, n)) + 1, 400).astype(int)
    capital = np.round(employees * rng.lognormal(20.2, 0.8, n), -6)  # rials
    capacity = np.round(employees * rng.uniform(50, 400, n))
    utilisation = np.round(rng.beta(4, 2.5, n), 2)
    ownership = rng.choice([o for o, _ in OWNERSHIP], n, p=[p for _, p in OWNERSHIP])
    frame = pd.DataFrame(
        {
            "workshop_id": [f"GIL-{i:06d}" for i in range(1, n + 1)],
            "name_fa": [
                f"کارگاه {groups[g].name['fa']} {places[c].fa} {persian_digits(i)}"
                for i, (g, c) in enumerate(zip(picked, county, strict=True), 1)
            ],
            "name_en": [
                f"{groups[g].name['en']} workshop {i}, {places[c].name('en')}"
                for i, (g, c) in enumerate(zip(picked, county, strict=True), 1)
            ],
            "isic": [groups[g].isic[0] for g in picked],
            "category": [groups[g].category for g in picked],
            "product_group": [f"{groups[g].category}/{groups[g].id}" for g in picked],
            "province": PROVINCE,
            "county": county,
            "latitude": np.round(
                seats.loc[county, "latitude"].to_numpy() + rng.normal(0, 0.03, n), 4
            ),
            "longitude": np.round(
                seats.loc[county, "longitude"].to_numpy() + rng.normal(0, 0.03, n), 4
            ),
            "ownership": ownership,
            "employees": employees,
            "capital": capital,
            "electricity_kw": np.round(employees * rng.uniform(1, 8, n), 1),
            "floor_m2": np.round(employees * rng.uniform(15, 70, n)),
            "founded": rng.integers(1350, 1404, n),
            "capacity": capacity,
            "utilisation": utilisation,
            "certifications": [
                "; ".join(sorted(rng.choice(CERTIFICATES, k, replace=False)))
                for k in rng.choice([0, 0, 0, 1, 1, 2], n)
            ],
            "synthetic": True,
        }
    )
    return frame


def _near(seat: Any, rng: Any) -> Any:
    """A few kilometres around the county seat."""
    import numpy as np

    return np.round(seat + rng.normal(0, 0.03, len(seat)), 4)
