"""Years shown in both calendars: the thesis's census years are Jalali (1353–1375), the US file's
are Gregorian; every table that groups by year carries both so a reader need not convert."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kargah.tables import JALALI_BELOW, JALALI_OFFSET, to_gregorian

if TYPE_CHECKING:
    import ibis.expr.types as ir


def with_both_calendars(table: ir.Table) -> ir.Table:
    if "year" not in table.columns:
        return table
    import ibis

    jalali = table.year < JALALI_BELOW
    return table.mutate(
        year_jalali=ibis.ifelse(jalali, table.year, table.year - JALALI_OFFSET),
        year_gregorian=ibis.ifelse(jalali, table.year + JALALI_OFFSET, table.year),
    )


def years_between(start: int, end: int) -> int:
    """Whole years from ``start`` to ``end``, whichever calendar each is in."""
    return to_gregorian(end) - to_gregorian(start)
