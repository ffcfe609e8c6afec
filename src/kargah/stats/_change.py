"""Change between two years per size class, and which branches drove it.

The thesis's finding that the fall in small workshops between 1353 and 1375 came mostly from
textiles is the contributions table of this module: each branch's change as a share of its size
class's total change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kargah.errors import InputError
from kargah.stats._classified import check_columns, classified, source_of, value
from kargah.stats._indicators import ratio
from kargah.stats._years import years_between

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from kargah.sizeclass import Definition
    from kargah.tables import Dataset

TOTAL = "total"


@dataclass
class ChangeTable:
    """``summary``: per size class (and ``total``) the two values, absolute and % change and the
    compound annual rate; ``contributions``: the same per size class × ``by`` group, with
    ``contribution_share`` (of the class's change; sums to 1) and ``contribution_pp`` (percentage
    points of the class's % change; sums to it); None when there is nothing to break the change
    down by (a table of totals by size class and year)."""

    summary: ir.Table
    contributions: ir.Table | None


class Change:
    """Change of one measure between two years. ``by`` breaks each class's change down into
    contributions; left as None it is ``branch`` where the input has one, else nothing.

    >>> import ibis
    >>> t = ibis.memtable({"year": [1353, 1353, 1375, 1375], "size_class": ["small"] * 4,
    ...                    "branch": ["32", "other", "32", "other"],
    ...                    "units": [80.0, 20.0, 10.0, 30.0]})
    >>> result = Change(start=1353, end=1375, measure="units").compute(t)
    >>> small = result.summary.to_pandas().iloc[0]
    >>> [float(small[c]) for c in ("start_value", "end_value", "change", "change_pct")]
    [100.0, 40.0, -60.0, -60.0]
    >>> c = result.contributions.to_pandas()
    >>> c.loc[c.branch == "32", "contribution_share"].item()
    1.1666666666666667
    """

    def __init__(
        self,
        *,
        start: int,
        end: int,
        measure: str = "units",
        by: Sequence[str] | None = None,
        definition: str | Definition | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self.measure = measure
        self.by = by
        self.definition = definition

    def compute(self, data: Dataset | ir.Table) -> ChangeTable:
        import ibis

        table = classified(data, self.definition)
        wanted = self.by if self.by is not None else [c for c in ("branch",) if c in table.columns]
        by = [k for k in wanted if k != "size_class"]
        needed = ["year", *by] + ([self.measure] if self.measure != "units" else [])
        check_columns(data, table, needed, "change between years")
        years = set(table.select("year").distinct().to_pyarrow().column(0).to_pylist())
        missing = [y for y in (self.start, self.end) if y not in years]
        if missing:
            raise InputError(
                f"year {', '.join(map(str, missing))} is not in the input "
                f"(it has {', '.join(map(str, sorted(years)))})",
                file=source_of(data),
                column="year",
            )
        m = value(table, self.measure)
        table = table.filter(table.year.isin([self.start, self.end]))
        start = ibis.ifelse(table.year == self.start, m, 0).sum()
        end = ibis.ifelse(table.year == self.end, m, 0).sum()
        span = years_between(self.start, self.end)

        def described(t: ir.Table) -> ir.Table:
            t = t.mutate(change=t.end_value - t.start_value)
            return t.mutate(
                change_pct=100 * ratio(t.change, t.start_value),
                annual_rate_pct=100
                * (ratio(t.end_value, t.start_value).pow(1 / span) - 1 if span else ibis.null()),
            )

        per_class = table.group_by("size_class").aggregate(start_value=start, end_value=end)
        overall = table.aggregate(start_value=start, end_value=end).mutate(
            size_class=ibis.literal(TOTAL)
        )
        summary = described(per_class.union(overall.select(per_class.columns)))
        summary = summary.mutate(measure=ibis.literal(self.measure), start=self.start, end=self.end)

        if not by:
            return ChangeTable(summary=summary.order_by("size_class"), contributions=None)
        detail = described(
            table.group_by(["size_class", *by]).aggregate(start_value=start, end_value=end)
        )
        cls = ibis.window(group_by="size_class")
        detail = detail.mutate(
            contribution_share=ratio(detail.change, detail.change.sum().over(cls)),
            contribution_pp=100 * ratio(detail.change, detail.start_value.sum().over(cls)),
        )
        return ChangeTable(
            summary=summary.order_by("size_class"),
            contributions=detail.order_by(["size_class", ibis.desc(detail.change.abs())]),
        )
