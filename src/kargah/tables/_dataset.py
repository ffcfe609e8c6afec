"""The result of reading a file: detail rows and total rows apart, on one Ibis backend."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import ibis.expr.types as ir

Kind = Literal["microdata", "bands", "classes"]


@dataclass
class Dataset:
    """``table``: the detail rows with standard names and types; ``totals``: the rows that are
    totals (of sizes, of branches or both, in ``total_of``), kept to check the parts, never
    summed with them; ``kind``: one row per workshop, per size band, or per size class."""

    table: ir.Table
    totals: ir.Table | None
    kind: Kind
    path: Path
    measures: tuple[str, ...]
    con: Any
    ignored_columns: tuple[str, ...] = ()

    def __len__(self) -> int:
        return int(self.table.count().to_pyarrow().as_py())
