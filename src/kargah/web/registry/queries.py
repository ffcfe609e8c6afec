"""Size classes as database filters: a definition's rules (``kargah.sizeclass``) turned into a
Django ``Q``, so "small under the SCI definition" is a WHERE clause, not a loop in Python."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.db.models.lookups import (
    Contains,
    Exact,
    GreaterThan,
    GreaterThanOrEqual,
    IsNull,
    LessThan,
    LessThanOrEqual,
    StartsWith,
)

from kargah.sizeclass import (
    UNCLASSIFIED,
    AllOf,
    AnyOf,
    Bound,
    Definition,
    Otherwise,
    Rule,
    get_definition,
)
from kargah.text import normalise
from kargah.web.registry.facets import FIELDS, filtered_by, wanted
from kargah.web.registry.search import (
    Rowwise,
    Unindexed,
    indexed_words,
    narrowed,
    within_reach,
)

#: How a filter reads a column: the column itself, or from the row (see :func:`reader`).
Reader = Callable[[str], Any]


def reader(walked: str | None = None, *, narrow: bool = False) -> Reader:
    """How filters read columns. Walking an index (``walked``: its column, None for the id
    order), the walked column's filter is a range of that index; the others are read from the
    index's carried columns (migration 0005), never looked up in an index of their own.
    Narrowed through the search index, every filter the facets carry is read from the row:
    offered a column's own index, PostgreSQL ANDs its bitmap in (40–55 ms for a size class's
    capital range of 200,000 workshops) where the facets have already narrowed."""
    if narrow:
        return lambda name: Rowwise(F(name)) if name in IN_FACETS else Unindexed(F(name))
    return lambda name: F(name) if name == walked else Unindexed(F(name))


def present(field: str, read: Reader) -> Q:
    """The field has a value."""
    return Q(IsNull(read(field), False))


def rule_q(rule: Rule, read: Reader) -> Q:
    """One rule of a size class as a filter; a missing value never satisfies a bound."""
    if isinstance(rule, Bound):
        column = read(rule.criterion)
        q = present(rule.criterion, read)
        for lookup, limit in (
            (GreaterThanOrEqual, rule.min),
            (LessThanOrEqual, rule.max),
            (LessThan, rule.below),
            (GreaterThan, rule.above),
        ):
            if limit is not None:
                # 10.0 against an integer column: PostgreSQL casts the column, and its index
                # can no longer serve the range.
                whole = isinstance(limit, float) and limit.is_integer()
                q &= Q(lookup(column, int(limit) if whole else limit))
        return q
    if isinstance(rule, AnyOf):  # before AllOf: AnyOf is its subclass
        parts = [rule_q(r, read) for r in rule.rules]
        out = parts[0]
        for part in parts[1:]:
            out |= part
        return out
    if isinstance(rule, AllOf):
        out = Q()
        for part in rule.rules:
            out &= rule_q(part, read)
        return out
    raise ValueError("'otherwise' stands only as a whole class; size_class_q handles it")


def size_class_q(definition: Definition, name: str, read: Reader | None = None) -> Q:
    """Rows in class ``name``: its rule, and none of the earlier classes' (first match wins).
    ``unclassified``: no class's rule."""
    read = read or reader()
    nothing = Q(pk__in=[])
    earlier: Q | None = None
    for size_class in definition.classes:
        if isinstance(size_class.rule, Otherwise):
            # An empty Q is "no condition" to Django, so "everything else" is said outright.
            if size_class.name == name:
                return ~earlier if earlier is not None else Q()
            return nothing  # nothing is left for later classes, nor unclassified
        this = rule_q(size_class.rule, read)
        if size_class.name == name:
            return this & ~earlier if earlier is not None else this
        earlier = this if earlier is None else earlier | this
    if name == UNCLASSIFIED and earlier is not None:
        return ~earlier
    return nothing


