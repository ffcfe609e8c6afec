"""What every ``kargah`` command shares: input options, reading with progress, showing tables,
and turning a user's error into a one-line message instead of a traceback."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

if TYPE_CHECKING:
    import pandas as pd

    from kargah.tables import Dataset, TotalMismatch

console = Console(stderr=True)
out = Console()
T = TypeVar("T")

MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        help="standard=source_column, e.g. --map employees=Employment (repeatable).",
        metavar="STD=COL",
    ),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="standard=value for a column the file lacks, e.g. --set year=2021.",
        metavar="STD=VALUE",
    ),
]
BranchSystemOption = Annotated[
    str,
    typer.Option(
        "--branch-system",
        help="Branch classification: isic4 (default), isic3, isic2, naics, nace, none.",
    ),
]
InputArgument = Annotated[
    Path, typer.Argument(help="CSV, XLSX or Parquet file.", exists=True, dir_okay=False)
]


def pairs(values: list[str] | None, option: str) -> dict[str, str]:
    """``["a=b", …]`` → ``{"a": "b"}``, with a clear message for a value without '='."""
    result: dict[str, str] = {}
    for value in values or []:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"'{value}' is not STD=VALUE", param_hint=option)
        result[key.strip()] = rest.strip()
    return result


def split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


@contextmanager
def user_errors() -> Iterator[None]:
    """Print a KargahError (bad input, bad definition) in red and exit with status 2."""
    from kargah.errors import KargahError

    try:
        yield
    except KargahError as error:
        console.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
        raise typer.Exit(2) from None


def step(message: str, work: Callable[[], T]) -> T:
    """Run one stage under a spinner, so anything over a second shows it is alive."""
    with console.status(message, spinner="dots"):
        return work()


def read(
    path: Path, mapping: list[str] | None, set_values: list[str] | None, branch_system: str
) -> Dataset:
    from kargah.tables import read_dataset

    system = None if branch_system.lower() in {"none", ""} else branch_system.lower()
    dataset = step(
        f"Reading {path.name}…",
        lambda: read_dataset(
            path,
            mapping=pairs(mapping, "--map"),
            set_values=pairs(set_values, "--set"),
            branch_system=system,
        ),
    )
    ignored = getattr(dataset, "ignored_columns", None)
    if ignored:
        console.print(f"[dim]ignored columns: {', '.join(map(str, ignored))}[/]")
    return dataset


#: Columns that hold years: printed without thousands separators.
YEAR_COLUMNS = frozenset({"year", "year_jalali", "year_gregorian", "start", "end"})


def show(frame: pd.DataFrame, title: str, *, limit: int = 40, shares: bool = False) -> None:
    """A DataFrame as a Rich table: numbers right-aligned, shares as percentages (every number,
    with ``shares=True``)."""
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    for column in frame.columns:
        numeric = frame[column].dtype.kind in "fiu"
        table.add_column(str(column), justify="right" if numeric else "left", overflow="fold")
    for row in frame.head(limit).itertuples(index=False):
        table.add_row(
            *(
                fmt("share" if shares and isinstance(value, float) else name, value)
                for name, value in zip(frame.columns, row, strict=True)
            )
        )
    out.print(table)
    if len(frame) > limit:
        out.print(f"[dim]… {len(frame) - limit} more rows (write them with -o FILE)[/]")


def fmt(name: object, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float):
        if str(name).startswith("share_") or str(name) == "share":
            return f"{value:.2%}"
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    if isinstance(value, int) and str(name) in YEAR_COLUMNS:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def print_json(records: Any) -> None:
    """JSON on stdout and nothing else, so it can be piped; NaN becomes null."""

    def clean(value: Any) -> Any:
        if isinstance(value, float) and math.isnan(value):
            return None
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        if hasattr(value, "item"):  # numpy scalars
            return clean(value.item())
        return value

    sys.stdout.write(json.dumps(clean(records), ensure_ascii=False, indent=2) + "\n")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [dict(zip(frame.columns, row, strict=True)) for row in frame.itertuples(index=False)]


def warn_totals(dataset: Dataset) -> list[TotalMismatch]:
    """Official tables often do not add up: say so, with both figures."""
    if dataset.totals is None:
        return []
    from kargah.tables import check_totals

    keys = [k for k in ("year", "region", "branch") if k in dataset.table.columns]
    mismatches = list(check_totals(dataset.table, dataset.totals, keys, list(dataset.measures)))
    for mismatch in mismatches[:10]:
        console.print(f"[yellow]totals do not add up:[/] {mismatch}", highlight=False)
    if len(mismatches) > 10:
        console.print(f"[yellow]… and {len(mismatches) - 10} more mismatches[/]")
    return mismatches
