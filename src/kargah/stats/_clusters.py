"""Cluster strength as the US Cluster Mapping Project flags a strong regional cluster: a branch
in a region is strong when its location quotient is at or above the 75th percentile of that
branch's quotients across regions and at least 1, and its employment and its number of units are
both above the 25th percentile across regions.

Percentiles interpolate linearly between the ordered values (R's type 7, numpy's default; the
engines' ``quantile_cont`` / ``percentile``), over every region of the input, a region without
the branch counting as 0. Rows without a region or a branch are left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kargah.errors import InputError, OptionError
from kargah.stats._classified import source_of
from kargah.stats._indicators import ratio
from kargah.stats._regional import (
    amount,
    check_settings,
    checked,
    one_year,
    records,
    unknown_region,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from kargah.tables import Dataset


class ClusterStrength:
    """Every region × branch with its location quotient and whether it is a strong cluster.

    ``measure`` is employment (or any measure), ``units`` the count of establishments or
    workshops (``units`` without a column: one per row). Thresholds: ``lq_percentile`` (0.75)
    and ``min_lq`` (1) for the quotient; ``size_percentile`` (0.25) for employment and units.
    ``reference``: a national row of the region column, used as the reference of the quotients
    and left out of the regions compared; None: the regions summed.

    >>> import ibis
    >>> t = ibis.memtable({"region": list("aabbccdd"), "branch": ["x", "y"] * 4,
    ...                    "employees": [90.0, 10, 50, 50, 40, 60, 30, 70],
    ...                    "units": [9.0, 1, 5, 5, 4, 6, 3, 7]})
    >>> [(r["region"], r["branch"]) for r in ClusterStrength().compute(t) if r["strong"]]
    [('a', 'x'), ('d', 'y')]
    """

    def __init__(
        self,
        measure: str = "employees",
        units: str = "units",
        by: str = "branch",
        region_column: str = "region",
        *,
        lq_percentile: float = 0.75,
        min_lq: float = 1.0,
        size_percentile: float = 0.25,
        reference: str | None = None,
        year: int | None = None,
        year_column: str = "year",
    ) -> None:
        for name, p in (("lq_percentile", lq_percentile), ("size_percentile", size_percentile)):
            if not 0 <= p <= 1:
                raise OptionError(f"{name} is a fraction from 0 to 1, not {p}")
        if min_lq < 0:
            raise OptionError(f"min_lq cannot be negative ({min_lq})")
        check_settings(region_column, by, reference)
        self.measure = measure
        self.units = units
        self.by = by
        self.region_column = region_column
        self.lq_percentile = lq_percentile
        self.min_lq = min_lq
        self.size_percentile = size_percentile
        self.reference = reference
        self.year = year
        self.year_column = year_column

    def compute(self, data: Dataset | ir.Table) -> list[dict[str, Any]]:
        """One record per region × ``by`` value, ordered by them: ``region`` (the region
        column's values, under that name), ``branch`` (``by``), ``value`` (the measure),
        ``units``, ``lq``, the branch's thresholds ``lq_threshold``, ``value_threshold``,
        ``units_threshold``, and ``strong``."""
        import ibis

        region, by = self.region_column, self.by
        measures = list(dict.fromkeys([self.measure, self.units]))
        table = checked(data, [region, by], measures, "cluster strength")
        table = one_year(data, table, self.year, self.year_column)
        grouped = table.group_by([region, by]).aggregate(
            value=amount(table, self.measure).sum(), units=amount(table, self.units).sum()
        )
        sums = ibis.memtable(grouped.to_pyarrow())  # the one pass over the data
        sums = sums.filter(sums[region].notnull() & sums[by].notnull())
        if self.reference is not None:
            chosen = sums[region] == self.reference
            national = sums.filter(chosen)
            reference = national.group_by(by).aggregate(reference_value=national.value.sum())
            sums = sums.filter(~chosen)
        else:
            reference = sums.group_by(by).aggregate(reference_value=sums.value.sum())
        reference_total = self._check(data, table, sums, reference)
        # Every region × branch: a region without the branch is a region with none of it.
        grid = sums.select(region).distinct().cross_join(sums.select(by).distinct())
        t = grid.left_join(sums, [region, by]).select(grid[region], grid[by], "value", "units")
        t = t.mutate(value=t.value.fill_null(0.0), units=t.units.fill_null(0.0))
        t = t.left_join(reference, by).select(t, "reference_value")
        region_total = t.value.sum().over(ibis.window(group_by=region))
        t = t.mutate(lq=ratio(ratio(t.value, region_total), t.reference_value / reference_total))
        thresholds = t.group_by(by).aggregate(
            lq_threshold=t.lq.quantile(self.lq_percentile),
            value_threshold=t.value.quantile(self.size_percentile),
            units_threshold=t.units.quantile(self.size_percentile),
        )
        t = t.join(thresholds, by).select(t, *thresholds.columns[1:])
        strong = (
            (t.lq >= t.lq_threshold)
            & (t.lq >= self.min_lq)
            & (t.value > t.value_threshold)
            & (t.units > t.units_threshold)
        )
        t = t.mutate(strong=strong.fill_null(False))
        keep = [region, by, "value", "units", "lq", *thresholds.columns[1:], "strong"]
        return records(t.select(*keep).order_by([region, by]))

    def _check(self, data: Any, table: ir.Table, sums: ir.Table, reference: ir.Table) -> float:
        """Two regions or more, and something to compare; the reference's total."""
        found = sums.aggregate(
            regions=sums[self.region_column].nunique(), value=sums.value.sum()
        ).to_pyarrow()
        regions, value = found["regions"][0].as_py(), found["value"][0].as_py()
        if self.reference is not None and reference.count().to_pyarrow().as_py() == 0:
            raise unknown_region(
                data, table, self.region_column, self.reference, "reference region"
            )
        if regions < 2:
            raise InputError(
                f"cluster strength compares regions, and the input has {regions}",
                file=source_of(data),
                column=self.region_column,
            )
        total = reference.aggregate(v=reference.reference_value.sum()).to_pyarrow()["v"][0]
        if not value or not total.as_py():
            raise InputError(
                f"{self.measure} sums to 0: no location quotient",
                file=source_of(data),
                column=self.measure,
            )
        return float(total.as_py())
