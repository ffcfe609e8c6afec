"""The table every statistic starts from: detail rows with one ``size_class`` column.

Kept in one place so indicators, change, sensitivity and comparison classify a dataset the same
way: by a definition when one is named, else by the size classes or bands the table already has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kargah.errors import InputError
from kargah.sizeclass import UNCLASSIFIED

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from kargah.sizeclass import Definition
    from kargah.tables import Dataset

#: Measures the indicators sum; criteria such as electricity_kw are used to classify, not summed.
SUMMED_MEASURES = ("units", "employees", "wages", "output", "value_added", "capital")


def table_of(data: Dataset | ir.Table) -> ir.Table:
    """The detail rows of a dataset, or the table itself."""
    import ibis.expr.types as ir

    return data if isinstance(data, ir.Table) else data.table


def source_of(data: Any) -> str | None:
    path = getattr(data, "path", None)
    return str(path) if path is not None else None


def resolve_definition(definition: str | Definition | None) -> Definition | None:
    if definition is None or not isinstance(definition, str):
        return definition
    from kargah.sizeclass import get_definition

    return get_definition(definition)


def classified(data: Dataset | ir.Table, definition: str | Definition | None) -> ir.Table:
    """Detail rows with a ``size_class`` column (never null: ``unclassified`` where no class
    applies)."""
    table = table_of(data)
    resolved = resolve_definition(definition)
    if resolved is not None:
        from kargah.sizeclass import classify

        column = f"size_class_{resolved.id}"
        table = classify(table, [resolved])
        drop = [c for c in ("size_class",) if c in table.columns]
        table = table.drop(*drop) if drop else table
        size_class = table[column].fill_null(UNCLASSIFIED)
        return table.mutate(size_class=size_class).drop(column)
    if "size_class" in table.columns:
        return table.mutate(size_class=table.size_class.fill_null(UNCLASSIFIED))
    if "size_band" in table.columns:
        # Without a definition the bands themselves are the classes, as the source published them.
        return table.mutate(size_class=table.size_band)
    raise InputError(
        "the table has no size_class or size_band column and no definition was given: "
        "name one with -d (see `kargah sizeclass list`)",
        file=source_of(data),
    )


def measures_in(table: ir.Table) -> list[str]:
    """The measures to sum; ``units`` always, counted where the table has one row per workshop."""
    return [m for m in SUMMED_MEASURES if m == "units" or m in table.columns]


def value(table: ir.Table, measure: str) -> ir.NumericValue:
    """A measure's column; for ``units`` without a column, 1 per row (a workshop)."""
    if measure == "units" and "units" not in table.columns:
        import ibis

        return ibis.literal(1.0)
    return table[measure]


def sums(table: ir.Table, measures: list[str]) -> dict[str, ir.Scalar]:
    """The aggregates of :func:`measures_in`: rows are counted, not summed, for units of
    microdata (COUNT(*) is what a hand-written query would do, and cheaper)."""
    return {
        m: table.count().cast("float64")
        if m == "units" and m not in table.columns
        else table[m].sum()
        for m in measures
    }


def check_columns(data: Any, table: ir.Table, needed: list[str], what: str) -> None:
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise InputError(
            f"{what} needs the column(s) {', '.join(missing)}, which the input lacks "
            f"(it has {', '.join(table.columns)}); map them with --map standard=source",
            file=source_of(data),
        )
