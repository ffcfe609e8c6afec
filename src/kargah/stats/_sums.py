"""The one scan of the data that every indicator table rolls up from.

Sums roll up exactly (a sum of sums is the sum), so the detail rows are read once: grouped by the
groups, the size class under every definition asked for, and the branch when the branch
composition needs it. Shares and ratios are then recomputed on the rolled-up sums.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
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
    """The sums of every measure per [definition ×] group × size class (× branch, when the
    input has one), from one scan of the data; :class:`~kargah.stats.Indicators` rolls both of
    its tables up from them. ``.collect()`` runs the scan once and keeps its (small) result in
    memory."""

    table: ir.Table
    by: tuple[str, ...]
    measures: tuple[str, ...]
    several: bool
    source: str | None = None
    #: Several definitions: the one grouping ``table`` rolls up from (a class code per
    #: definition), and how it rolls up.
    grouping: ir.Table | None = None
    roll_up: Callable[[ir.Table], ir.Table] | None = None

    @property
    def has_branch(self) -> bool:
        return "branch" in self.table.columns

    def collect(self) -> IndicatorSums:
        """The same sums, computed now by the data's engine (DuckDB, Spark) and kept in memory
        (a row per group and class), so what rolls up from them does not read the data again."""
        import ibis

        # Not Table.cache(): ibis 12 cannot drop its cached tables with the sqlglot we use.
        if self.grouping is None or self.roll_up is None:
            return replace(self, table=ibis.memtable(self.table.to_pyarrow()))
        grouping = ibis.memtable(self.grouping.to_pyarrow())  # the only pass over the data
        table = ibis.memtable(self.roll_up(grouping).to_pyarrow())
        return replace(self, table=table, grouping=None, roll_up=None)

    def per_definition(self, branch: bool) -> ir.Table:
        """Sums per [definition ×] group × size class [× branch]."""
        tag = ["definition"] if self.several else []
        wanted = ["branch"] if branch and "branch" not in self.by else []
        kept = ["branch"] if self.has_branch and "branch" not in self.by else []
        if wanted and not kept:
            raise InputError(
                "the branch composition needs a branch column, which the input lacks "
                "(map it with --map branch=source)",
                file=self.source,
            )
        keys = [*tag, *self.by, "size_class", *wanted]
        if wanted == kept:  # already at this grain
            return self.table.select(*keys, *self.measures)
        table = self.table
        return table.group_by(keys).aggregate(**{m: table[m].sum() for m in self.measures})


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
    several = definition_list(definition)
    table = classified(data, definition) if several is None else table_of(data)
    check_columns(data, table, by, "grouping")
    measures = measures_in(table)
    extra = ["branch"] if branch and "branch" in table.columns and "branch" not in by else []
    if several is None:
        grouped = table.group_by([*by, "size_class", *extra]).aggregate(**sums(table, measures))
        return IndicatorSums(grouped, tuple(by), tuple(measures), False, source_of(data))
    table, codes = _coded(data, several)
    grouping = table.group_by([*by, *codes, *extra]).aggregate(**sums(table, measures))
    roll_up = partial(_per_definition, codes=codes, by=by, extra=extra, measures=measures)
    return IndicatorSums(
        roll_up(grouping), tuple(by), tuple(measures), True, source_of(data), grouping, roll_up
    )


def definition_list(definition: Any) -> list[str | Definition] | None:
    """The definitions of a setting that names several (a list or tuple), else None."""
    if isinstance(definition, list | tuple):
        return list(definition)
    return None


#: A definition's class code column → (definition id, class names by code).
Codes = dict[str, tuple[str, list[str]]]


def _coded(data: Dataset | ir.Table, several: list[str | Definition]) -> tuple[ir.Table, Codes]:
    """The detail rows with a small-integer class code per definition: grouping by integers is
    cheaper than by as many text columns."""
    import ibis

    from kargah.sizeclass import classify

    if not several:
        raise InputError("no definition given: name at least one with -d", file=source_of(data))
    resolved: dict[str, Definition] = {}
    for item in several:
        found = resolve_definition(item)
        assert found is not None
        resolved.setdefault(found.id, found)  # the same definition twice is counted once
    # classify() checks the input can be classified and maps size bands; on microdata its text
    # columns go unused and the engine never computes them.
    table = classify(table_of(data), list(resolved.values()))
    codes: Codes = {}
    columns = {}
    for number, (definition_id, definition) in enumerate(resolved.items()):
        names = [*definition.class_names, UNCLASSIFIED]
        text = table[f"size_class_{definition_id}"]
        if "size_band" in table.columns:
            cases = [(text == name, code) for code, name in enumerate(names[:-1])]
        else:
            cases = [(c.rule.expression(table), code) for code, c in enumerate(definition.classes)]
        column = f"_class_{number}"  # a user's id may hold characters an engine will not quote
        columns[column] = ibis.cases(*cases, else_=len(names) - 1).cast("int16")
        codes[column] = (definition_id, names)
    return table.mutate(**columns), codes


def _per_definition(
    grouping: ir.Table, *, codes: Codes, by: list[str], extra: list[str], measures: list[str]
) -> ir.Table:
    """Each definition's classes rolled up from the one grouping, one after the other."""
    import ibis

    parts = []
    for column, (definition_id, names) in codes.items():
        code = grouping[column]
        size_class = ibis.cases(*((code == i, name) for i, name in enumerate(names)))
        part = grouping.group_by([*by, size_class.name("size_class"), *extra]).aggregate(
            **{m: grouping[m].sum() for m in measures}
        )
        tag = ibis.literal(definition_id).name("definition")
        parts.append(part.select(tag, *by, "size_class", *extra, *measures))
    return ibis.union(*parts) if len(parts) > 1 else parts[0]
