"""The XLSX writer: every table of the report a sheet, named by its number and caption, with the
same headings (text cells escaped against formulas by :func:`kargah.tables.write_workbook`).
Cells that are plain numbers as the report writes them (۱۲٬۳۴۵, 1,234.5) become numbers again,
so a spreadsheet can sum them; percentages and other text stay as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kargah.reports._model import Report

NUMBER = re.compile(r"-?\d+(\.\d+)?")
PLAIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٫−", "0123456789.-", "٬,")


def write_xlsx(report: Report, path: str | Path) -> Path:
    """The report's tables as a workbook, one sheet each, in the report's order."""
    from kargah.tables import write_workbook

    sheets = {
        f"{report.digits(n)} {table.caption}"[:31].strip(): (
            table.columns,
            [[_value(cell) for cell in row] for row in table.rows],
        )
        for n, table in report.tables()
    }
    return write_workbook(sheets, path)


def _value(cell: Any) -> Any:
    if not isinstance(cell, str):
        return cell
    plain = cell.strip().translate(PLAIN)
    if NUMBER.fullmatch(plain):
        return float(plain) if "." in plain else int(plain)
    return cell
