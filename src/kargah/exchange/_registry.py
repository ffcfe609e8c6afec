"""Workshops of a registry file (the registry's import format, checked by
:func:`kargah.registry.validate_workshops`) as profiles for the matcher: processes and materials
by code or by name (fa or en), certifications by code, name or a known spelling ("ISO 9001")."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kargah.errors import InputError
from kargah.exchange._nomenclature import Nomenclature, nomenclature

if TYPE_CHECKING:
    import pandas as pd


def registry_profiles(
    frame: pd.DataFrame, path: str | Path | None = None, terms: Nomenclature | None = None
) -> dict[str, list[Any]]:
    """Profile columns for each checked workshop; ``workshop_id`` is the row number a
    spreadsheet shows (the header is row 1). A process or material that is no term of the
    nomenclature is an error naming its row and column; a certification that is none is left
    out (the column is free text: it cannot meet a requirement, and nothing else is lost)."""
    terms = terms or nomenclature()
    problems: list[InputError] = []

    def codes(kind: str, row: Any, cell: Any, strict: bool) -> list[str]:
        if cell is None or (isinstance(cell, float) and cell != cell):
            return []
        out = []
        for part in str(cell).split(";"):
            if not part.strip():
                continue
            code = terms.resolve(kind, part)
            if code is None and strict and len(problems) < 100:
                problems.append(InputError(
                    f"'{part.strip()}' is not a term of the {kind} nomenclature "
                    "(a code such as machining.cnc-turning, or its fa or en name)",
                    file=path, row=int(row), column=kind,
                ))  # fmt: skip
            elif code is not None:
                out.append(code)
        return list(dict.fromkeys(out))

    def column(name: str) -> list[Any]:
        if name not in frame:
            return [None] * len(frame)
        return [None if v != v else v for v in frame[name].tolist()]  # NaN → None

    rows = [int(r) for r in frame.index]
    out: dict[str, list[Any]] = {"workshop_id": rows}
    for kind, strict in (("processes", True), ("materials", True), ("certifications", False)):
        out[kind] = [codes(kind, r, c, strict) for r, c in zip(rows, column(kind), strict=True)]
    if problems:
        raise InputError(
            f"{len(problems)} unknown term(s); nothing was matched", file=path, problems=problems
        )
    out.update({
        "county": column("county"), "latitude": column("latitude"),
        "longitude": column("longitude"), "employees": column("employees"),
        "idle": column("idle_capacity"), "active": [True] * len(frame),
        "firm": [None] * len(frame), "completed": [0] * len(frame),
        "rating": [None] * len(frame), "on_time": [None] * len(frame),
    })  # fmt: skip
    return out
