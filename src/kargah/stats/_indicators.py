"""Structural indicators by size class: sums, shares within the group, and per-worker ratios."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kargah.stats._classified import check_columns, classified, measures_in, sums
from kargah.stats._years import with_both_calendars

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from kargah.sizeclass import Definition
    from kargah.tables import Dataset

#: name → (numerator, denominator). capital_output_ratio follows the thesis (capital / value
#: added); employees_per_capital is H3's "jobs per unit of capital".
RATIOS: dict[str, tuple[str, str]] = {
    "value_added_per_employee": ("value_added", "employees"),
    "wage_per_employee": ("wages", "employees"),
    "capital_per_employee": ("capital", "employees"),
    "capital_output_ratio": ("capital", "value_added"),
    "employees_per_capital": ("employees", "capital"),
}


def ratio(numerator: ir.NumericValue, denominator: ir.NumericValue) -> ir.NumericValue:
    """Null, not infinity, where the denominator is zero."""
    return numerator / denominator.nullif(0)


class Indicators:
    """Structural indicators per group × size class.

    >>> import ibis
    >>> t = ibis.memtable({"size_class": ["small", "small", "large"],
    ...                    "employees": [4.0, 6.0, 90.0], "capital": [1.0, 1.0, 18.0]})
    >>> out = Indicators().compute(t).order_by("size_class").to_pandas()
    >>> out[["size_class", "employees", "share_employees", "employees_per_capital"]].values.tolist()
    [['large', 90.0, 0.9, 5.0], ['small', 10.0, 0.1, 5.0]]
    """

    def __init__(
        self, *, by: Sequence[str] = (), definition: str | Definition | None = None
    ) -> None:
        self.by = by
        self.definition = definition

    def compute(self, data: Dataset | ir.Table) -> ir.Table:
        """One row per group and size class: the sums of every measure present,
        ``share_<measure>`` within the group, and the ratios of :data:`RATIOS`."""
        import ibis

        by = list(self.by)
        table = classified(data, self.definition)
        check_columns(data, table, by, "grouping")
        measures = measures_in(table)
        keys = [*by, "size_class"]
        totals = table.group_by(keys).aggregate(**sums(table, measures))
        group = ibis.window(group_by=by)
        totals = totals.mutate(
            **{f"share_{m}": ratio(totals[m], totals[m].sum().over(group)) for m in measures}
        )
        totals = totals.mutate(
            **{
                name: ratio(totals[num], totals[den])
                for name, (num, den) in RATIOS.items()
                if num in measures and den in measures
            }
        )
        return with_both_calendars(totals).order_by(keys)

    def composition(self, data: Dataset | ir.Table) -> ir.Table:
        """The branch composition of each size class: per group (without branch), size class and
        branch, the sums and each branch's share of its size class."""
        import ibis

        table = classified(data, self.definition)
        check_columns(data, table, ["branch"], "branch composition")
        outer = [k for k in self.by if k != "branch"]
        measures = measures_in(table)
        keys = [*outer, "size_class", "branch"]
        totals = table.group_by(keys).aggregate(**sums(table, measures))
        within_class = ibis.window(group_by=[*outer, "size_class"])
        totals = totals.mutate(
            **{f"share_{m}": ratio(totals[m], totals[m].sum().over(within_class)) for m in measures}
        )
        return with_both_calendars(totals).order_by(keys)
