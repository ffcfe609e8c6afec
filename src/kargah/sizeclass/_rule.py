"""Rules of a size class: bounds on one criterion, combined with all-of / any-of.

Every rule has two faces that must agree: ``matches`` on one workshop's values in Python, and
``expression`` on an Ibis table (evaluated by DuckDB or Spark). A missing value never matches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ibis.expr.types as ir

CRITERIA = ("employees", "capital", "turnover", "balance_sheet", "electricity_kw", "floor_m2")
MONEY = frozenset({"capital", "turnover", "balance_sheet"})
UNITS = {"employees": "persons", "electricity_kw": "kW", "floor_m2": "m²"}


@dataclass(frozen=True)
class Bound:
    """``min``/``max`` include the limit, ``below``/``above`` exclude it: "under 50" is
    ``below: 50``."""

    criterion: str
    min: float | None = None
    max: float | None = None
    below: float | None = None
    above: float | None = None
    currency: str | None = None
    year: int | None = None

    @property
    def fields(self) -> frozenset[str]:
        return frozenset({self.criterion})

    def matches(self, values: Mapping[str, Any]) -> bool:
        x = values.get(self.criterion)
        if x is None or x != x:  # missing or NaN
            return False
        return not (
            (self.min is not None and x < self.min)
            or (self.max is not None and x > self.max)
            or (self.below is not None and x >= self.below)
            or (self.above is not None and x <= self.above)
        )

    def expression(self, table: ir.Table) -> ir.BooleanValue:
        import ibis

        column = table[self.criterion]
        parts = []
        if self.min is not None:
            parts.append(column >= self.min)
        if self.max is not None:
            parts.append(column <= self.max)
        if self.below is not None:
            parts.append(column < self.below)
        if self.above is not None:
            parts.append(column > self.above)
        return ibis.and_(*parts) if parts else column.notnull()

    def limits(self) -> list[float]:
        return [v for v in (self.min, self.max, self.below, self.above) if v is not None]

    def describe(self) -> str:
        """In words: "employees 10–49 persons", "capital ≤ 500,000,000 IRR of 1380"."""
        unit = UNITS.get(self.criterion, "")
        if self.currency:
            unit = self.currency + (f" of {self.year}" if self.year else "")
        if self.min is not None and self.max is not None:
            return f"{self.criterion} {_n(self.min)}–{_n(self.max)} {unit}".rstrip()
        low = f"≥ {_n(self.min)}" if self.min is not None else ""
        low = f"> {_n(self.above)}" if self.above is not None else low
        high = f"≤ {_n(self.max)}" if self.max is not None else ""
        high = f"< {_n(self.below)}" if self.below is not None else high
        return f"{self.criterion} {' and '.join(p for p in (low, high) if p)} {unit}".rstrip()


def _n(value: float | None) -> str:
    return "" if value is None else f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


@dataclass(frozen=True)
class AllOf:
    rules: tuple[Rule, ...]

    @property
    def fields(self) -> frozenset[str]:
        return frozenset().union(*(r.fields for r in self.rules))

    def matches(self, values: Mapping[str, Any]) -> bool:
        return all(r.matches(values) for r in self.rules)

    def expression(self, table: ir.Table) -> ir.BooleanValue:
        import ibis

        return ibis.and_(*(r.expression(table) for r in self.rules))

    def limits(self) -> list[float]:
        return [v for r in self.rules for v in r.limits()]

    def describe(self) -> str:
        inner = " and ".join(r.describe() for r in self.rules)
        return f"({inner})" if len(self.rules) > 1 else inner


@dataclass(frozen=True)
class AnyOf(AllOf):
    def matches(self, values: Mapping[str, Any]) -> bool:
        return any(r.matches(values) for r in self.rules)

    def expression(self, table: ir.Table) -> ir.BooleanValue:
        import ibis

        return ibis.or_(*(r.expression(table) for r in self.rules))

    def describe(self) -> str:
        inner = " or ".join(r.describe() for r in self.rules)
        return f"({inner})" if len(self.rules) > 1 else inner


@dataclass(frozen=True)
class Otherwise:
    """Whatever no earlier class took."""

    @property
    def fields(self) -> frozenset[str]:
        return frozenset()

    def matches(self, values: Mapping[str, Any]) -> bool:
        return True

    def expression(self, table: ir.Table) -> ir.BooleanValue:
        import ibis

        return ibis.literal(True)

    def limits(self) -> list[float]:
        return []

    def describe(self) -> str:
        return "otherwise"


Rule = Bound | AllOf | AnyOf | Otherwise
