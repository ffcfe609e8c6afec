"""``kargah.reports``: documents made of what the other parts compute — a neutral model (a
:class:`Report` of :class:`Section` s holding paragraphs, numbered :class:`Table` s and
:class:`Figure` s, and notes) and three writers from it: a standalone HTML file (charts inlined as
SVG, fonts embedded), a PDF (WeasyPrint, from the same HTML with print rules: contents page, page
numbers, right to left in Persian) and an XLSX workbook (every table a sheet)."""

from kargah.reports._html import write_html
from kargah.reports._model import Block, Figure, Report, Section, Table
from kargah.reports._pdf import write_pdf
from kargah.reports._write import FORMATS, write_report
from kargah.reports._xlsx import write_xlsx

__all__ = [
    "FORMATS",
    "Block",
    "Figure",
    "Report",
    "Section",
    "Table",
    "write_html",
    "write_pdf",
    "write_report",
    "write_xlsx",
]
