"""Writing results: CSV (UTF-8 with a byte-order mark, so Excel shows Persian), XLSX (one sheet
per table, right-to-left where the content is Persian) or Parquet, chosen by the extension.

Every text cell that leaves Kargah in a spreadsheet passes :func:`escape_cell`, so a name typed
as ``=HYPERLINK(…)`` stays text in Excel and LibreOffice (formula injection); XLSX is written in
openpyxl's write-only mode, row by row, so a large table never sits in memory as cells."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kargah.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

_PERSIAN = re.compile(r"[\u0600-\u06FF]")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
#: What spreadsheets read as the start of a formula (OWASP: = + - @, tab, carriage return, and
#: line feed, which XLSX makes of a carriage return), after any quotes already escaping it, so
#: that escaping can be undone exactly.
_FORMULA = re.compile(r"'*[=+\-@\t\r\n]")
#: Rows looked at to fit column widths and to tell a Persian sheet.
_SAMPLE = 200


def escape_cell(value: Any) -> Any:
    """A text cell a spreadsheet would take for a formula, with a ``'`` put before it; numbers and
    every other value unchanged. :func:`unescape_cell` undoes it exactly.

    >>> escape_cell('=HYPERLINK("http://x","Open")')
    '\\'=HYPERLINK("http://x","Open")'
    >>> escape_cell(-5), escape_cell("Rasht")
    (-5, 'Rasht')
    """
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def unescape_cell(value: Any) -> Any:
    """The text :func:`escape_cell` was given back (reading a file Kargah wrote), so an export
    imported again is unchanged."""
    if isinstance(value, str) and value[:1] == "'" and _FORMULA.match(value, 1):
        return value[1:]
    return value


def _frame(table: Any) -> pd.DataFrame:
    return table if hasattr(table, "iloc") else table.to_pandas()


def _rows(table: Any) -> tuple[list[str], Iterable[Sequence[Any]]]:
    """Header and rows of a table, a DataFrame, or a ``(columns, rows)`` pair whose rows may be
    a generator (a database cursor), read once."""
    if isinstance(table, tuple):
        columns, rows = table
        return [str(c) for c in columns], rows
    frame = _frame(table)
    return [str(c) for c in frame.columns], frame.itertuples(index=False, name=None)


def write_table(table: Any, path: str | Path) -> Path:
    """An Ibis table, pandas DataFrame or ``(columns, rows)`` pair to CSV, XLSX or Parquet, by
    the extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return write_workbook({path.stem: table}, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as out:
            out.writelines(csv_lines(*_rows(table)))
    elif suffix == ".parquet":
        import pandas as pd

        if isinstance(table, tuple):
            table = pd.DataFrame(list(table[1]), columns=list(table[0]))
        _frame(table).to_parquet(path, index=False)
    else:
        raise InputError(f"cannot write '{suffix}' files; use .csv, .xlsx or .parquet", file=path)
    return path


def csv_lines(columns: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV text line by line (a byte-order mark first), every cell through :func:`escape_cell`:
    for writing a file or streaming a download without holding the table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # "\r\n" ends rows, so a "\r" in a cell is quoted
    writer.writerow([escape_cell(str(c)) for c in columns])
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(["" if (v := _cell(value)) is None else v for value in row])
        yield buffer.getvalue()


def write_workbook(tables: Mapping[str, Any], path: str | Path) -> Path:
    """Several tables (Ibis, DataFrame or ``(columns, rows)``) as the sheets of one workbook:
    bold frozen header, widths to fit, written row by row (openpyxl's write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, table in tables.items():
        columns, rows = _rows(table)
        rows = iter(rows)
        sample = [[_cell(v) for v in row] for row in islice(rows, _SAMPLE)]
        sheet = book.create_sheet(_SHEET_UNSAFE.sub("_", str(name))[:31] or "sheet")
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns):
            cells = (r[index] for r in sample if len(r) > index)  # a note row may be short
            width = max([len(column), *(len(str(v)) for v in cells if v is not None)])
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, 8), 60)
        text = " ".join(columns) + " ".join(str(v) for r in sample[:50] for v in r)
        sheet.sheet_view.rightToLeft = bool(_PERSIAN.search(text))
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=escape_cell(column))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in chain(sample, ([_cell(v) for v in row] for row in rows)):
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _cell(value: Any) -> Any:
    """Numbers stay numbers; NaN and NA become empty cells; numpy scalars become Python ones;
    text is escaped against formulas."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    if value.__class__.__name__ in {"NAType", "NaTType"}:
        return None
    return escape_cell(value)
