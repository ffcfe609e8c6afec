"""The XLSX writer: every table of the report a sheet, named by its number and caption, with the
same headings (text cells escaped against formulas by :func:`kargah.tables.write_workbook`)."""

from __future__ import annotations

from pathlib import Path

from kargah.reports._model import Report


def write_xlsx(report: Report, path: str | Path) -> Path:
    """The report's tables as a workbook, one sheet each, in the report's order."""
    from kargah.tables import write_workbook

    sheets = {
        f"{report.digits(n)} {table.caption}"[:31].strip(): (table.columns, table.rows)
        for n, table in report.tables()
    }
    return write_workbook(sheets, path)
