"""How much the answer to "what share is small?" depends on which official definition is used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kargah.errors import KargahError
from kargah.stats._classified import check_columns, table_of
from kargah.stats._indicators import Indicators

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from kargah.sizeclass import Definition
    from kargah.tables import Dataset


@dataclass
class SensitivityTable:
    """``shares``: one row per definition × group × size class with the measure and its share;
    ``skipped``: definition id → why it cannot classify this input."""

    shares: ir.Table | None
    skipped: dict[str, str] = field(default_factory=dict)

    def wide(self) -> object:
        """Shares side by side as a pandas DataFrame: a row per size class, a column per
        definition (size classes differ between definitions, so cells may be empty)."""
        if self.shares is None:
            import pandas as pd

            return pd.DataFrame()
        frame = self.shares.to_pandas()
        index = [c for c in frame.columns if c not in {"definition", "value", "share"}]
        return frame.pivot_table(index=index, columns="definition", values="share", sort=False)


class Sensitivity:
    """The share of each size class in ``measure`` under every definition that can classify the
    input (the shipped ones unless ``definitions`` is given)."""

    def __init__(
        self,
        *,
        measure: str = "units",
        by: Sequence[str] = (),
        definitions: Sequence[Definition] | None = None,
    ) -> None:
        self.measure = measure
        self.by = by
        self.definitions = definitions

    def compute(self, data: Dataset | ir.Table) -> SensitivityTable:
        from kargah.sizeclass import can_classify, classify
        from kargah.sizeclass import definitions as shipped

        measure, by = self.measure, list(self.by)
        table = table_of(data)
        check_columns(data, table, [m for m in (measure,) if m != "units"], "sensitivity")
        usable: list[Definition] = []
        skipped: dict[str, str] = {}
        for definition in self.definitions if self.definitions is not None else shipped():
            if not can_classify(definition, table.columns):
                skipped[definition.id] = _why_not(definition, table.columns)
                continue
            try:
                classify(table, [definition])  # a size band straddling two classes fails here
            except KargahError as error:
                skipped[definition.id] = str(error)
                continue
            usable.append(definition)
        if not usable:
            return SensitivityTable(shares=None, skipped=skipped)
        # Every usable definition in one scan of the data.
        out = Indicators(by=by, definition=usable).compute(data)
        shares = out.select(
            "definition",
            *by,
            "size_class",
            out[measure].name("value"),
            out[f"share_{measure}"].name("share"),
        )
        return SensitivityTable(shares=shares, skipped=skipped)


def _why_not(definition: Definition, columns: Sequence[str]) -> str:
    missing = sorted(definition.criteria - set(columns))
    if "size_band" in columns:
        others = sorted(definition.criteria - {"employees"})
        return "uses " + ", ".join(others) + ": a table of size bands gives head counts only"
    return "needs " + ", ".join(missing) + ", which the input lacks"
