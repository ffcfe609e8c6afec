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
    """Compare size-total rows with the sum of their bands (per ``keys``), and branch-total rows
    with the sum of their branches (per ``keys`` other than branch, and per size band/class)."""
    if totals is None:
        return []
    size_column = next((c for c in ("size_band", "size_class") if c in detail.columns), None)
    found: list[TotalMismatch] = []
    plans = [("size", [k for k in keys if k != size_column])]
    if "branch" in detail.columns:
        plans.append(("branch", [k for k in keys if k != "branch"] + ([size_column] if size_column else [])))
    for total_of, group in plans:
        wanted = totals.filter(totals.total_of == total_of)
        measures_here = [m for m in measures if m in detail.columns]
        if not measures_here:
            continue
        parts = detail.group_by(group).aggregate(**{f"{m}__parts": detail[m].sum() for m in measures_here}) if group else detail.aggregate(**{f"{m}__parts": detail[m].sum() for m in measures_here})
        joined = wanted.select(*group, *measures_here)
        merged = joined.join(parts, group) if group else joined.cross_join(parts)
        frame = merged.to_pandas()
        for record in frame.to_dict("records"):
            for m in measures_here:
                total, summed = record[m], record[f"{m}__parts"]
                if total != total or summed != summed:  # a missing figure: nothing to compare
                    continue
                if abs(summed - total) > tolerance:
                    found.append(
                        TotalMismatch(total_of, {k: record[k] for k in group}, m, summed, total)
                    )
    return found
