"""The PDF writer: WeasyPrint prints the HTML writer's document with its print rules (A4, a
contents page whose entries carry their page numbers, page numbers in the reader's digits)."""

from __future__ import annotations

from pathlib import Path

from kargah.reports._html import render
from kargah.reports._model import Report


def write_pdf(report: Report, path: str | Path) -> Path:
    """The report as a PDF."""
    from weasyprint import HTML

    path = Path(path)
    HTML(string=render(report, paper=True)).write_pdf(str(path))
    return path