#: ``?sort=`` keys (``-key``: descending) and the field each sorts by; a workshop without the
#: value comes last either way. Each has an index in that order (migration 0005).
SORTS = {
    "name": "name_fa", "county": "county", "isic": "isic", "employees": "employees",
    "idle": "idle", "capital": "capital", "ownership": "ownership", "founded": "founded",
}  # fmt: skip
#: Columns whose filters a facet query carries (:func:`kargah.web.registry.facets.wanted`):
#: county, activity, ownership, a size class's criteria, idle capacity (by steps).
IN_FACETS = {"county", "isic", "ownership", *FIELDS, "idle"}
#: Sorted fields that may be empty: their indexes put the empty ones last.
NULLABLE = {"idle", "capital", "founded"}


def sort_order(params: Mapping[str, str]) -> list[Any]:
    """The ordering ``?sort=`` asks for (unknown keys: by id), each matching an index, so a page
    is the index's next fifty entries rather than a sort of every match."""
    wanted = str(params.get("sort") or "")
    field = SORTS.get(wanted.removeprefix("-"))
    if field is None:
        return ["id"]
    down = wanted.startswith("-")
    if field in NULLABLE and connection.vendor == "postgresql":  # its indexes say NULLS LAST
        return [F(field).desc(nulls_last=True) if down else F(field).asc(nulls_last=True), "id"]
    if field in NULLABLE:
        empty = ExpressionWrapper(Q(**{f"{field}__isnull": True}), output_field=BooleanField())
        return [empty.asc(), F(field).desc() if down else F(field).asc(), "id"]
    return [F(field).desc(), F("id").desc()] if down else [field, "id"]


def filter_workshops(
    found: Any, params: Mapping[str, str], definition: Definition, *, narrow: bool = False
) -> Any:
    """The registry's filters, shared by the list page, the API, the exports and the map:
    search, county, activity (ISIC prefix), ownership, product group, size class under
    ``definition``, idle capacity; sorted as ``?sort=`` asks (:data:`SORTS`).

    ``narrow``: read through the search index first (``kargah.web.registry.search``), for
    counts and for few matches; otherwise the list is walked in its order, each row checked."""
    sort = SORTS.get(str(params.get("sort") or "").removeprefix("-"))
    words = normalise(params.get("q") or "").split()
    looked_up: list[str] = []
    if narrow:
        looked_up = indexed_words(words)
        found = narrowed(found, looked_up, wanted(params, definition))

    else:
        found, looked_up = within_reach(found, words)

    column = reader(sort, narrow=narrow)

    for word in words:
        if word not in looked_up:
            found = found.filter(Contains(Unindexed(F("search_key")), word))
    if county := params.get("county"):
        found = found.filter(Exact(column("county"), county))
    if isic := (params.get("isic") or "").strip():
        found = found.filter(_prefix(column("isic"), isic))
    if ownership := params.get("ownership"):
        found = found.filter(Exact(column("ownership"), ownership))
    if group := params.get("group"):
        found = found.filter(product_groups__code=group)
    if size := params.get("size"):
        found = found.filter(size_class_q(definition, size, column))
    if idle := params.get("idle_min"):
        try:
            minimum = float(idle)
            found = found.filter(present("idle", column))
            found = found.filter(GreaterThanOrEqual(column("idle"), minimum))
        except ValueError:
            pass  # a malformed number filters nothing, as an empty field would
    return found.order_by(*sort_order(params))


def _prefix(column: Any, prefix: str) -> Q:
    """Codes starting with ``prefix``; digits as a range, which an index can read in order."""
    if prefix.isascii() and prefix.isdigit():
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return Q(GreaterThanOrEqual(column, prefix)) & Q(LessThan(column, after))
    return Q(StartsWith(column, prefix))


def chosen_definition(params: Mapping[str, str]) -> tuple[Definition, list[Definition]]:
    """The definition of small the list, its exports and its map use (``?definition=``, a
    shipped one the registry's fields can filter by; else the Statistical Centre's), and the
    usable ones to choose from."""
    wanted = params.get("definition") or "sci-iran"
    usable = list(filtered_by())
    return next((d for d in usable if d.id == wanted), get_definition("sci-iran")), usable
