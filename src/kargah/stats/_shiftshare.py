"""Shift-share: a region's change between two years split into what the nation's growth, the
region's mix of branches and the region itself account for.

Classic (Dunn 1960), per branch i with r = the region, n = the reference, 1 and 2 the years and
G = N2 / N1 the reference's overall growth factor::

    national_share = r1_i (G − 1)
    industry_mix   = r1_i (n2_i / n1_i − G)
    regional_shift = r2_i − r1_i n2_i / n1_i        (= r1_i (r2_i / r1_i − n2_i / n1_i))

They sum to the change r2_i − r1_i; summed over branches they are REAT's ``shift()``
components. Esteban-Marquillas (1972) splits the regional shift with the homothetic value
h_i = R1 n1_i / N1 (what the branch would hold with the reference's mix)::

    competitive = h_i (r2_i / r1_i − n2_i / n1_i)
    allocation  = (r1_i − h_i)(r2_i / r1_i − n2_i / n1_i)

A branch the region lacks in the first year has no growth rate of its own: its change is all
regional shift, and its competitive and allocation effects are empty (so are the total's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kargah.errors import InputError, OptionError
from kargah.stats._indicators import ratio
from kargah.stats._regional import (
    check_settings,
    checked,
    distinct,
    listed,
    records,
    region_sums,
    unknown_region,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

    from kargah.tables import Dataset

METHODS = ("dunn", "esteban-marquillas")
TOTAL = "total"
EFFECTS = {
    "dunn": ["national_share", "industry_mix", "regional_shift"],
    "esteban-marquillas": [
        "national_share",
        "industry_mix",
        "regional_shift",
        "homothetic",
        "competitive",
        "allocation",
    ],
}


class ShiftShare:
    """Shift-share of a measure in ``region`` from ``start`` to ``end``.

    ``reference`` as in :class:`LocationQuotient`: None — every region of the input summed; or
    the name of the national row.

    >>> import ibis
    >>> t = ibis.memtable({"year": [1, 1, 2, 2] * 2, "region": ["a"] * 4 + ["b"] * 4,
    ...                    "branch": ["x", "y"] * 4,
    ...                    "employees": [10.0, 10.0, 12.0, 13.0, 30.0, 50.0, 40.0, 60.0]})
    >>> rows = ShiftShare(region="a", start=1, end=2).compute(t)
    >>> [(r["branch"], r["change"], r["national_share"]) for r in rows]
    [('x', 2.0, 2.5), ('y', 3.0, 2.5), ('total', 5.0, 5.0)]
    """

    def __init__(
        self,
        region: str,
        start: int,
        end: int,
        measure: str = "employees",
        by: str = "branch",
        method: str = "dunn",
        region_column: str = "region",
        year_column: str = "year",
        reference: str | None = None,
    ) -> None:
        if method not in METHODS:
            raise OptionError(f"unknown method '{method}': {' or '.join(METHODS)}")
        if start == end:
            raise OptionError(f"the two years are the same ({start}): nothing changes")
        check_settings(region_column, by, reference, region)
        if year_column in (region_column, by):
            raise OptionError(f"the year column ({year_column}) cannot also be region or by")
        self.region = region
        self.start = start
        self.end = end
        self.measure = measure
        self.by = by
        self.method = method
        self.region_column = region_column
        self.year_column = year_column
        self.reference = reference

    def compute(self, data: Dataset | ir.Table) -> list[dict[str, Any]]:
        """One record per ``by`` value, then one with ``by`` = ``"total"``: ``start``, ``end``
        (the region's values), ``change``, ``reference_start``, ``reference_end`` and the
        effects of the method (see the module)."""
        import ibis

        what = "shift-share"
        columns = [self.region_column, self.year_column, self.by]
        table = checked(data, columns, [self.measure], what)
        both = table.filter(table[self.year_column].isin([self.start, self.end]))
        sums = both.group_by([self.year_column, self.by]).aggregate(
            **region_sums(both, self.measure, self.region_column, self.region, self.reference)
        )
        sums = sums.to_pyarrow()  # the one pass over the data
        self._check(data, table, sums)
        t = ibis.memtable(sums)
        first = t[self.year_column] == self.start
        t = t.group_by(self.by).aggregate(
            start=ibis.ifelse(first, t.region_value, 0.0).sum(),
            end=ibis.ifelse(first, 0.0, t.region_value).sum(),
            reference_start=ibis.ifelse(first, t.reference_value, 0.0).sum(),
            reference_end=ibis.ifelse(first, 0.0, t.reference_value).sum(),
        )
        everything = ibis.window()
        total_start = t.start.sum().over(everything)
        growth = ratio(
            t.reference_end.sum().over(everything), t.reference_start.sum().over(everything)
        )
        branch_growth = ratio(t.reference_end, t.reference_start)
        expected = ibis.ifelse(t.start == 0, 0.0, t.start * branch_growth)
        t = t.mutate(
            change=t.end - t.start,
            national_share=t.start * (growth - 1),
            industry_mix=expected - t.start * growth,
            regional_shift=t.end - expected,
        )
        if self.method == "esteban-marquillas":
            own = ratio(t.end, t.start) - branch_growth  # null where the region had none
            # A branch new everywhere has a homothetic value of 0 and no effect to split.
            own = ibis.ifelse((t.start == 0) & (t.reference_start == 0), 0.0, own)
            homothetic = total_start * ratio(
                t.reference_start, t.reference_start.sum().over(everything)
            )
            t = t.mutate(
                homothetic=homothetic,
                competitive=homothetic * own,
                allocation=(t.start - homothetic) * own,
            )
        values = [
            "start",
            "end",
            "change",
            "reference_start",
            "reference_end",
            *EFFECTS[self.method],
        ]
        t = t.select(t[self.by].cast("string").name(self.by), *values)
        # Sums of the branches; an effect empty in a branch is empty in the total, as in REAT.
        total = t.aggregate(
            **{
                v: ibis.ifelse(t[v].isnull().any(), ibis.null("float64"), t[v].sum())
                for v in values
            }
        ).mutate(**{self.by: ibis.literal(TOTAL)})
        per_branch = records(t.order_by(self.by))
        return [*per_branch, *records(total.select(self.by, *values))]

    def _check(self, data: Any, table: ir.Table, sums: pa.Table) -> None:
        """Every year, region and total the decomposition needs, named where it is missing."""
        from kargah.stats._classified import source_of

        file = source_of(data)
        rows = sums.to_pylist()
        years = {r[self.year_column] for r in rows}
        missing = [y for y in (self.start, self.end) if y not in years]
        if missing:
            raise InputError(
                f"year {', '.join(map(str, missing))} is not in the input "
                f"(it has {listed(distinct(table, self.year_column))})",
                file=file,
                column=self.year_column,
            )
        checks = [(self.region, "region", "region_rows")]
        if self.reference is not None:
            checks.append((self.reference, "reference region", "reference_rows"))
        for name, role, count in checks:
            if not any(r[count] for r in rows):
                raise unknown_region(data, table, self.region_column, name, role)
            for year in (self.start, self.end):
                if not any(r[count] for r in rows if r[self.year_column] == year):
                    raise InputError(
                        f"{role} '{name}' has no rows in {year}",
                        file=file,
                        column=self.year_column,
                    )

        def total(column: str, year: int) -> float:
            return sum(r[column] or 0 for r in rows if r[self.year_column] == year)

        reference = self.reference or "all regions"
        for name, column in ((self.region, "region_value"), (reference, "reference_value")):
            if total(column, self.start) == 0:
                raise InputError(
                    f"{self.measure} sums to 0 in {name} in {self.start}: no growth to split",
                    file=file,
                    column=self.measure,
                )
        start = {r[self.by]: r for r in rows if r[self.year_column] == self.start}
        for branch, row in start.items():
            if row["region_value"] and not row["reference_value"]:
                raise InputError(
                    f"{self.by} {branch}: {self.region} has {row['region_value']:g} in "
                    f"{self.start} but {reference} has none: the reference must hold the region",
                    file=file,
                    column=self.measure,
                )
