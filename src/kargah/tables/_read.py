"""Reading the files users bring into a :class:`Dataset`."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kargah.errors import InputError
from kargah.tables._cells import is_jalali, is_total_label, valid_year
from kargah.tables._clean import clean
from kargah.tables._columns import MEASURES, STANDARD_COLUMNS, resolve
from kargah.tables._dataset import Dataset, Kind
from kargah.tables._write import unescape_cell

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pandas as pd

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet")


def read_dataset(
    path: str | Path,
    *,
    mapping: Mapping[str, str] | None = None,
    set_values: Mapping[str, str] | None = None,
    branch_system: str | None = "isic4",
    con: Any = None,
    sheet: str | None = None,
) -> Dataset:
    """Read and check a whole file before anything is computed (all or nothing).

    ``mapping``: standard name → the file's header (``--map employees=Employment``);
    ``set_values``: standard name → a value for a column the file lacks (``--set year=2021``);
    ``branch_system``: how to check ``branch`` (None: not checked); ``sheet``: an XLSX sheet
    other than the first.
    """
    import ibis

    path = Path(path)
    mapping, constants = dict(mapping or {}), dict(set_values or {})
    if not path.is_file():
        raise InputError("no such file", file=path)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"cannot read '{path.suffix}' files; use CSV, XLSX or Parquet", file=path)
    con = con if con is not None else ibis.duckdb.connect()
    lazy = _typed_parquet(path, mapping, constants, con, branch_system)
    if lazy is not None:
        table, ignored = lazy
    else:
        raw = read_cells(path, sheet)
        columns, ignored = resolve(list(raw.columns), mapping, path, list(constants))
        frame = clean(raw, columns, constants, path, branch_system)
        # Through a memtable: ibis 12 with DuckDB 2 fails to register a DataFrame directly.
        table = con.create_table(f"kargah_{uuid.uuid4().hex}", ibis.memtable(frame), temp=True)
    return _dataset(table, path, con, tuple(ignored))


def read_cells(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """The file's cells as given (text from CSV, values from XLSX and Parquet), indexed by the
    row number a user sees (header = row 1; Parquet: the record number), for parts that check
    their own columns (the registry's import)."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", file=path)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"cannot read '{path.suffix}' files; use CSV, XLSX or Parquet", file=path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame = pd.read_parquet(path)
        frame.index = pd.RangeIndex(1, len(frame) + 1)  # records, no header row
    elif suffix in {".xlsx", ".xlsm"}:
        frame = _xlsx(path, sheet)
    else:
        frame = _csv(path)
    if frame.columns.empty:
        raise InputError("the file is empty", file=path)
    if frame.empty:
        raise InputError("the file has a header but no rows", file=path)
    return frame if suffix == ".parquet" else _unescaped(frame)


def _unescaped(frame: pd.DataFrame) -> pd.DataFrame:
    """Text Kargah escaped against formulas when it wrote the file, given back as it was."""
    frame.columns = [unescape_cell(c) for c in frame.columns]
    for column in frame.columns:
        try:
            quoted = frame[column].str.startswith("'", na=False)
        except AttributeError:  # no text in the column
            continue
        if quoted.any():
            frame.loc[quoted, column] = frame.loc[quoted, column].map(unescape_cell)
    return frame


def _csv(path: Path) -> pd.DataFrame:
    import csv
    import io

    import pandas as pd

    data = path.read_bytes()
    if not data.strip():
        raise InputError("the file is empty", file=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1256")  # older Persian Windows exports
    first = text.splitlines()[0]
    delimiter = max(",;\t|", key=first.count)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            quoting=csv.QUOTE_MINIMAL,
            skip_blank_lines=True,
        )
    except pd.errors.ParserError as error:
        raise InputError(f"not a well-formed table: {error}", file=path) from None
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame


def _xlsx(path: Path, sheet: str | None) -> pd.DataFrame:
    import pandas as pd
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(f"not a readable XLSX workbook ({error})", file=path) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError(
                f"no sheet '{sheet}'; the workbook has {', '.join(book.sheetnames)}", file=path
            )
        rows = list((book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True))
    finally:
        book.close()
    if not rows:
        return pd.DataFrame()
    headers = [
        str(h).strip() if h is not None else f"column {i + 1}" for i, h in enumerate(rows[0])
    ]
    pad = (None,) * len(headers)  # a sheet without its dimension gives rows cut at their last cell
    body = {
        number: (row + pad)[: len(headers)] if len(row) < len(headers) else row
        for number, row in enumerate(rows[1:], start=2)
        if any(cell not in (None, "") for cell in row)
    }
    return pd.DataFrame.from_dict(body, orient="index", columns=headers)


def _typed_parquet(
    path: Path, mapping: dict[str, str], constants: dict[str, str], con: Any, system: str | None
) -> tuple[ir.Table, list[str]] | None:
    """Parquet whose columns already have the right types is read by DuckDB directly, never
    through pandas: large microdata stays out of Python. None → use the cleaning path (which
    also reports the rows of any problem found here)."""
    if path.suffix.lower() != ".parquet" or constants:
        return None
    import pyarrow.parquet as pq
    import pyarrow.types as pat

    schema = pq.read_schema(path)
    columns, ignored = resolve(schema.names, mapping, path, [])
    for name, header in columns.items():
        kind, typ = STANDARD_COLUMNS[name], schema.field(header).type
        fits = (
            pat.is_integer(typ)
            if name == "year"
            else pat.is_integer(typ) or pat.is_floating(typ)
            if kind == "float64"
            else pat.is_string(typ) or pat.is_large_string(typ) or pat.is_integer(typ)
        )
        if not fits:
            return None
    source = con.read_parquet(path)
    table = source.select(
        **{name: source[header].cast(STANDARD_COLUMNS[name]) for name, header in columns.items()}
    )
    return (table, ignored) if _typed_values_ok(table, path, columns, system) else None


def _typed_values_ok(
    table: ir.Table, path: Path, columns: dict[str, str], system: str | None
) -> bool:
    """Negatives, empty years and years out of range, from the Parquet statistics (min, max and
    null count of each row group) where the file has them, so that a clean file costs no pass
    over its data; only the branch codes, which statistics cannot list, are read (one column)."""
    import pyarrow.parquet as pq

    metadata = pq.ParquetFile(path).metadata
    for name, header in columns.items():
        if name != "year" and name not in MEASURES:
            continue
        low, high, nulls = _column_stats(metadata, header)
        if low is None or high is None:  # no statistics: read the column after all
            values = table.aggregate(
                lo=table[name].min(), hi=table[name].max(), n=table[name].isnull().sum()
            )
            low, high, nulls = values.to_pyarrow().to_pylist()[0].values()
        if name == "year":
            if nulls or low is None or not (valid_year(low) and valid_year(high)):
                return False
            if is_jalali(low) != is_jalali(high):  # mixed calendars: check every year
                years = table.select("year").distinct().to_pyarrow().column(0).to_pylist()
                if not all(valid_year(y) for y in years):
                    return False
        elif low is not None and low < 0:
            return False
    if "branch" in table.columns and system is not None:
        from kargah.branches import is_valid

        codes = table.select("branch").distinct().to_pyarrow().column(0).to_pylist()
        if not all(c is None or is_total_label(c) or is_valid(c, system) for c in codes):
            return False
    return True


def _column_stats(metadata: Any, header: str) -> tuple[Any, Any, int]:
    """Min, max and null count of one column over all row groups; (None, None, 0) when any row
    group lacks statistics."""
    schema = metadata.schema.names
    if header not in schema:
        return None, None, 0
    index = schema.index(header)
    low = high = None
    nulls = 0
    for group in range(metadata.num_row_groups):
        stats = metadata.row_group(group).column(index).statistics
        if stats is None or not stats.has_min_max:
            return None, None, 0
        low = stats.min if low is None else min(low, stats.min)
        high = stats.max if high is None else max(high, stats.max)
        nulls += stats.null_count or 0
    return low, high, nulls


def _dataset(table: ir.Table, path: Path, con: Any, ignored: tuple[str, ...]) -> Dataset:
    import ibis

    measures = tuple(m for m in MEASURES if m in table.columns)
    kind: Kind = (
        "bands" if "size_band" in table.columns else
        "classes" if "size_class" in table.columns else "microdata"
    )  # fmt: skip
    if not measures and kind != "microdata":
        raise InputError(
            "no measure columns: expected some of "
            + ", ".join(MEASURES)
            + " (map them with --map)",
            file=path,
        )
    if kind == "microdata":
        if not measures:
            raise InputError(
                "one row per workshop needs at least one of "
                + ", ".join(MEASURES[1:])
                + "; or a size_band / size_class column for a table of sizes",
                file=path,
            )
    size_flag, branch_flag = (
        _total_flag(table, ("size_band", "size_class")),
        _total_flag(table, ("branch",)),
    )
    if size_flag is None and branch_flag is None:
        return Dataset(table, None, kind, path, measures, con, ignored)
    size_flag = size_flag if size_flag is not None else ibis.literal(False)
    branch_flag = branch_flag if branch_flag is not None else ibis.literal(False)
    total_of = ibis.cases((size_flag & branch_flag, "both"), (size_flag, "size"), else_="branch")
    totals = table.filter(size_flag | branch_flag).mutate(total_of=total_of)
    detail = table.filter(~(size_flag | branch_flag))
    return Dataset(detail, totals, kind, path, measures, con, ignored)


def _total_flag(table: ir.Table, columns: tuple[str, ...]) -> Any:
    """A boolean expression true on total rows; found from the distinct labels, which are few."""
    flag = None
    for column in columns:
        if column not in table.columns:
            continue
        labels = table.select(column).distinct().to_pyarrow().column(0).to_pylist()
        totals = [label for label in labels if is_total_label(label)]
        if totals:
            this = table[column].isin(totals).fill_null(False)
            flag = this if flag is None else flag | this
    return flag
