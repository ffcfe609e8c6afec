"""Big tables on a terminal: a short summary instead of a table squeezed into one-character
columns, and a small table split into blocks of columns that each fit the terminal's width."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kargah.cli._common import fmt, out

if TYPE_CHECKING:
    import pandas as pd
    from rich.table import Table

#: More rows than this are not shown on the terminal: they go to a file (-o) or JSON (--json).
ROWS_SHOWN = 40
#: Size classes named in a summary before "…".
CLASSES_NAMED = 8


def summarise(
    frame: pd.DataFrame,
    title: str,
    groups: Sequence[str],
    *,
    extra: dict[str, str] | None = None,
) -> None:
    """A few lines about a table: its rows, groups, size classes and definitions."""
    from rich.table import Table

    lines = Table.grid(padding=(0, 2))
    lines.add_column(style="dim")
    lines.add_column(overflow="fold")  # a long path breaks across lines, not cut to "…"
    lines.add_row("rows", f"{len(frame):,}")
    if groups:
        count = len(frame[list(groups)].drop_duplicates())
        lines.add_row("groups", f"{count:,} ({' × '.join(groups)})")
    if "size_class" in frame.columns:
        lines.add_row("size classes", _names(frame["size_class"]))
    if "definition" in frame.columns:
        lines.add_row("definitions", ", ".join(dict.fromkeys(frame["definition"])))
    for name, value in (extra or {}).items():
        lines.add_row(name, value)
    out.print(f"[bold]{title}[/]", highlight=False)
    out.print(lines, highlight=False)


def show_fitting(frame: pd.DataFrame, title: str, keys: Sequence[str]) -> bool:
    """Show a table of at most :data:`ROWS_SHOWN` rows, its columns in blocks as wide as the
    terminal, each repeating the ``keys`` and the size class; for a longer table, nothing
    (False)."""
    if len(frame) > ROWS_SHOWN:
        return False
    keys = [k for k in [*keys, "size_class"] if k in frame.columns]
    blocks: list[list[str]] = [[]]
    for column in (c for c in frame.columns if c not in keys):
        block = [*blocks[-1], column]
        if blocks[-1] and _width(_table(frame, [*keys, *block], title)) > out.width:
            blocks.append([column])
        else:
            blocks[-1] = block
    for number, block in enumerate(blocks):
        out.print(_table(frame, [*keys, *block], title if number == 0 else ""))
    return True


def written(output: Path, sheets: Sequence[str]) -> str:
    """Where the tables went: a workbook holds every sheet; a CSV or Parquet file the first."""
    if output.suffix.lower() == ".xlsx":
        return f"{output} (sheets: {', '.join(sheets)})"
    rest = list(sheets[1:])
    note = f"; {', '.join(rest)}: only in an .xlsx" if rest else ""
    return f"{output} ({sheets[0]}{note})"


def _names(values: pd.Series) -> str:
    names = sorted(map(str, values.dropna().unique()))
    shown = ", ".join(names[:CLASSES_NAMED])
    return shown + (f", … ({len(names)} in all)" if len(names) > CLASSES_NAMED else "")


def _table(frame: pd.DataFrame, columns: list[str], title: str) -> Table:
    from rich.table import Table

    table = Table(title=title or None, title_justify="left")
    for column in columns:
        numeric = frame[column].dtype.kind in "fiu"
        table.add_column(str(column), justify="right" if numeric else "left", no_wrap=True)
    for row in frame[columns].itertuples(index=False):
        table.add_row(*(fmt(name, value) for name, value in zip(columns, row, strict=True)))
    return table


def _width(table: Table) -> int:
    """The table's natural width (a measurement is capped at the terminal's unless told not)."""
    return out.measure(table, options=out.options.update_width(1_000_000)).maximum
