"""Official tables often do not add up. Total rows are kept apart and compared with the sum of
their parts; a mismatch is reported with both figures, never silently fixed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ibis.expr.types as ir


@dataclass(frozen=True)
class TotalMismatch:
    total_of: str  # "size": the bands of a group; "branch": the branches of a group
    keys: dict[str, object]
    measure: str
    parts_sum: float
    total: float

    @property
    def difference(self) -> float:
        return self.parts_sum - self.total

    def __str__(self) -> str:
        where = ", ".join(f"{k}={v}" for k, v in self.keys.items()) or "whole table"
        parts = "size bands" if self.total_of == "size" else "branches"
        return (
            f"{where}: {self.measure} of the {parts} sum to {self.parts_sum:,.6g} "
            f"but the total row says {self.total:,.6g} (difference {self.difference:+,.6g})"
        )


def check_totals(
    detail: ir.Table,
    totals: ir.Table | None,
    keys: Sequence[str],
    measures: Sequence[str],
    *,
    tolerance: float = 0.5,
) -> list[TotalMismatch]:
    """Compare each total row with the sum of its parts: size totals with their bands (per
    ``keys``), branch totals with their branches (per the other keys and size band/class), and
    the grand totals ("both") with the size totals and with the branch totals."""
    if totals is None:
        return []
    size = next((c for c in ("size_band", "size_class") if c in detail.columns), None)
    measures = [m for m in measures if m in detail.columns]
    by_size = [k for k in keys if k != size]
    by_branch = [k for k in keys if k != "branch"] + ([size] if size else [])

    def kind(name: str) -> ir.Table:
        return totals.filter(totals.total_of == name)

    plans = [
        ("size", detail, kind("size"), by_size),
        ("size", kind("branch"), kind("both"), by_size),
    ]
    if "branch" in detail.columns:
        plans += [
            ("branch", detail, kind("branch"), by_branch),
            ("branch", kind("size"), kind("both"), by_branch),
        ]
    found: list[TotalMismatch] = []
    for total_of, parts, wanted, group in plans:
        found += _compare(total_of, parts, wanted, group, measures, tolerance)
    return found


def _compare(
    total_of: str,
    parts: ir.Table,
    wanted: ir.Table,
    group: list[str],
    measures: list[str],
    tolerance: float,
) -> list[TotalMismatch]:
    sums = {f"{m}__parts": parts[m].sum() for m in measures}
    summed = parts.group_by(group).aggregate(**sums) if group else parts.aggregate(**sums)
    stated = wanted.select(*group, *measures)
    merged = stated.join(summed, group) if group else stated.cross_join(summed)
    found = []
    for record in merged.to_pandas().to_dict("records"):
        for m in measures:
            total, parts_sum = record[m], record[f"{m}__parts"]
            if total != total or parts_sum != parts_sum:  # a missing figure: nothing to compare
                continue
            if abs(parts_sum - total) > tolerance:
                keys = {k: record[k] for k in group}
                found.append(TotalMismatch(total_of, keys, m, float(parts_sum), float(total)))
    return found
