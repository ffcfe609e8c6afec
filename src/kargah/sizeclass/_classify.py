"""Classifying a table under several definitions at once: one ``size_class_<id>`` column each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kargah.errors import DefinitionError, InputError
from kargah.sizeclass._bands import is_total_band, parse_band
from kargah.sizeclass._definition import Definition
from kargah.sizeclass._loader import load_definition, parse_definition

if TYPE_CHECKING:
    import ibis.expr.types as ir


@cache
def definitions() -> list[Definition]:
    """The definitions shipped with Kargah (``kargah/data/sizeclass/*.yaml``)."""
    folder = resources.files("kargah") / "data" / "sizeclass"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    return [parse_definition(f.read_text(encoding="utf-8"), Path(str(f))) for f in files]


def get_definition(id_or_path: str | Path | Definition) -> Definition:
    """A shipped definition by id, or a definition file by path."""
    if isinstance(id_or_path, Definition):
        return id_or_path
    text = str(id_or_path)
    if text.endswith((".yaml", ".yml")) or _is_file(text):
        return load_definition(text)
    for definition in definitions():
        if definition.id == text:
            return definition
    known = ", ".join(d.id for d in definitions())
    raise DefinitionError(f"no definition '{text}'; shipped: {known} (or give a .yaml file)")


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # a name too long for a path, or with a NUL: not a file
        return False


def can_classify(definition: Definition, columns: Iterable[str]) -> bool:
    """Whether a table with these columns can be classified: per row when it has every
    criterion, through its size bands when the definition counts heads only."""
    columns = set(columns)
    if "size_band" in columns:
        return definition.criteria == {"employees"}
    if "size_class" in columns:
        return False
    return definition.criteria <= columns


def classify(table: ir.Table, definitions: Sequence[Definition | str]) -> ir.Table:
    """Add ``size_class_<id>`` for each definition: a CASE expression on each row of
    microdata, or the class of each row's size band (bands straddling two classes raise
    :class:`BandStraddleError`)."""
    for item in definitions:
        definition = get_definition(item)
        column = f"size_class_{definition.id}"
        if "size_band" in table.columns:
            table = table.mutate(**{column: _by_band(table, definition)})
        elif can_classify(definition, table.columns):
            table = table.mutate(**{column: definition.expression(table)})
        elif "size_class" in table.columns:
            raise InputError(
                "the table already has a size_class column: it is classified as published "
                f"and cannot be classified again under '{definition.id}' (leave out -d)",
                column="size_class",
            )
        else:
            missing = sorted(definition.criteria - set(table.columns))
            raise InputError(
                f"definition '{definition.id}' needs {', '.join(missing)}, which the input lacks",
                column=", ".join(missing),
            )
    return table


def _by_band(table: ir.Table, definition: Definition) -> ir.StringValue:
    import ibis

    if definition.criteria != {"employees"}:
        raise InputError(
            f"definition '{definition.id}' also uses "
            f"{', '.join(sorted(definition.criteria - {'employees'}))}: "
            "a table of size bands can only be classified by head count",
            column="size_band",
        )
    labels = table.select("size_band").distinct().to_pyarrow().column(0).to_pylist()
    mapping: dict[str, str] = {}
    for label in labels:
        if label is None or is_total_band(label):
            continue
        band = parse_band(label)
        found = definition.classify_band(band.lo, band.hi, label)
        if found is not None:
            mapping[label] = found
    if not mapping:
        return ibis.null("string")
    return ibis.cases(
        *((table.size_band == label, c) for label, c in mapping.items()), else_=ibis.null("string")
    )
