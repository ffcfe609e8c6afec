"""The document model: what a report says, with no idea yet of HTML, PDF or a workbook."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kargah.errors import OptionError
from kargah.text import persian_digits

#: The reader's words the writers add themselves (the gatherer writes everything else).
WORDS = {
    "fa": {"table": "جدول", "figure": "نمودار", "contents": "فهرست", "source": "منبع",
           "page": "صفحه", "made": "تهیه‌شده در", "notes": "یادداشت‌ها"},
    "en": {"table": "Table", "figure": "Figure", "contents": "Contents", "source": "Source",
           "page": "Page", "made": "Made on", "notes": "Notes"},
}  # fmt: skip
PERSIAN_NUMBER = str.maketrans("0123456789,.", "۰۱۲۳۴۵۶۷۸۹٬٫")


@dataclass
class Table:
    """A numbered table: ``columns`` headings and ``rows`` of cells (display text or numbers)."""

    caption: str
    columns: list[str]
    rows: list[list[Any]]
    source: str = ""


@dataclass
class Figure:
    """A numbered figure: a Vega-Lite spec (the site's own) drawn offline, with its caption.
    ``table``, if given, is the same data, numbered as a table after the figure."""

    caption: str
    spec: dict[str, Any]
    source: str = ""
    table: Table | None = None


Block = str | Table | Figure


@dataclass
class Section:
    """A titled section: paragraphs (plain text), tables and figures in reading order."""

    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    """The whole document. ``lang`` is ``fa`` (right to left, Persian digits) or ``en``;
    ``notes`` stand on the title page (the data's sources, the synthetic-data label)."""

    title: str
    lang: str
    sections: list[Section] = field(default_factory=list)
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)
    made: datetime = field(default_factory=datetime.now)
    #: d3-format's number locale for the charts (Persian digits and separators), or None
    number_locale: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.lang not in WORDS:
            raise OptionError(f"language must be fa or en, not {self.lang!r}")

    def word(self, key: str) -> str:
        return WORDS[self.lang][key]

    def digits(self, value: object) -> str:
        """A number (or text with digits) in the reader's digits."""
        text = str(value)
        return persian_digits(text) if self.lang == "fa" else text

    def number(self, value: float) -> str:
        """A number with thousands separators, in the reader's digits and signs (۱۲٬۳۴۵٫۶)."""
        text = f"{value:,}"
        return text.translate(PERSIAN_NUMBER) if self.lang == "fa" else text

    def tables(self) -> Iterator[tuple[int, Table]]:
        """Every table, numbered in reading order (a figure's own table right after it)."""
        number = 0
        for section in self.sections:
            for block in section.blocks:
                table = block.table if isinstance(block, Figure) else block
                if isinstance(table, Table):
                    number += 1
                    yield number, table

    def date_line(self) -> str:
        """When it was made: in Persian the Jalali date beside the Gregorian one."""
        day = self.made.date()
        if self.lang != "fa":
            return f"{self.word('made')} {day.isoformat()}"
        from persiantools.jdatetime import JalaliDate

        jalali = JalaliDate(day).strftime("%Y/%m/%d")
        return self.digits(f"{self.word('made')} {jalali} ({day.isoformat()})")
