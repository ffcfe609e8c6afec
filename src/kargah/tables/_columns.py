"""The column names Kargah understands, and how a file's headers are matched to them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from kargah.errors import InputError

KEYS = ("year", "region", "branch", "size_class", "size_band", "workshop_id", "ownership")
MEASURES = (
    "units",
    "employees",
    "wages",
    "output",
    "value_added",
    "capital",
    "turnover",
    "balance_sheet",
    "electricity_kw",
    "floor_m2",
)
#: name → type: the year is a whole number, other keys are text, measures are float64.
STANDARD_COLUMNS: dict[str, str] = {
    **{k: "string" for k in KEYS},
    "year": "int64",
    **{m: "float64" for m in MEASURES},
}


def header_key(text: object) -> str:
    """Headers match case-insensitively, ignoring a byte-order mark and outer spaces."""
    return str(text).replace("\ufeff", "").strip().lower()


def resolve(
    headers: Sequence[str], mapping: Mapping[str, str], path: Path, constants: Sequence[str]
) -> tuple[dict[str, str], list[str]]:
    """standard name → the file's header for it; and the headers nobody asked for."""
    unknown = [name for name in [*mapping, *constants] if name not in STANDARD_COLUMNS]
    if unknown:
        raise InputError(
            f"'{unknown[0]}' is not a standard column; use one of {', '.join(STANDARD_COLUMNS)}",
            file=path,
        )
    by_key = {header_key(h): h for h in headers}
    found: dict[str, str] = {}
    for name, source in mapping.items():
        header = by_key.get(header_key(source))
        if header is None:
            raise InputError(
                f"--map {name}={source}: the file has no column '{source}'; "
                f"its columns are {', '.join(map(str, headers))}",
                file=path,
            )
        found[name] = header
    taken = set(found.values())
    for name in STANDARD_COLUMNS:
        if name in found or name in constants:
            continue
        header = by_key.get(name)
        if header is not None and header not in taken:
            found[name] = header
    ignored = [h for h in headers if h not in set(found.values())]
    return found, ignored
