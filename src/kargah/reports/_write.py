"""One entry for the three writers, by format name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kargah.errors import OptionError
from kargah.reports._html import write_html
from kargah.reports._model import Report
from kargah.reports._pdf import write_pdf
from kargah.reports._xlsx import write_xlsx

WRITERS: dict[str, Callable[[Report, str | Path], Path]] = {
    "pdf": write_pdf,
    "html": write_html,
    "xlsx": write_xlsx,
}
#: The formats a report is written in.
FORMATS = tuple(WRITERS)


def write_report(report: Report, path: str | Path, fmt: str) -> Path:
    """Write ``report`` to ``path`` as ``fmt`` (pdf, html or xlsx)."""
    if fmt not in WRITERS:
        raise OptionError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return WRITERS[fmt](report, path)
