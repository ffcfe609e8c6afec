"""Theme frequencies, the table of the paper's Results: per area and kind (challenge /
solution), each theme's count of coded segments, its share of all coded segments of that area
and kind, and how many distinct respondents named it — overall and split by sector — and the
challenge → solution matrix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from kargah.errors import InputError

#: Columns of a coded-segments table (one row per coded segment).
SEGMENT_COLUMNS = ("respondent", "sector", "area", "kind", "segment", "theme")
KINDS = ("challenge", "solution")


def theme_frequencies(segments: pd.DataFrame, by_sector: bool = False) -> pd.DataFrame:
    """Count, share and respondents per (area, kind, theme), largest first within each area and
    kind; with ``by_sector`` one more key, ``sector``, and the share is of that sector's coded
    segments of the area and kind.

    >>> frame = pd.DataFrame({"respondent": [1, 1, 2], "sector": "public", "area": "a",
    ...     "kind": "challenge", "segment": [1, 2, 3], "theme": ["x", "x", "y"]})
    >>> table = theme_frequencies(frame)
    >>> table[["theme", "count", "respondents"]].values.tolist(), table["share"].round(3).tolist()
    ([['x', 2, 1], ['y', 1, 1]], [0.667, 0.333])
    """
    coded = segments.dropna(subset=["theme"])
    keys = ["area", "kind", *(["sector"] if by_sector else [])]
    grouped = coded.groupby([*keys, "theme"], sort=False, dropna=False)
    table = grouped.agg(
        count=("segment", "size"), respondents=("respondent", "nunique")
    ).reset_index()
    totals = table.groupby(keys, dropna=False)["count"].transform("sum")
    table["share"] = table["count"] / totals
    table = table.sort_values(
        [*keys, "count", "theme"], ascending=[*([True] * len(keys)), False, True]
    )
    columns = [*keys, "theme", "count", "share", "respondents"]
    return table[columns].reset_index(drop=True).astype({"count": "int64", "respondents": "int64"})


def challenge_solution_matrix(segments: pd.DataFrame) -> pd.DataFrame:
    """How often a respondent's n-th solution theme in an area answers their n-th challenge theme
    there (the form pairs them line by line): rows area, challenge, solution, pairs."""
    needed = {"rank"}
    if not needed <= set(segments.columns):
        raise InputError(
            "the matrix needs each segment's rank (its line on the form)", column="rank"
        )
    coded = segments.dropna(subset=["theme"])
    keys = ["respondent", "area", "rank"]
    challenges = coded[coded["kind"] == "challenge"][[*keys, "theme"]]
    solutions = coded[coded["kind"] == "solution"][[*keys, "theme"]]
    pairs = challenges.merge(solutions, on=keys, suffixes=("_challenge", "_solution"))
    matrix = (
        pairs.groupby(["area", "theme_challenge", "theme_solution"])
        .size()
        .reset_index(name="pairs")
    )
    return matrix.rename(columns={"theme_challenge": "challenge", "theme_solution": "solution"})


def read_segments(path: str | Path) -> pd.DataFrame:
    """A coded-segments file (CSV/XLSX, columns respondent, sector, area, kind, segment, theme;
    theme may be empty for a segment not coded yet), checked cell by cell, all or nothing."""
    from kargah.coding._files import read_columns
    from kargah.tables import is_blank
    from kargah.text import normalise

    frame, problems = read_columns(
        path, SEGMENT_COLUMNS, required=("respondent", "area", "kind", "segment")
    )
    for row_number, row in frame.iterrows():
        kind = "" if is_blank(row["kind"]) else normalise(row["kind"])
        if kind and kind not in KINDS:
            problems.append(
                InputError(
                    f"kind must be challenge or solution, not '{row['kind']}'",
                    file=path, row=int(row_number), column="kind",
                )
            )  # fmt: skip
    if problems:
        raise InputError(f"{len(problems)} bad cell(s)", file=path, problems=problems)
    out = pd.DataFrame({c: _unify(frame[c]) for c in SEGMENT_COLUMNS})
    out["kind"] = out["kind"].map(normalise)
    duplicated = out.duplicated(subset=["area", "kind", "segment", "theme"], keep=False)
    if duplicated.any():
        first = int(frame.index[duplicated.to_numpy()][0])
        raise InputError(
            "the same segment is counted twice for one theme",
            file=path,
            row=first,
            column="segment",
        )
    return out


def frequency_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frequency table as JSON-ready records (``kargah coding frequencies --json``)."""
    table = theme_frequencies(frame)
    return [
        {
            "area": r.area,
            "kind": r.kind,
            "theme": r.theme,
            "count": int(r.count),
            "share": float(r.share),
            "respondents": int(r.respondents),
        }
        for r in table.itertuples()
    ]


def _unify(column: pd.Series) -> pd.Series:
    """Cells that normalise alike ("بانكي" / "بانکی", "۱" / "1") become the first spelling met."""
    from kargah.tables import is_blank
    from kargah.text import normalise

    first: dict[str, str] = {}
    values: list[str | None] = []
    for value in column:
        if is_blank(value):
            values.append(None)
            continue
        text = str(value).strip()
        values.append(first.setdefault(normalise(text), text))
    return pd.Series(values, index=column.index, dtype="object")
