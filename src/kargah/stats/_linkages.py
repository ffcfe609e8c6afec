"""Linkages of the subcontracting exchange: how many and how much, by the supplier's branch,
size class and county; and the thesis's pyramid — the share of small workshops among the
suppliers of large firms, year by year (seed 000, chapter 2, "the development model based on
subcontracting": in Japan and South Korea small firms sell 50–60 % of their output to larger
ones).

The input is one row per linkage (the site's accepted linkages, or any table with these
columns): ``year``, ``value`` (rials), ``supplier_isic``, ``supplier_employees``,
``supplier_county``, ``buyer_employees``. Suppliers and buyers are classified by head count
under one size-class definition (``sci-iran`` by default)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kargah.errors import OptionError
from kargah.stats._classified import check_columns, resolve_definition, table_of
from kargah.stats._regional import records

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from kargah.tables import Dataset

COLUMNS = ("year", "value", "supplier_isic", "supplier_employees", "supplier_county",
           "buyer_employees")  # fmt: skip
#: What ``by`` may hold: the supplier's branch (ISIC division, two digits), size class, county,
#: and the year.
GROUPS = ("branch", "size_class", "county", "year")


def _classes(data: Any, definition: str) -> ir.Table:
    """The linkages with ``supplier_class`` and ``buyer_class`` under ``definition`` (unknown
    head counts: ``unclassified``) and ``branch`` (the supplier's ISIC division)."""
    import ibis

    from kargah.sizeclass import UNCLASSIFIED

    table = _table(data)
    check_columns(data, table, list(COLUMNS), "linkage statistics")
    resolved = resolve_definition(definition)
    assert resolved is not None
    if resolved.criteria != {"employees"}:
        raise OptionError(
            f"definition '{resolved.id}' needs {', '.join(sorted(resolved.criteria))}; "
            "linkages know head counts only: take a definition by employees (e.g. sci-iran)"
        )

    # Each side classified as "employees", one after the other, on the same rows.
    for side in ("supplier", "buyer"):
        table = table.mutate(employees=table[f"{side}_employees"].cast("float64"))
        table = table.mutate(
            **{f"{side}_class": resolved.expression(table).fill_null(UNCLASSIFIED)}
        )
    table = table.drop("employees")
    isic = table.supplier_isic.cast("string").strip()
    return table.mutate(
        branch=ibis.ifelse(isic.length() >= 2, isic.substr(0, 2), ibis.null("string")),
        county=table.supplier_county.cast("string"),
        value=table.value.cast("float64"),
    )


def _table(data: Any) -> ir.Table:
    import ibis
    import ibis.expr.types as ir

    if isinstance(data, ir.Table) or hasattr(data, "table"):
        return table_of(data)
    return ibis.memtable(data)


class Linkages:
    """Linkages and their value grouped by ``by`` (any of ``branch`` — the supplier's ISIC
    division —, ``size_class`` — the supplier's under ``definition`` —, ``county`` — the
    supplier's —, and ``year``), each group with its share of all linkages and of all value.

    >>> t = {"year": [2026, 2026, 2027], "value": [100.0, 300.0, 600.0],
    ...      "supplier_isic": ["2592", "2592", "1079"], "supplier_employees": [4, 30, 6],
    ...      "supplier_county": ["Rasht", "Rasht", "Lahijan"], "buyer_employees": [400, 400, 80]}
    >>> [(r["branch"], r["linkages"], r["value"]) for r in Linkages(by=["branch"]).compute(t)]
    [('10', 1, 600.0), ('25', 2, 400.0)]
    """

    def __init__(
        self,
        by: tuple[str, ...] | list[str] = ("branch", "size_class", "county"),
        definition: str = "sci-iran",
    ) -> None:
        unknown = [b for b in by if b not in GROUPS]
        if unknown or not by:
            raise OptionError(
                f"linkages are grouped by {', '.join(GROUPS)}, not {', '.join(unknown) or '—'}"
            )
        self.by = tuple(dict.fromkeys(by))
        self.definition = definition

    def compute(self, data: Dataset | ir.Table | Any) -> list[dict[str, Any]]:
        """One record per group, ordered by it: the ``by`` columns, ``linkages``, ``value``,
        ``share_linkages``, ``share_value`` (of all the input's linkages)."""
        t = _classes(data, self.definition)
        if "size_class" in self.by:
            t = t.mutate(size_class=t.supplier_class)
        grouped = t.group_by(list(self.by)).aggregate(linkages=t.count(), value=t.value.sum())
        out = records(grouped.order_by(list(self.by)))
        linkages = sum(r["linkages"] for r in out)
        value = sum(r["value"] or 0.0 for r in out)
        for r in out:
            r["share_linkages"] = r["linkages"] / linkages if linkages else None
            r["share_value"] = (r["value"] or 0.0) / value if value else None
        return out


class SupplierShares:
    """The pyramid, year by year: among the linkages whose buyer is ``large`` under
    ``definition``, how many (and how much value) went to a ``small`` supplier.

    ``small`` and ``large`` are class names of the definition (``sci-iran``: small is under 10
    persons, large 50 or more); a definition by head count only, since linkages know no more
    of their firms (``world-bank-es`` with ``small=("small", "medium")`` for the SMEs).

    >>> t = {"year": [2026, 2026, 2026, 2027], "value": [100.0, 300.0, 50.0, 80.0],
    ...      "supplier_isic": ["2592"] * 4, "supplier_employees": [4, 30, 6, 3],
    ...      "supplier_county": ["Rasht"] * 4, "buyer_employees": [400, 400, 20, 60]}
    >>> [(r["year"], r["linkages"], r["small"], r["share"]) for r in SupplierShares().compute(t)]
    [(2026, 2, 1, 0.5), (2027, 1, 1, 1.0)]
    """

    def __init__(
        self,
        definition: str = "sci-iran",
        small: tuple[str, ...] | list[str] = ("small",),
        large: tuple[str, ...] | list[str] = ("large",),
    ) -> None:
        names = {c.name for c in (resolve_definition(definition) or _none()).classes}
        unknown = [c for c in (*small, *large) if c not in names]
        if unknown:
            raise OptionError(
                f"'{definition}' has no class {', '.join(unknown)} (its classes: "
                f"{', '.join(sorted(names))})"
            )
        self.definition = definition
        self.small = tuple(small)
        self.large = tuple(large)

    def compute(self, data: Dataset | ir.Table | Any) -> list[dict[str, Any]]:
        """One record per year: ``linkages`` (with a large buyer), ``small`` (of them, with a
        small supplier), ``share`` (small / linkages), ``value``, ``small_value``,
        ``share_value``. A year without a linkage to a large buyer is left out."""
        t = _classes(data, self.definition)
        t = t.filter(t.buyer_class.isin(list(self.large)))
        small = t.supplier_class.isin(list(self.small))
        grouped = t.group_by("year").aggregate(
            linkages=t.count(),
            small=small.cast("int64").sum(),
            value=t.value.sum(),
            small_value=small.ifelse(t.value, 0.0).sum(),
        )
        out = records(grouped.order_by("year"))
        for r in out:
            r["share"] = r["small"] / r["linkages"] if r["linkages"] else None
            r["share_value"] = r["small_value"] / r["value"] if r["value"] else None
        return out


def _none() -> Any:
    raise OptionError("a size-class definition is needed")
