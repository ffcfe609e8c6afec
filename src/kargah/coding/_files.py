"""Reading the coding commands' input files (CSV/XLSX): the named columns, headers compared in
normalised form, and every empty cell where a value is needed named by row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kargah.errors import InputError


def read_columns(
    path: str | Path,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, list[InputError]]:
    """The file's ``columns`` (renamed to these names; a missing one is an error at once), with
    those of ``optional`` it has, and the problems found so far: empty ``required`` cells, in
    row order."""
    from kargah.tables import is_blank, read_cells
    from kargah.text import normalise

    frame = read_cells(path)
    found = {normalise(c): c for c in frame.columns}
    missing = [c for c in columns if c not in found]
    if missing:
        raise InputError(f"missing column(s): {', '.join(missing)}", file=path)
    kept = [*columns, *(c for c in optional if c in found)]
    frame = frame.rename(columns={found[c]: c for c in kept})[kept]
    empty = frame[list(required)].map(is_blank)
    problems = [
        InputError("empty", file=path, row=int(row), column=column)
        for row, flags in empty.iterrows()
        for column in required
        if flags[column]
    ]
    return frame, problems
