"""Writing results: CSV (UTF-8 with a byte-order mark, so Excel shows Persian), XLSX (one sheet
per table, right-to-left where the content is Persian) or Parquet, chosen by the extension."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kargah.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

_PERSIAN = re.compile(r"[\u0600-\u06FF]")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def _frame(table: Any) -> pd.DataFrame:
    return table if hasattr(table, "iloc") else table.to_pandas()


def write_table(table: Any, path: str | Path) -> Path:
    """An Ibis table or pandas DataFrame to CSV, XLSX or Parquet, by the extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return write_workbook({path.stem: table}, path)
    frame = _frame(table)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        frame.to_csv(path, index=False, encoding="utf-8-sig")
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        raise InputError(f"cannot write '{suffix}' files; use .csv, .xlsx or .parquet", file=path)
    return path


def write_workbook(tables: Mapping[str, Any], path: str | Path) -> Path:
    """Several tables as the sheets of one workbook: bold frozen header, widths to fit."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, table in tables.items():
        frame = _frame(table)
        sheet = book.create_sheet(_SHEET_UNSAFE.sub("_", str(name))[:31] or "sheet")
        sheet.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, start=1):
            width = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
        sample = " ".join(map(str, frame.columns)) + " ".join(
            str(v) for v in frame.head(50).to_numpy().ravel()
        )
        sheet.sheet_view.rightToLeft = bool(_PERSIAN.search(sample))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _cell(value: Any) -> Any:
    """Numbers stay numbers; NaN and NA become empty cells; numpy scalars become Python ones."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    if value.__class__.__name__ in {"NAType", "NaTType"}:
        return None
    return value
