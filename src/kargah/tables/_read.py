"""Reading the files users bring into a :class:`Dataset`."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kargah.errors import InputError
from kargah.tables._cells import is_jalali, is_total_label, valid_year
from kargah.tables._clean import clean
from kargah.tables._columns import MEASURES, STANDARD_COLUMNS, import_key, resolve
from kargah.tables._dataset import Dataset, Kind
from kargah.tables._encoding import decode, detect
from kargah.tables._limits import (
    MAX_COLUMNS,
    check_dimension,
    check_zip,
    max_rows,
    too_many_rows,
)
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
    other than the first; ``con``: the Ibis backend to read into (DuckDB unless given; on a
    PySpark one, ``path`` may also be a folder of Parquet or CSV files or a cluster URL).
    """
    import ibis

    if getattr(con, "name", None) == "pyspark":
        from kargah.tables._spark import read_spark

        return read_spark(
            path, mapping=mapping, set_values=set_values, branch_system=branch_system, con=con
        )
    path = _readable(path)
    mapping, constants = dict(mapping or {}), dict(set_values or {})
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


def read_cells(
    path: str | Path, sheet: str | None = None, *, encoding: str | None = None
) -> pd.DataFrame:
    """The file's cells as given (text from CSV, values from XLSX and Parquet), indexed by the
    row number a user sees (header = row 1; Parquet: the record number), for parts that check
    their own columns (the registry's import). ``encoding``: a CSV's, when its user knows it
    (otherwise found from its bytes). A header given twice is read once under its name, then as
    ``name.1`` … (also one spelt differently but matched alike by imports: ``Employees``,
    ``employees``); files past the limits of ``KARGAH_MAX_ROWS`` and (XLSX)
    ``KARGAH_MAX_UNPACKED_MB`` are refused before they are loaded."""

    path = _readable(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame = _parquet(path)
    elif suffix in {".xlsx", ".xlsm"}:
        frame = _xlsx(path, sheet)
    else:
        frame = _csv(path, encoding)
    if frame.columns.empty:
        raise InputError("the file is empty", file=path)
    if frame.empty:
        raise InputError("the file has a header but no rows", file=path)
    if suffix != ".parquet":
        frame = _unescaped(frame)
    frame.columns = _unique([str(c) for c in frame.columns])
    if len(frame) > max_rows():
        raise too_many_rows(path, f"more than {max_rows():,}")
    return frame


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


def recode(path: str | Path, encoding: str) -> None:
    """Rewrite a CSV file in UTF-8 from ``encoding``, the one its user chose, so that every
    later reading agrees; an InputError names the encoding when the bytes are not in it.
    Other kinds of file are left as they are."""
    path = _readable(path)
    if path.suffix.lower() in {".csv", ".tsv", ".txt"}:
        text, _ = decode(path.read_bytes(), path, encoding)
        path.write_text(text, encoding="utf-8")


def file_encoding(path: str | Path) -> str | None:
    """The encoding a CSV file is read in (detected from its bytes); None for other files."""
    path = Path(path)
    if path.suffix.lower() not in {".csv", ".tsv", ".txt"} or not path.is_file():
        return None
    return detect(path.read_bytes())


def headers(path: str | Path, sheet: str | None = None) -> list[str]:
    """The header row as the file spells it, duplicates and all."""
    path = _readable(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    if suffix in {".xlsx", ".xlsm"}:
        with _sheet(path, sheet) as rows:
            first = next(rows, ())
        return [str(h).strip() if h is not None else "" for h in first]
    text, _ = decode(path.read_bytes(), path)
    lines = text.splitlines()
    if not lines:
        return []
    return next(csv.reader([lines[0]], delimiter=_delimiter(lines[0])), [])


def _readable(path: str | Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", file=path)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"cannot read '{path.suffix}' files; use CSV, XLSX or Parquet", file=path)
    return path


def _delimiter(first: str) -> str:
    return max(",;\t|", key=first.count)


def _parquet(path: Path) -> pd.DataFrame:
    import pandas as pd
    import pyarrow.parquet as pq

    try:
        rows = pq.ParquetFile(path).metadata.num_rows
    except Exception as error:  # pyarrow raises several kinds for a file that is not Parquet
        raise InputError(f"not a readable Parquet file ({error})", file=path) from None
    if rows > max_rows():
        raise too_many_rows(path, rows)
    frame = pd.read_parquet(path)
    frame.index = pd.RangeIndex(1, len(frame) + 1)  # records, no header row
    return frame


def _csv(path: Path, encoding: str | None) -> pd.DataFrame:
    import io

    import pandas as pd

    data = path.read_bytes()
    if not data.strip():
        raise InputError("the file is empty", file=path)
    text, _ = decode(data, path, encoding)
    lines = text.splitlines()
    if not lines:
        raise InputError("the file is empty", file=path)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=_delimiter(lines[0]),
            dtype=str,
            keep_default_na=False,
            quoting=csv.QUOTE_MINIMAL,
            skip_blank_lines=True,
            nrows=max_rows() + 1,  # one past the limit: enough to know it is passed
        )
    except pd.errors.ParserError as error:
        raise InputError(f"not a well-formed table: {error}", file=path) from None
    except pd.errors.EmptyDataError:
        raise InputError("the file is empty", file=path) from None
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame


@contextmanager
def _sheet(path: Path, sheet: str | None) -> Iterator[Iterator[tuple[Any, ...]]]:
    """The rows of a sheet, read lazily, once the workbook has passed the size limits."""
    from openpyxl import load_workbook

    check_zip(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(f"not a readable XLSX workbook ({error})", file=path) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError(
                f"no sheet '{sheet}'; the workbook has {', '.join(book.sheetnames)}", file=path
            )
        page = book[sheet] if sheet else book.worksheets[0]
        check_dimension(path, page.max_row, page.max_column)
        # Read past a false dimension (openpyxl would stop at its last row without a word) and
        # pad no row to a declared width: each row is as wide as its last cell.
        page.reset_dimensions()
        yield page.iter_rows(values_only=True)
    finally:
        book.close()


def _xlsx(path: Path, sheet: str | None) -> pd.DataFrame:
    import pandas as pd

    limit = max_rows()
    body: dict[int, tuple[Any, ...]] = {}
    with _sheet(path, sheet) as rows:
        first = next(rows, None)
        if first is None:
            return pd.DataFrame()
        for number, row in enumerate(chain([first], rows), start=1):
            if len(row) > MAX_COLUMNS:  # a sheet without a declared dimension
                check_dimension(path, None, len(row))
            if number == 1:
                continue
            if any(cell not in (None, "") for cell in row):
                body[number] = row
                if len(body) > limit:  # stop reading: the rest would only be refused
                    break
    names = [str(h).strip() if h is not None else f"column {i + 1}" for i, h in enumerate(first)]
    width = max([len(names), *(len(row) for row in body.values())])
    names += [f"column {i + 1}" for i in range(len(names), width)]
    padded = {number: row + (None,) * (width - len(row)) for number, row in body.items()}
    return pd.DataFrame.from_dict(padded, orient="index", columns=_unique(names))


def _unique(names: list[str]) -> list[str]:
    """``name``, ``name.1``, ``name.2`` … for a header given more than once, also when spelt
    differently but matched alike (``Employees``, ``employees``: :func:`import_key`), so that
    imports read the first and no column hides another (the others are told by
    :func:`column_notes`)."""
    seen: set[str] = set()
    out = []
    for name in names:
        new, number = name, 0
        while import_key(new) in seen:  # also past a "name.1" the file itself has
            number += 1
            new = f"{name}.{number}"
        seen.add(import_key(new))
        out.append(new)
    return out


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
