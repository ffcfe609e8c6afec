"""Regional specialisation: what the location quotient, shift-share and cluster strength share.

Each statistic groups the detail rows once on the data's engine (DuckDB or Spark) into sums per
branch (× year, × region) — a small table — and computes the rest from those sums in memory, so
a Spark job reads the data once. The reference is every region in the input (the regions sum to
the nation) unless a row of the input is named as the national one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kargah.errors import InputError, OptionError
from kargah.stats._classified import check_columns, source_of, table_of
from kargah.stats._indicators import ratio

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

    from kargah.tables import Dataset


def checked(
    data: Dataset | ir.Table, columns: list[str], measures: list[str], what: str
) -> ir.Table:
    """The detail rows, with the columns ``what`` needs and numeric measures (``units`` without
    a column: 1 per row, a workshop)."""
    table = table_of(data)
    needed = [*columns, *(m for m in measures if m != "units" or "units" in table.columns)]
    check_columns(data, table, list(dict.fromkeys(needed)), what)
    for measure in measures:
        if measure in table.columns and not table[measure].type().is_numeric():
            raise InputError(
                f"{what} sums {measure}, which holds {table[measure].type()}, not numbers",
                file=source_of(data),
                column=measure,
            )
    if "units" in measures and "units" not in table.columns:
        import ibis

        table = table.mutate(units=ibis.literal(1.0))  # a row per workshop: each counts 1
    return table


def amount(table: ir.Table, measure: str) -> ir.NumericValue:
    """A measure as float64."""
    return table[measure].cast("float64")


def one_year(data: Any, table: ir.Table, year: int | None, year_column: str) -> ir.Table:
    """The rows of ``year``; without one, the table, which must then hold a single year."""
    if year_column not in table.columns:
        if year is not None:
            raise InputError(
                f"a year ({year}) was given but the input has no {year_column} column",
                file=source_of(data),
            )
        return table
    if year is not None:
        present = distinct(table, year_column)
        if year not in present:
            raise InputError(
                f"year {year} is not in the input (it has {listed(present)})",
                file=source_of(data),
                column=year_column,
            )
        return table.filter(table[year_column] == year)
    present = distinct(table, year_column)
    if len(present) > 1:
        raise InputError(
            f"the input holds several years ({listed(present)}): choose one with --year",
            file=source_of(data),
            column=year_column,
        )
    return table


def distinct(table: ir.Table, column: str) -> list[Any]:
    values = table.select(column).distinct().to_pyarrow().column(0).to_pylist()
    return sorted((v for v in values if v is not None), key=str)


def listed(values: list[Any], limit: int = 12) -> str:
    shown = ", ".join(map(str, values[:limit]))
    return shown + (f", … ({len(values)} in all)" if len(values) > limit else "")


def unknown_region(data: Any, table: ir.Table, column: str, name: str, role: str) -> InputError:
    return InputError(
        f"no {role} '{name}' in the input (it has {listed(distinct(table, column))})",
        file=source_of(data),
        column=column,
    )


def check_settings(region_column: str, by: str, reference: str | None, region: str = "") -> None:
    if by == region_column:
        raise OptionError(f"by ({by}) must be another column than the region's ({region_column})")
    if reference is not None and reference == region:
        raise OptionError(f"the region '{region}' cannot be its own reference")


def region_sums(
    table: ir.Table, measure: str, column: str, region: str, reference: str | None
) -> dict[str, ir.Scalar]:
    """The aggregates of one pass: the measure in the region and in the reference (a named row,
    or every row), and how many rows each has (none: the name is not in the input)."""
    import ibis

    m = amount(table, measure)
    in_region = table[column] == region
    sums = {
        "region_value": ibis.ifelse(in_region, m, 0.0).sum(),
        "region_rows": in_region.cast("int64").sum(),
    }
    if reference is None:
        return {**sums, "reference_value": m.sum(), "reference_rows": table.count()}
    chosen = table[column] == reference
    return {
        **sums,
        "reference_value": ibis.ifelse(chosen, m, 0.0).sum(),
        "reference_rows": chosen.cast("int64").sum(),
    }


def records(table: ir.Table | pa.Table) -> list[dict[str, Any]]:
    """Rows as dicts of Python values (nulls as None)."""
    import pyarrow as pa

    arrow = table if isinstance(table, pa.Table) else table.to_pyarrow()
    return arrow.to_pylist()


class LocationQuotient:
    """How much more (LQ > 1) or less (LQ < 1) of a measure each branch holds in a region than in
    the reference: (region's value / region's total) / (reference's value / reference's total).

    ``reference``: None — every region in the input (the nation as their sum, the region
    included); or the name of a row of the region column that holds the national figures (then
    the other regions are not summed). ``year``: needed when the input holds several.

    >>> import ibis
    >>> t = ibis.memtable({"region": ["a", "a", "b", "b"], "branch": ["10", "13"] * 2,
    ...                    "employees": [30.0, 10.0, 20.0, 40.0]})
    >>> [(r["branch"], r["lq"]) for r in LocationQuotient(region="a").compute(t)]
    [('10', 1.5), ('13', 0.5)]
    """

    def __init__(
        self,
        region: str,
        measure: str = "employees",
        by: str = "branch",
        region_column: str = "region",
        reference: str | None = None,
        *,
        year: int | None = None,
        year_column: str = "year",
    ) -> None:
        check_settings(region_column, by, reference, region)
        self.region = region
        self.measure = measure
        self.by = by
        self.region_column = region_column
        self.reference = reference
        self.year = year
        self.year_column = year_column

    def compute(self, data: Dataset | ir.Table) -> list[dict[str, Any]]:
        """One record per ``by`` value: ``{by, "lq", "region_value", "region_total",
        "reference_value", "reference_total"}``, ordered by ``by``; ``lq`` is None where the
        reference has none of the branch."""
        import ibis
        import pyarrow.compute as pc

        what = "the location quotient"
        table = checked(data, [self.region_column, self.by], [self.measure], what)
        table = one_year(data, table, self.year, self.year_column)
        sums = table.group_by(self.by).aggregate(
            **region_sums(table, self.measure, self.region_column, self.region, self.reference)
        )
        collected = sums.to_pyarrow()  # the one pass over the data: a row per branch
        for name, role, rows in (
            (self.region, "region", "region_rows"),
            (self.reference, "reference region", "reference_rows"),
        ):
            if name is not None and (pc.sum(collected[rows]).as_py() or 0) == 0:
                raise unknown_region(data, table, self.region_column, name, role)
        for name, column in (
            (self.region, "region_value"),
            (self.reference or "all regions", "reference_value"),
        ):
            if (pc.sum(collected[column]).as_py() or 0) == 0:
                raise InputError(
                    f"{self.measure} sums to 0 in {name}: no location quotient",
                    file=source_of(data),
                    column=self.measure,
                )
        t = ibis.memtable(collected.drop_columns(["region_rows", "reference_rows"]))
        t = t.filter((t.region_value != 0) | (t.reference_value != 0))
        everything = ibis.window()
        t = t.mutate(
            region_total=t.region_value.sum().over(everything),
            reference_total=t.reference_value.sum().over(everything),
        )
        t = t.mutate(
            lq=ratio(
                ratio(t.region_value, t.region_total), ratio(t.reference_value, t.reference_total)
            )
        )
        columns = [
            self.by,
            "lq",
            "region_value",
            "region_total",
            "reference_value",
            "reference_total",
        ]
        return records(t.select(*columns).order_by(self.by))
