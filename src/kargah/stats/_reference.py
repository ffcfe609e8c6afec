"""Reference figures shipped with Kargah (``kargah/data/reference/*.csv``), each row with its
source: the thesis's census counts of small and large workshops, the textile shares, the
cross-country table, and the Statistical Centre's counts of workshops with 10+ workers."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pandas as pd

#: ISIC Rev.2 major division 32: textiles, wearing apparel and leather (the thesis's branch).
TEXTILES = "32"
OTHER = "other"


@cache
def reference_tables() -> dict[str, pd.DataFrame]:
    """Every reference table by name (the file name without ``.csv``)."""
    import pandas as pd

    folder = resources.files("kargah") / "data" / "reference"
    return {
        entry.name.removesuffix(".csv"): pd.read_csv(entry.open(encoding="utf-8"))  # type: ignore[attr-defined]
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".csv")
    }


def thesis_census() -> ir.Table:
    """Small and large workshops in 1353 and 1375 (Jalali), as the thesis counts them."""
    import ibis

    frame = reference_tables()["iran_census_workshops"]
    return ibis.memtable(frame[["year", "size_class", "units"]].astype({"units": float}))


def thesis_branches() -> ir.Table:
    """The census counts split into textiles (ISIC Rev.2 division 32) and all other branches.

    Derived, not published: units × the thesis's textile share, rounded to whole workshops. The
    1353 small share is a lower bound ("over 79%"), so textiles' part of the fall is too.
    """
    import ibis
    import pandas as pd

    counts = reference_tables()["iran_census_workshops"]
    shares = reference_tables()["iran_textile_share"]
    merged = counts.merge(shares, on=["year", "size_class"])
    textiles = (merged["units"] * merged["share_units_pct"] / 100).round()
    rows = pd.concat(
        [
            merged[["year", "size_class"]].assign(branch=TEXTILES, units=textiles),
            merged[["year", "size_class"]].assign(branch=OTHER, units=merged["units"] - textiles),
        ]
    )
    return ibis.memtable(rows.astype({"units": float}).reset_index(drop=True))
