"""Definition files (YAML) → :class:`Definition`, with errors that name the file and the line.

The YAML is composed into nodes first, so every value still knows its line when it is checked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NoReturn

import yaml

from kargah.errors import DefinitionError
from kargah.sizeclass._definition import Definition, SizeClass
from kargah.sizeclass._rule import CRITERIA, MONEY, AllOf, AnyOf, Bound, Otherwise, Rule

TOP_KEYS = {"id", "name", "source", "year", "calendar", "notes", "classes"}
CLASS_KEYS = {"name", "label", "otherwise", "all", "any", *CRITERIA}
BOUND_KEYS = {"min", "max", "below", "above", "currency", "year"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class _Reader:
    """Walks the composed nodes of one file; every complaint carries the node's line."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._constructor = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node | None, message: str) -> NoReturn:
        line = node.start_mark.line + 1 if node is not None else None
        raise DefinitionError(message, file=self.path, line=line)

    def mapping(
        self, node: yaml.Node, what: str, allowed: set[str]
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping (key: value)")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = str(self.scalar(key_node))
            if key not in allowed:
                self.fail(
                    key_node,
                    f"unknown key '{key}' in {what}; allowed: {', '.join(sorted(allowed))}",
                )
            if key in out:
                self.fail(key_node, f"'{key}' is given twice in {what}")
            out[key] = (key_node, value_node)
        return out

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, "expected a single value here")
        return self._constructor.construct_object(node)

    def number(self, node: yaml.Node, what: str) -> float:
        value = self.scalar(node)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(node, f"{what} must be a number, not '{value}'")
        return float(value)

    def text(self, node: yaml.Node, what: str) -> str:
        value = self.scalar(node)
        if value is None or str(value).strip() == "":
            self.fail(node, f"{what} is empty")
        return str(value).strip()

    def names(self, node: yaml.Node, what: str) -> dict[str, str]:
        if isinstance(node, yaml.ScalarNode):
            return {"en": self.text(node, what)}
        entries = self.mapping(node, what, {"en", "fa", "ar", "fr", "de", "es", "ru", "tr"})
        return {k: self.text(v, f"{what}.{k}") for k, (_, v) in entries.items()}


def load_definition(path: str | Path) -> Definition:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DefinitionError(f"cannot read the file ({error.strerror})", file=path) from None
    except UnicodeDecodeError:
        raise DefinitionError("not UTF-8 text", file=path) from None
    return parse_definition(text, path)


