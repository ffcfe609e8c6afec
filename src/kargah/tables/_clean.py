"""Cell-by-cell cleaning of a file that needs it (CSV, XLSX, text-typed Parquet): every bad cell
is collected with its row and column, and nothing is returned unless all of them are good."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from persiantools.characters import ar_to_fa

from kargah.errors import InputError
from kargah.tables._cells import is_total_label, parse_number, valid_year
from kargah.tables._columns import STANDARD_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

#: Report at most this many bad cells: enough to see the pattern, not a flood.
MAX_PROBLEMS = 100
_BAD = object()


def clean(
    raw: pd.DataFrame,
    columns: Mapping[str, str],
    constants: Mapping[str, str],
    path: Path,
    branch_system: str | None,
) -> pd.DataFrame:
    """``raw``: the file's cells, indexed by the row number a user sees; ``columns``: standard
    name → header. Returns the standard columns with their types, or raises one InputError
    listing every bad cell."""
    import pandas as pd

    problems: list[InputError] = []
    out: dict[str, pd.Series] = {}
    for name, header in columns.items():
        out[name] = _column(name, raw[header], header, path, problems)
    for name, text in constants.items():
        value = _column(name, pd.Series([text], index=[0]), f"--set {name}", path, problems)
        out[name] = pd.Series(value.iloc[0], index=raw.index, dtype=value.dtype)
    frame = pd.DataFrame(out, index=raw.index)
    if "branch" in frame and branch_system is not None and not problems:
        _check_branches(frame, columns.get("branch", "--set branch"), path, branch_system, problems)
    if problems:
        raise InputError(
            f"{len(problems)}{'+' if len(problems) >= MAX_PROBLEMS else ''} bad cell(s); "
            "nothing was read",
            file=path,
            problems=problems,
        )
    return frame


def _column(
    name: str, series: pd.Series, header: str, path: Path, problems: list[InputError]
) -> pd.Series:
    kind = STANDARD_COLUMNS[name]
    if kind == "string":
        return series.map(_text).astype("object")
    values = _numbers(series, header, path, problems)
    if name == "year":
        for row, value in values.items():
            if value != value:
                _report(problems, "the year is empty", path, row, header)
            elif not valid_year(value):
                _report(
                    problems,
                    f"'{series.loc[row]}' is not a year (Jalali 1200–1500 or Gregorian 1800–2200)",  # type: ignore[call-overload]
                    path,
                    row,
                    header,
                )
        return values.fillna(0).astype("int64")
    for row in values.index[values < 0]:
        _report(problems, f"'{series[row]}' is negative", path, row, header)
    return values.astype("float64")


def _numbers(series: pd.Series, header: str, path: Path, problems: list[InputError]) -> pd.Series:
    """Plain numbers in one vectorised pass; only the messy cells (separators, Persian digits,
    suppression flags) go through :func:`parse_number`, once per distinct text."""
    import pandas as pd

    values = pd.to_numeric(series, errors="coerce").astype("float64")
    messy = values.isna() & series.notna()
    if messy.any():
        parsed: dict[str, Any] = {}
        for text in series[messy].astype(str).unique():
            try:
                parsed[text] = parse_number(text)
            except ValueError:
                parsed[text] = _BAD
        for row, text in series[messy].astype(str).items():
            value = parsed[text]
            if value is _BAD:
                _report(problems, f"'{text}' is not a number", path, row, header)
            else:
                values.loc[row] = float("nan") if value is None else value  # type: ignore[call-overload]
    return values


def _text(value: object) -> str | None:
    """Keys as text: Arabic ي/ك as Persian ی/ک, so one county is one group; numbers from a
    spreadsheet without a trailing .0."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(ar_to_fa(str(value))).strip()
    return text or None


def _check_branches(
    frame: pd.DataFrame, header: str, path: Path, system: str, problems: list[InputError]
) -> None:
    from kargah.branches import canonical_code, is_valid

    codes = frame["branch"].map(lambda c: None if c is None else canonical_code(c))
    frame["branch"] = codes
    seen: dict[str, int] = {}
    for row, code in codes.items():
        if code is None or is_total_label(code) or is_valid(code, system):
            continue
        seen[code] = seen.get(code, 0) + 1
        if seen[code] > 3:  # the first few rows of each bad code are enough
            continue
        _report(problems, _branch_message(code, system), path, row, header)


def _branch_message(code: str, system: str) -> str:
    names = {"isic4": "ISIC Rev.4", "isic3": "ISIC Rev.3", "isic2": "ISIC Rev.2"}
    message = (
        f"'{code}' is not a{'n' if system[0] in 'in' else ''} {names.get(system, system)} code"
    )
    if code.isdigit() and len(code) in {1, 3}:
        message += (
            f" (did you mean '0{code}'? spreadsheets drop leading zeros: store codes as text)"
        )
    elif "-" in code or (code.isdigit() and len(code) in {5, 6}):
        message += "; if these are NAICS codes, add --branch-system naics"
    else:
        systems = "isic4, isic3, isic2, naics, nace, none"
        message += f"; name the classification with --branch-system ({systems})"
    return message


def _report(problems: list[InputError], message: str, path: Path, row: object, column: str) -> None:
    if len(problems) < MAX_PROBLEMS:
        number = int(row)  # type: ignore[call-overload]
        problems.append(
            InputError(message, file=path, row=number if number > 0 else None, column=column)
        )


__all__ = ["clean"]
