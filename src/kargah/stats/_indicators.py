"""Structural indicators by size class: sums, shares within the group, and per-worker ratios."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kargah.errors import OptionError
from kargah.stats._classified import check_columns, table_of
from kargah.stats._sums import IndicatorSums, scan
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
    """Structural indicators per group × size class, under one definition or several.

    ``definition``: an id, a :class:`~kargah.sizeclass.Definition`, None (the classes or bands
    the table has), or a list of them — then the data are classified under each in one scan and
    every table has a leading ``definition`` column.

    >>> import ibis
    >>> t = ibis.memtable({"size_class": ["small", "small", "large"],
    ...                    "employees": [4.0, 6.0, 90.0], "capital": [1.0, 1.0, 18.0]})
    >>> out = Indicators().compute(t).order_by("size_class").to_pandas()
    >>> out[["size_class", "employees", "share_employees", "employees_per_capital"]].values.tolist()
    [['large', 90.0, 0.9, 5.0], ['small', 10.0, 0.1, 5.0]]
    """

    def __init__(
        self,
        *,
        by: Sequence[str] = (),
        definition: str | Definition | Sequence[str | Definition] | None = None,
    ) -> None:
        self.by = by
        self.definition = definition

    def sums(self, data: Dataset | ir.Table) -> IndicatorSums:
        """The one scan both tables roll up from: sums per group × size class under each
        definition, × branch when the input has one. ``.collect()`` them and pass them to
        :meth:`compute` and :meth:`composition` to read the data once for both."""
        return scan(data, self.definition, self.by, branch=True)

    def compute(self, data: Dataset | ir.Table | IndicatorSums) -> ir.Table:
        """One row per [definition,] group and size class: the sums of every measure present,
        ``share_<measure>`` within the group, and the ratios of :data:`RATIOS`."""
        import ibis

        summed = self._sums(data, branch=False)
        totals = summed.per_definition(branch=False)
        tag = ["definition"] if summed.several else []
        group, keys = [*tag, *self.by], [*tag, *self.by, "size_class"]
        measures = list(summed.measures)
        window = ibis.window(group_by=group)
        totals = totals.mutate(
            **{f"share_{m}": ratio(totals[m], totals[m].sum().over(window)) for m in measures}
        )
        totals = totals.mutate(
            **{
                name: ratio(totals[num], totals[den])
                for name, (num, den) in RATIOS.items()
                if num in measures and den in measures
            }
        )
        return with_both_calendars(totals).order_by(keys)

    def composition(self, data: Dataset | ir.Table | IndicatorSums) -> ir.Table:
        """The branch composition of each size class: per [definition,] group (without branch),
        size class and branch, the sums and each branch's share of its size class."""
        import ibis

        summed = self._sums(data, branch=True)
        totals = summed.per_definition(branch=True)
        tag = ["definition"] if summed.several else []
        outer = [*tag, *(k for k in self.by if k != "branch")]
        keys = [*outer, "size_class", "branch"]
        measures = list(summed.measures)
        totals = totals.select(*keys, *measures)  # branch in by: the same rows, keys reordered
        within_class = ibis.window(group_by=[*outer, "size_class"])
        totals = totals.mutate(
            **{f"share_{m}": ratio(totals[m], totals[m].sum().over(within_class)) for m in measures}
        )
        return with_both_calendars(totals).order_by(keys)

    def _sums(self, data: Dataset | ir.Table | IndicatorSums, *, branch: bool) -> IndicatorSums:
        if isinstance(data, IndicatorSums):
            if data.by != tuple(self.by):
                raise OptionError(
                    f"these sums are grouped by {', '.join(data.by) or 'nothing'}, "
                    f"not by {', '.join(self.by) or 'nothing'}: take them from the same Indicators"
                )
            return data
        if branch:
            check_columns(data, table_of(data), ["branch"], "branch composition")
        return scan(data, self.definition, self.by, branch=branch)
