"""The one scan of the data that every indicator table rolls up from.

Sums roll up exactly (a sum of sums is the sum), so the detail rows are read once: grouped by the
groups, the size class under every definition asked for, and the branch when the branch
composition needs it. Shares and ratios are then recomputed on the rolled-up sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from kargah.errors import InputError
from kargah.sizeclass import UNCLASSIFIED
from kargah.stats._classified import (
    check_columns,
    classified,
    measures_in,
    resolve_definition,
    source_of,
    sums,
    table_of,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from kargah.sizeclass import Definition
    from kargah.tables import Dataset


@dataclass(frozen=True)
class IndicatorSums:
    """The sums of every measure per group × size class (× branch, when the input has one),
    from one scan of the data; :class:`~kargah.stats.Indicators` rolls both of its tables up
    from them. ``table`` has one size-class column per definition (``classes``: definition id
    → column; the id is None for a single definition, whose column is ``size_class``).
    ``.collect()`` runs the scan once and keeps its (small) result in memory."""

    table: ir.Table
    by: tuple[str, ...]
    classes: tuple[tuple[str | None, str], ...]
    measures: tuple[str, ...]
    source: str | None = None

    @property
    def several(self) -> bool:
        """Whether the tables carry a ``definition`` column (several definitions asked for)."""
        return self.classes[0][0] is not None

    @property
    def has_branch(self) -> bool:
        return "branch" in self.table.columns

    def collect(self) -> IndicatorSums:
        """The same sums, computed now by the data's engine (DuckDB, Spark) and kept in memory
        (they are small: a row per group and class), so what rolls up from them does not read
        the data again."""
        import ibis

        # Not Table.cache(): ibis 12 cannot drop its cached tables with the sqlglot we use.
        return replace(self, table=ibis.memtable(self.table.to_pyarrow()))

    def per_definition(self, branch: bool) -> ir.Table:
        """Sums per [definition ×] group × size class [× branch]: each definition's classes
        rolled up from the one grouping."""
        import ibis

        extra = ["branch"] if branch and "branch" not in self.by else []
        if extra and not self.has_branch:
            raise InputError(
                "the branch composition needs a branch column, which the input lacks "
                "(map it with --map branch=source)",
                file=self.source,
            )
        grain = ["branch"] if self.has_branch and "branch" not in self.by else []
        if not self.several and grain == extra:  # already at this grain: nothing to roll up
            return self.table.select(*self.by, "size_class", *extra, *self.measures)
        parts = []
        for definition, column in self.classes:
            keys = [*self.by, column, *extra]
            part = self.table.group_by(keys).aggregate(
                **{m: self.table[m].sum() for m in self.measures}
            )
            tag = [] if definition is None else [ibis.literal(definition).name("definition")]
            parts.append(
                part.select(*tag, *self.by, part[column].name("size_class"), *extra, *self.measures)
            )
        return ibis.union(*parts) if len(parts) > 1 else parts[0]


def scan(
    data: Dataset | ir.Table,
    definition: Any,
    by: Sequence[str],
    *,
    branch: bool,
) -> IndicatorSums:
    """Group the detail rows once by ``by``, the class under each definition and (``branch``
    and the input has one) the branch."""
    by = list(by)
    table, classes = _classified(data, definition)
    check_columns(data, table, by, "grouping")
    measures = measures_in(table)
    extra = ["branch"] if branch and "branch" in table.columns and "branch" not in by else []
    keys = [*by, *(column for _, column in classes), *extra]
    grouped = table.group_by(keys).aggregate(**sums(table, measures))
    return IndicatorSums(grouped, tuple(by), classes, tuple(measures), source_of(data))


def definition_list(definition: Any) -> list[str | Definition] | None:
    """The definitions of a setting that names several (a list or tuple), else None."""
    if isinstance(definition, list | tuple):
        return list(definition)
    return None


def _classified(
    data: Dataset | ir.Table, definition: Any
) -> tuple[ir.Table, tuple[tuple[str | None, str], ...]]:
    several = definition_list(definition)
    if several is None:
        return classified(data, definition), ((None, "size_class"),)
    if not several:
        raise InputError("no definition given: name at least one with -d", file=source_of(data))
    from kargah.sizeclass import classify

    resolved: dict[str, Definition] = {}
    for item in several:
        found = resolve_definition(item)
        assert found is not None
        resolved.setdefault(found.id, found)  # the same definition twice is counted once
    table = classify(table_of(data), list(resolved.values()))
    # Positional names: a user's definition id may hold characters an engine will not quote.
    columns = {d: f"_size_class_{i}" for i, d in enumerate(resolved)}
    table = table.mutate(
        **{c: table[f"size_class_{d}"].fill_null(UNCLASSIFIED) for d, c in columns.items()}
    )
    return table, tuple(columns.items())
