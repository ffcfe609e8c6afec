"""Size classes as database filters: a definition's rules (``kargah.sizeclass``) turned into a
Django ``Q``, so "small under the SCI definition" is a WHERE clause, not a loop in Python."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import F, Q

from kargah.sizeclass import (
    UNCLASSIFIED,
    AllOf,
    AnyOf,
    Bound,
    Definition,
    Otherwise,
    Rule,
    definitions,
    get_definition,
)

#: Criteria a Workshop row has; a definition using any other cannot filter the registry.
FIELDS = {"employees", "capital", "electricity_kw", "floor_m2"}


def rule_q(rule: Rule) -> Q:
    """One rule of a size class as a filter; a missing value never satisfies a bound."""
    if isinstance(rule, Bound):
        q = Q(**{f"{rule.criterion}__isnull": False})
        for lookup, limit in (
            ("gte", rule.min),
            ("lte", rule.max),
            ("lt", rule.below),
            ("gt", rule.above),
        ):
            if limit is not None:
                q &= Q(**{f"{rule.criterion}__{lookup}": limit})
        return q
    if isinstance(rule, AnyOf):  # before AllOf: AnyOf is its subclass
        parts = [rule_q(r) for r in rule.rules]
        out = parts[0]
        for part in parts[1:]:
            out |= part
        return out
    if isinstance(rule, AllOf):
        out = Q()
        for part in rule.rules:
            out &= rule_q(part)
        return out
    raise ValueError("'otherwise' stands only as a whole class; size_class_q handles it")


def size_class_q(definition: Definition, name: str) -> Q:
    """Rows in class ``name``: its rule, and none of the earlier classes' (first match wins).
    ``unclassified``: no class's rule."""
    nothing = Q(pk__in=[])
    earlier: Q | None = None
    for size_class in definition.classes:
        if isinstance(size_class.rule, Otherwise):
            # An empty Q is "no condition" to Django, so "everything else" is said outright.
            if size_class.name == name:
                return ~earlier if earlier is not None else Q()
            return nothing  # nothing is left for later classes, nor unclassified
        this = rule_q(size_class.rule)
        if size_class.name == name:
            return this & ~earlier if earlier is not None else this
        earlier = this if earlier is None else earlier | this
    if name == UNCLASSIFIED and earlier is not None:
        return ~earlier
    return nothing


def can_filter(definition: Definition) -> bool:
    return definition.criteria <= FIELDS


#: ``?sort=`` keys (``-key``: descending) and the field each sorts by; a workshop without the
#: value comes last either way.
SORTS = {
    "name": "name_fa", "county": "county", "isic": "isic", "employees": "employees",
    "idle": "idle", "capital": "capital", "ownership": "ownership", "founded": "founded",
}  # fmt: skip


def sort_order(params: Mapping[str, str]) -> list[Any]:
    """The ordering ``?sort=`` asks for (unknown keys: none), then the id, so pages are stable."""
    wanted = str(params.get("sort") or "")
    field = SORTS.get(wanted.removeprefix("-"))
    if field is None:
        return ["id"]
    column = F(field)
    first = column.desc(nulls_last=True) if wanted.startswith("-") else column.asc(nulls_last=True)
    return [first, "id"]


def filter_workshops(found: Any, params: Mapping[str, str], definition: Definition) -> Any:
    """The registry's filters, shared by the list page and the API: search, county, activity
    (ISIC prefix), ownership, product group, size class under ``definition``, idle capacity;
    sorted as ``?sort=`` asks (:data:`SORTS`)."""
    if q := (params.get("q") or "").strip():
        found = found.search(q)
    if county := params.get("county"):
        found = found.filter(county=county)
    if isic := (params.get("isic") or "").strip():
        found = found.filter(isic__startswith=isic)
    if ownership := params.get("ownership"):
        found = found.filter(ownership=ownership)
    if group := params.get("group"):
        found = found.filter(product_groups__code=group)
    if size := params.get("size"):
        found = found.filter(size_class_q(definition, size))
    if idle := params.get("idle_min"):
        try:
            found = found.filter(idle__gte=float(idle))
        except ValueError:
            pass  # a malformed number filters nothing, as an empty field would
    return found.order_by(*sort_order(params))


def chosen_definition(params: Mapping[str, str]) -> tuple[Definition, list[Definition]]:
    """The definition of small the list, its exports and its map use (``?definition=``, a
    shipped one the registry's fields can filter by; else the Statistical Centre's), and the
    usable ones to choose from."""
    wanted = params.get("definition") or "sci-iran"
    usable = [d for d in definitions() if can_filter(d)]
    return next((d for d in usable if d.id == wanted), get_definition("sci-iran")), usable
