"""``kargah.tables``: reading the files users bring (CSV, XLSX, Parquet) into an Ibis table with
standard columns, checked cell by cell, total rows set apart; and writing results back."""

from kargah.tables._cells import (
    JALALI_BELOW,
    JALALI_OFFSET,
    is_blank,
    is_jalali,
    is_total_label,
    parse_number,
    to_gregorian,
    to_jalali,
)
from kargah.tables._columns import STANDARD_COLUMNS, ColumnNote, column_notes
from kargah.tables._dataset import Dataset
from kargah.tables._encoding import ENCODINGS
from kargah.tables._read import read_cells, read_dataset, recode
from kargah.tables._spark import spark_connection
from kargah.tables._totals import TotalMismatch, check_totals
from kargah.tables._write import (
    csv_lines,
    escape_cell,
    unescape_cell,
    write_table,
    write_workbook,
)

__all__ = [
    "ENCODINGS",
    "JALALI_BELOW",
    "JALALI_OFFSET",
    "STANDARD_COLUMNS",
    "ColumnNote",
    "Dataset",
    "TotalMismatch",
    "check_totals",
    "column_notes",
    "csv_lines",
    "escape_cell",
    "is_blank",
    "is_jalali",
    "is_total_label",
    "parse_number",
    "read_cells",
    "read_dataset",
    "recode",
    "spark_connection",
    "to_gregorian",
    "to_jalali",
    "unescape_cell",
    "write_table",
    "write_workbook",
]
