"""The report writers on a small document of their own: the same tables, figures and notes come
out as standalone HTML, as a PDF (contents, numbered captions, page numbers in the reader's
digits) and as a workbook of the tables."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kargah.errors import OptionError
from kargah.reports import Figure, Report, Section, Table, write_report
from kargah.reports._html import render

SPEC = {
    "data": {"values": [{"label": "بانک", "share": 0.19}, {"label": "بازار", "share": 0.154}]},
    "mark": "bar",
    "encoding": {
        "y": {"field": "label", "type": "nominal"},
        "x": {"field": "share", "type": "quantitative", "axis": {"format": "%"}},
    },
    "width": "container",
}


def sample(lang: str) -> Report:
    table = Table(
        "Shares", ["Theme", "Share", "Count"],
        [["بانک", "19.0%", "۱۲٬۳۴۵"], ["=1+1", 0.154, "1,234.5"]], "paper",
    )  # fmt: skip
    return Report(
        "Study" if lang == "en" else "مطالعه",
        lang,
        [
            Section("One", ["A paragraph of 12 words.", Figure("Themes", SPEC, "paper", table)]),
            Section("Two", [Table("More", ["A"], [["x"]])]),
        ],
        notes=["Synthetic data"],
    )


def test_html_is_one_file_with_charts_and_fonts(tmp_path: Path) -> None:
    page = write_report(sample("fa"), tmp_path / "r.html", "html").read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in page
    assert "<svg" in page and "@font-face" in page and "base64," in page
    assert 'src="http' not in page and 'href="http' not in page  # nothing fetched: offline
    assert "جدول ۱." in page and "نمودار ۱." in page and "جدول ۲." in page
    assert "Synthetic data" in page and "منبع: paper" in page
    assert "۱۴۰" in page  # the Jalali year beside the Gregorian date


def test_workbook_has_every_table_as_a_sheet(tmp_path: Path) -> None:
    book = load_workbook(write_report(sample("en"), tmp_path / "r.xlsx", "xlsx"))
    assert book.sheetnames == ["1 Shares", "2 More"]
    rows = list(book["1 Shares"].iter_rows(values_only=True))
    assert rows[0] == ("Theme", "Share", "Count")
    assert rows[2][0] != "=1+1" and "1+1" in rows[2][0]  # a formula is kept as text
    assert (rows[1][1:], rows[2][2]) == (("19.0%", 12345), 1234.5)  # numbers are numbers again


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_has_contents_captions_and_page_numbers(tmp_path: Path) -> None:
    path = write_report(sample("fa"), tmp_path / "r.pdf", "pdf")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    # pdftotext puts right-to-left lines in its own order: the words, not the phrase
    assert "فهرست" in text and "جدول" in text and "نمودار" in text
    assert "۰٫۱۵۴" in text  # a number cell in Persian digits and decimal sign
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 4  # cover, contents, two sections
    assert "۴" in pages[3]  # the page number, in Persian digits


def printed_pages(filler_mm: int) -> list[list[str]]:
    """Each page's words when a block ``filler_mm`` high stands before a short table."""
    from weasyprint import HTML

    table = Table("Shares", ["A", "B"], [["x", "y"]] * 3, "paper")
    page = render(Report("مطالعه", "fa", [Section("One", ["FILLER", table])]), paper=True)
    page = page.replace("<p>FILLER</p>", f'<div style="height:{filler_mm}mm"></div>')
    words: list[list[str]] = []
    for printed in HTML(string=page).render().pages:
        boxes, found = [printed._page_box], []
        while boxes:
            box = boxes.pop(0)
            found += [box.text] if getattr(box, "text", None) else []
            boxes[:0] = getattr(box, "children", None) or []
        words.append(found)
    return words


@pytest.mark.parametrize("filler_mm", [186, 210])
def test_pdf_keeps_a_tables_caption_and_source_with_it(filler_mm: int) -> None:
    # 210 mm left the caption alone at the foot of a page, 186 mm the source alone on the next.
    for words in printed_pages(filler_mm)[2:]:
        body = words[:-1]  # the page number last
        assert body[-1:] != ["جدول ۱. Shares"], words
        assert body[:1] != ["منبع: paper"], words


def test_unknown_language_or_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OptionError):
        Report("x", "de")
    with pytest.raises(OptionError, match="pdf, html, xlsx"):
        write_report(sample("en"), tmp_path / "r.doc", "doc")
