"""Years shown in both calendars: the thesis's census years are Jalali (1353–1375), the US file's
are Gregorian; every table that groups by year carries both so a reader need not convert."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: A year below this is Jalali; the same threshold as ``kargah.tables.is_jalali``.
JALALI_BELOW = 1700
#: 1353 ↔ 1974: the offset the thesis uses for census years (1353–1375 = 1974–1996).
OFFSET = 621


def with_both_calendars(table: ir.Table) -> ir.Table:
    if "year" not in table.columns:
        return table
    import ibis

    jalali = table.year < JALALI_BELOW
    return table.mutate(
        year_jalali=ibis.ifelse(jalali, table.year, table.year - OFFSET),
        year_gregorian=ibis.ifelse(jalali, table.year + OFFSET, table.year),
    )


def years_between(start: int, end: int) -> int:
    """Whole years from ``start`` to ``end``, whichever calendar each is in."""

    def gregorian(y: int) -> int:
        return y + OFFSET if y < JALALI_BELOW else y

    return gregorian(end) - gregorian(start)
