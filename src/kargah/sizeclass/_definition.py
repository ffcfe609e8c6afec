"""A definition of "small": named classes tried in order, each with a rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kargah.errors import OptionError
from kargah.sizeclass._bands import BandStraddleError
from kargah.sizeclass._rule import Rule

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: Open bands ("500+") are probed this far up: beyond every limit a definition sets.
_FAR = 10**12
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class SizeClass:
    name: str
    rule: Rule
    label: Mapping[str, str] = field(default_factory=dict)

    def title(self, lang: str = "en") -> str:
        return self.label.get(lang) or self.name


@dataclass(frozen=True)
class Definition:
    id: str
    name: Mapping[str, str]
    source: str
    classes: tuple[SizeClass, ...]
    year: int | None = None
    calendar: str | None = None
    notes: str = ""
    path: Path | None = None

    @property
    def criteria(self) -> frozenset[str]:
        """The fields the rules use, e.g. ``{"employees"}``."""
        return frozenset().union(*(c.rule.fields for c in self.classes))

    @property
    def class_names(self) -> list[str]:
        return [c.name for c in self.classes]

    def title(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name.get("en") or self.id

    def classify_values(self, values: Mapping[str, Any]) -> str | None:
        """The class of one workshop; None where no class admits it."""
        for size_class in self.classes:
            if size_class.rule.matches(values):
                return size_class.name
        return None

    def expression(self, table: ir.Table) -> ir.StringValue:
        """The same classification as an Ibis CASE expression, null where no class admits."""
        import ibis

        cases = [(c.rule.expression(table), c.name) for c in self.classes]
        return ibis.cases(*cases, else_=ibis.null("string"))

    def classify_band(self, lo: int, hi: int | None, label: str | None = None) -> str | None:
        """The class holding every head count from ``lo`` to ``hi``; None if none of them has a
        class; :class:`BandStraddleError` if they fall in more than one."""
        if self.criteria - {"employees"}:
            raise OptionError(f"definition '{self.id}' uses more than head counts")
        top = _FAR if hi is None else hi
        # The class can change only next to a limit, so probing the ends and both sides of
        # every limit inside the band sees every class the band touches.
        probes = {lo, top}
        for limit in (v for c in self.classes for v in c.rule.limits()):
            for n in (int(limit) - 1, int(limit), int(limit) + 1):
                if lo <= n <= top:
                    probes.add(n)
        found = [self.classify_values({"employees": n}) for n in sorted(probes)]
        names = list(dict.fromkeys(UNCLASSIFIED if f is None else f for f in found))
        if len(names) > 1:
            band = label or (f"{lo}+" if hi is None else f"{lo}-{hi}")
            order = [*self.class_names, UNCLASSIFIED]
            raise BandStraddleError(band, self.id, sorted(names, key=order.index))
        return found[0]
