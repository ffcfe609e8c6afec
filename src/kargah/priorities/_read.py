"""Decision and criteria tables from CSV or XLSX, refused with file, row and column named."""

from __future__ import annotations

import re
from pathlib import Path

from kargah.errors import InputError
from kargah.priorities._methods import Criterion
from kargah.priorities._pairwise import _blank, _rows, parse_judgement

_SEPARATORS = re.compile(r"[,٬،'’\s\u00a0\u202f\u2009]")
CRITERIA_COLUMNS = (
    "criterion",
    "weight",
    "direction",
    "unit",
    "source",
    "preference",
    "q",
    "p",
    "s",
)


def _table(path: str | Path) -> tuple[Path, list[str], list[tuple[int, list[object]]]]:
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", path)
    rows = _rows(path)
    numbered = [(k, r) for k, r in enumerate(rows, start=1) if not all(_blank(v) for v in r)]
    if not numbered:
        raise InputError("the file is empty", path)
    header = [str(v).strip() if not _blank(v) else "" for v in numbered[0][1]]
    while header and not header[-1]:
        header.pop()
    return path, header, numbered[1:]


def _number(cell: object, path: Path, row: int, column: str) -> float:
    """A value cell: ``1,405,950``, ``۱٬۴۰۵``, ``2.5`` or a fraction."""
    if isinstance(cell, str):
        cell = _SEPARATORS.sub("", cell)
    try:
        return parse_judgement(cell)
    except (ValueError, ZeroDivisionError):
        raise InputError(f"'{cell}' is not a number", path, row=row, column=column) from None


def read_decision(path: str | Path) -> dict[str, dict[str, float]]:
    """A header ``alternative,<criterion>,…`` and one row per alternative → alternative →
    criterion → value."""
    path, header, rows = _table(path)
    if len(header) < 2 or header[0].lower() != "alternative":
        raise InputError("the header must be alternative,<criterion>,…", path, row=1)
    criteria = header[1:]
    for k, name in enumerate(criteria):
        if not name or name in criteria[:k]:
            raise InputError("a criterion column without a name, or twice", path, row=1)
    values: dict[str, dict[str, float]] = {}
    for number, row in rows:
        cells = list(row) + [None] * (len(header) - len(row))
        name = "" if _blank(cells[0]) else str(cells[0]).strip()
        if not name:
            raise InputError("an alternative without a name", path, row=number, column=header[0])
        if name in values:
            raise InputError(f"'{name}' appears twice", path, row=number, column=header[0])
        values[name] = {}
        for column, cell in zip(criteria, cells[1 : len(header)], strict=True):
            if _blank(cell):
                raise InputError("empty cell", path, row=number, column=column)
            values[name][column] = _number(cell, path, number, column)
    if not values:
        raise InputError("no alternatives below the header", path)
    return values


def read_criteria(path: str | Path) -> list[Criterion]:
    """Columns ``criterion, weight, direction`` and optionally ``unit, source`` and PROMETHEE's
    ``preference, q, p, s``."""
    path, header, rows = _table(path)
    lower = [h.lower() for h in header]
    for needed in ("criterion", "weight", "direction"):
        if needed not in lower:
            raise InputError(f"no '{needed}' column", path, row=1)
    unknown = [h for h in header if h.lower() not in CRITERIA_COLUMNS]
    if unknown:
        raise InputError(f"unknown columns {unknown}: {', '.join(CRITERIA_COLUMNS)}", path, row=1)
    criteria: list[Criterion] = []
    for number, row in rows:
        cells = {h: (row[k] if k < len(row) else None) for k, h in enumerate(lower)}
        fields: dict[str, object] = {}
        for key, cell in cells.items():
            if _blank(cell):
                continue
            if key in ("weight", "q", "p", "s"):
                fields[key] = _number(cell, path, number, header[lower.index(key)])
            else:
                fields[key] = str(cell).strip()
        if "criterion" not in fields:
            raise InputError("a criterion without a name", path, row=number, column="criterion")
        if "weight" not in fields:
            raise InputError("empty weight", path, row=number, column="weight")
        fields["direction"] = str(fields.get("direction", "benefit")).lower()
        name = fields.pop("criterion")
        try:
            criteria.append(Criterion(str(name), **fields))  # type: ignore[arg-type]
        except InputError as error:
            raise InputError(error.message, path, row=number, column=error.column) from None
    if not criteria:
        raise InputError("no criteria below the header", path)
    return criteria


def matched(
    values: dict[str, dict[str, float]], criteria: list[Criterion], decision: str | Path
) -> list[Criterion]:
    """The criteria in the decision file's order; a column without a criterion (or the
    reverse) is refused."""
    columns = list(next(iter(values.values())))
    by_name = {c.name: c for c in criteria}
    missing = [c for c in columns if c not in by_name]
    if missing:
        raise InputError(f"no row in the criteria file for {missing}", decision, row=1)
    extra = [c.name for c in criteria if c.name not in columns]
    if extra:
        raise InputError(f"criteria {extra} have no column in the decision file", decision, row=1)
    return [by_name[c] for c in columns]
