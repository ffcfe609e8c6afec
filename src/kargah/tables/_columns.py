"""The column names Kargah understands, and how a file's headers are matched to them."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

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


@dataclass(frozen=True)
class ColumnNote:
    """What the user should hear about a file before importing it: a column the import will
    not use (with the known column it may be a misspelling of), a column given twice (only the
    first is read), or the encoding a text file was read in when it is not UTF-8."""

    kind: Literal["unknown", "duplicate", "encoding"]
    column: str  # as the file spells it; for "encoding", the encoding's name
    suggestion: str | None = None
    count: int = 1

    def __str__(self) -> str:
        if self.kind == "encoding":
            return f"read as {self.column}; if the text looks wrong, choose the file's encoding"
        if self.kind == "duplicate":
            return f"column '{self.column}' is given {self.count} times; only the first is read"
        guess = f"; did you mean '{self.suggestion}'?" if self.suggestion else ""
        return f"column '{self.column}' is not one this import reads, so it is left out{guess}"


def import_key(header: object) -> str:
    """How imports match a header to a column name: Persian letters and digits normalised,
    case and spaces ignored (``"Name FA"`` → ``name_fa``)."""
    from kargah.text import normalise

    return normalise(str(header).replace("\ufeff", "")).replace(" ", "_")


def column_notes(
    path: str | Path, known: Iterable[str], *, sheet: str | None = None
) -> list[ColumnNote]:
    """The notes on a file about to be imported whose columns may be ``known``: its encoding
    when not UTF-8, then its unknown and duplicated columns, in the file's order. A column is
    taken for a misspelling of the closest known column the file lacks."""
    from kargah.tables._encoding import label
    from kargah.tables._read import file_encoding, headers

    names = {import_key(k): k for k in known}
    notes: list[ColumnNote] = []
    encoding = file_encoding(path)
    if encoding is not None and not encoding.startswith("utf-8"):
        notes.append(ColumnNote("encoding", label(encoding)))
    given = headers(path, sheet)
    counts = Counter(import_key(h) for h in given)
    missing = [key for key in names if key not in counts]  # a misspelling is of one of these
    told: set[str] = set()
    for number, header in enumerate(given, start=1):
        key = import_key(header)
        if key in told:
            continue
        told.add(key)
        shown = str(header).strip() or f"({number})"
        if counts[key] > 1:
            notes.append(ColumnNote("duplicate", shown, count=counts[key]))
        if key not in names:
            close = difflib.get_close_matches(key, missing, n=1, cutoff=0.7)
            notes.append(ColumnNote("unknown", shown, names[close[0]] if close else None))
    return notes