def parse_definition(text: str, path: Path | None = None) -> Definition:
    reader = _Reader(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        # The context mark is where the broken construct began (an unclosed brace, say), which
        # is where the fix goes; the problem mark is where the parser gave up.
        mark = error.context_mark or error.problem_mark
        found = error.problem_mark
        detail = f" (noticed at line {found.line + 1})" if found and found is not mark else ""
        raise DefinitionError(
            f"not valid YAML: {error.context + ', ' if error.context else ''}"
            f"{error.problem}{detail}",
            file=path,
            line=mark.line + 1 if mark else None,
        ) from None
    if root is None:
        raise DefinitionError("the file is empty", file=path)
    top = reader.mapping(root, "a definition", TOP_KEYS)
    for required in ("id", "name", "source", "classes"):
        if required not in top:
            reader.fail(root, f"'{required}' is missing")
    id_node = top["id"][1]
    definition_id = reader.text(id_node, "id")
    if not _ID.match(definition_id):
        reader.fail(id_node, f"id '{definition_id}' may hold only a-z, 0-9, '-' and '_'")
    year = None
    if "year" in top and reader.scalar(top["year"][1]) is not None:
        year = int(reader.number(top["year"][1], "year"))
    calendar = None
    if "calendar" in top:
        calendar = reader.text(top["calendar"][1], "calendar")
        if calendar not in {"jalali", "gregorian"}:
            reader.fail(top["calendar"][1], "calendar must be 'jalali' or 'gregorian'")
    classes = _classes(reader, top["classes"][1])
    return Definition(
        id=definition_id,
        name=reader.names(top["name"][1], "name"),
        source=reader.text(top["source"][1], "source"),
        classes=classes,
        year=year,
        calendar=calendar,
        notes=str(reader.scalar(top["notes"][1]) or "").strip() if "notes" in top else "",
        path=path,
    )


def _classes(reader: _Reader, node: yaml.Node) -> tuple[SizeClass, ...]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        reader.fail(node, "'classes' must be a list with at least one class")
    classes: list[SizeClass] = []
    for item in node.value:
        entries = reader.mapping(item, "a class", CLASS_KEYS)
        if "name" not in entries:
            reader.fail(item, "a class needs a 'name'")
        name = reader.text(entries["name"][1], "class name")
        if name in {c.name for c in classes}:
            reader.fail(entries["name"][1], f"class '{name}' is defined twice")
        if classes and isinstance(classes[-1].rule, Otherwise):
            reader.fail(
                item, f"class '{name}' comes after an 'otherwise' class and can never match"
            )
        label = reader.names(entries["label"][1], "label") if "label" in entries else {}
        rule = _class_rule(reader, item, entries)
        classes.append(SizeClass(name=name, rule=rule, label=label))
        _check_overlap(reader, item, classes)
    return tuple(classes)


def _class_rule(
    reader: _Reader, item: yaml.Node, entries: dict[str, tuple[yaml.Node, yaml.Node]]
) -> Rule:
    if "otherwise" in entries:
        if reader.scalar(entries["otherwise"][1]) is not True or len(entries) > 2 + (
            "label" in entries
        ):
            reader.fail(
                entries["otherwise"][0], "'otherwise: true' stands alone beside name and label"
            )
        return Otherwise()
    rules: list[Rule] = [
        _bound(reader, key, v) for key, (_, v) in entries.items() if key in CRITERIA
    ]
    for key in ("all", "any"):
        if key in entries:
            rules.append(_combination(reader, key, entries[key][1]))
    if not rules:
        reader.fail(
            item,
            "a class needs a rule: a criterion (e.g. employees: {max: 9}), all, any "
            "or otherwise: true",
        )
    return rules[0] if len(rules) == 1 else AllOf(tuple(rules))


def _combination(reader: _Reader, key: str, node: yaml.Node) -> Rule:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        reader.fail(node, f"'{key}' must be a list of criteria")
    parts: list[Rule] = []
    for item in node.value:
        entries = reader.mapping(item, f"an item of '{key}'", {*CRITERIA, "all", "any"})
        for name, (_, value) in entries.items():
            parts.append(
                _combination(reader, name, value)
                if name in {"all", "any"}
                else _bound(reader, name, value)
            )
    return (AllOf if key == "all" else AnyOf)(tuple(parts))


def _bound(reader: _Reader, criterion: str, node: yaml.Node) -> Bound:
    entries = reader.mapping(node, f"the bounds of '{criterion}'", BOUND_KEYS)
    limits = {
        k: reader.number(v, f"{criterion}.{k}")
        for k, (_, v) in entries.items()
        if k in {"min", "max", "below", "above"}
    }
    if not limits:
        reader.fail(node, f"'{criterion}' needs min, max, below or above")
    for low in ("min", "above"):
        for high in ("max", "below"):
            if low in limits and high in limits and limits[low] > limits[high]:
                reader.fail(
                    node, f"{criterion}: {low} {limits[low]:g} is above {high} {limits[high]:g}"
                )
    currency = reader.text(entries["currency"][1], "currency") if "currency" in entries else None
    if criterion in MONEY and currency is None:
        reader.fail(
            node, f"'{criterion}' is money: give its currency (e.g. currency: IRR) and year"
        )
    if criterion not in MONEY and currency is not None:
        reader.fail(entries["currency"][0], f"'{criterion}' is not money: it takes no currency")
    year = int(reader.number(entries["year"][1], "year")) if "year" in entries else None
    return Bound(criterion, currency=currency, year=year, **limits)  # type: ignore[arg-type]


def _check_overlap(reader: _Reader, item: yaml.Node, classes: list[SizeClass]) -> None:
    """Two head-count ranges that overlap would let the first class hide part of the second."""
    new = classes[-1]
    if not isinstance(new.rule, Bound) or new.rule.criterion != "employees":
        return
    lo, hi = _interval(new.rule)
    for old in classes[:-1]:
        if isinstance(old.rule, Bound) and old.rule.criterion == "employees":
            a, b = _interval(old.rule)
            if max(lo, a) <= min(hi, b):
                reader.fail(item, f"class '{new.name}' overlaps class '{old.name}' on employees")


def _interval(bound: Bound) -> tuple[float, float]:
    lo = bound.min if bound.min is not None else (bound.above + 1 if bound.above is not None else 0)
    hi = (
        bound.max
        if bound.max is not None
        else (bound.below - 1 if bound.below is not None else float("inf"))
    )
    return lo, hi
