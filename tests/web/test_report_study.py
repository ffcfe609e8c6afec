"""The study report from the demo, as the issue's "Done when" reads it: `kargah report study`
on the database `kargah demo --check` prepares writes fa and en × PDF, HTML and XLSX; the PDFs'
text holds the paper's top-theme shares and the registry's workshop count; their pages, as
images, are not blank and the Persian one reads from the right; and on the site an analyst makes
the report with one click and downloads it (the job runs in `kargah serve`'s worker).

The demo database is built once for the module (a subprocess, as a user runs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils (pdftotext, pdftoppm) not installed"
)
#: The paper's top-theme shares (challenges of investment, production and marketing) and the
#: demo registry's size, in ASCII: the Persian text is read back through :func:`ascii_digits`.
SHARES = ("19.0%", "15.4%", "20.3%")
WORKSHOPS = "20,000"


def ascii_digits(text: str) -> str:
    return text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٫٬٪", "0123456789.,%"))


def environment(home: Path) -> dict[str, str]:
    env = {**os.environ, "KARGAH_HOME": str(home)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("KARGAH_DATABASE_URL", None)  # its own SQLite, never a shared server
    return env


def kargah(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kargah.cli", *args], env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("report") / "home"
    done = kargah(environment(home), "demo", "--check")
    assert done.returncode == 0, done.stderr
    return home


@pytest.fixture(scope="module")
def reports(demo_home: Path) -> dict[tuple[str, str], Path]:
    """Every language × format, written by the command."""
    made = {}
    for lang in ("fa", "en"):
        for fmt in ("pdf", "html", "xlsx"):
            path = demo_home.parent / f"study-{lang}.{fmt}"
            done = kargah(environment(demo_home), "report", "study", "--lang", lang,
                          "--format", fmt, "-o", str(path))  # fmt: skip
            assert done.returncode == 0, done.stderr
            made[lang, fmt] = path
    return made


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


@needs_poppler
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_pdf_text_holds_the_papers_shares_and_the_workshop_count(
    reports: dict[tuple[str, str], Path], lang: str
) -> None:
    text = pdf_text(reports[lang, "pdf"])
    if lang == "fa":  # Persian digits and signs in the Persian report, not ASCII ones
        assert "۱۹٫۰٪" in text and "۲۰٬۰۰۰" in text and "19.0%" not in text
    readable = ascii_digits(text)
    for share in (*SHARES, WORKSHOPS):
        assert share in readable, share
    assert ("Synthetic data" if lang == "en" else "مصنوعی") in text


def pages(path: Path, folder: Path, dpi: int = 30) -> list[Any]:
    from PIL import Image

    folder.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(path), str(folder / "p")],
                   check=True)  # fmt: skip
    return [Image.open(p) for p in sorted(folder.glob("p-*.png"))]


def ink(image: Any, box: tuple[int, int, int, int] | None = None) -> int:
    """Dark pixels (text, bars, rules) in ``box`` of a greyscale page."""
    part = (image.crop(box) if box else image).convert("L")
    return sum(part.histogram()[:128])


@needs_poppler
def test_pdf_pages_are_drawn_and_the_persian_one_reads_from_the_right(
    reports: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    pytest.importorskip("PIL")
    for lang in ("fa", "en"):
        drawn = pages(reports[lang, "pdf"], tmp_path / lang)
        assert len(drawn) >= 10
        assert all(ink(p) > 20 for p in drawn), f"{lang}: a blank page"  # more than a number
        # the cover: title, subtitle, date, notes — lines that start on the reader's side, so
        # that half holds more ink (a page of full-width tables would not tell)
        page = drawn[0]
        width, height = page.size
        left = ink(page, (0, 0, width // 2, height))
        right = ink(page, (width // 2, 0, width, height))
        if lang == "fa":
            assert right > 1.5 * left, (left, right)
        else:
            assert left > 1.5 * right, (left, right)
    listed = subprocess.run(["pdfimages", "-list", str(reports["fa", "pdf"])],
                            capture_output=True, text=True).stdout  # fmt: skip
    assert len(listed.splitlines()) - 2 >= 10  # the charts, drawn as images


def test_html_is_standalone_and_the_same_document(reports: dict[tuple[str, str], Path]) -> None:
    for lang in ("fa", "en"):
        page = reports[lang, "html"].read_text(encoding="utf-8")
        assert page.count("<svg") >= 10 and "@font-face" in page
        assert 'src="http' not in page and "<script" not in page
        readable = ascii_digits(page)
        assert all(share in readable for share in SHARES) and WORKSHOPS in readable
    assert 'dir="rtl"' in reports["fa", "html"].read_text(encoding="utf-8")


def test_the_html_report_fits_a_phone(reports: dict[tuple[str, str], Path], browser: Any) -> None:
    # The ranks table (five columns) pushed the Persian report 14 px past a 390-px phone.
    for lang in ("fa", "en"):
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(reports[lang, "html"].as_uri())
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390, lang
        page.close()


def test_the_verdicts_name_the_indicator_in_words(reports: dict[tuple[str, str], Path]) -> None:
    # The English verdict read "No clear difference in employees_per_capital … over branch".
    for lang in ("fa", "en"):
        page = reports[lang, "html"].read_text(encoding="utf-8")
        assert "employees_per_capital" not in page and "over branch" not in page, lang
    assert "employees per unit of capital between" in reports["en", "html"].read_text("utf-8")


def test_workbook_has_every_table_with_its_headings(reports: dict[tuple[str, str], Path]) -> None:
    import re

    html = reports["en", "html"].read_text(encoding="utf-8")
    captions = re.findall(r"<caption>Table (\d+)\. ", html)
    book = load_workbook(reports["en", "xlsx"])
    assert len(book.sheetnames) == len(captions) >= 15
    first = [c.value for c in next(book["1 Workshops by county"].iter_rows(max_row=1))]
    assert first == ["County", "Workshops", "Share", "Idle capacity", "Idle share of capacity"]
    headings = re.search(r'<table id="t1">.*?<thead><tr>(.*?)</tr>', html)
    assert headings is not None and re.findall(r"<th>(.*?)</th>", headings[1]) == first
    persian = load_workbook(reports["fa", "xlsx"])
    assert persian.sheetnames[0].startswith("۱ ") and persian.worksheets[0].sheet_view.rightToLeft


def test_an_unknown_survey_is_a_message(demo_home: Path, tmp_path: Path) -> None:
    done = kargah(environment(demo_home), "report", "study", "--lang", "en", "--survey", "999",
                  "--format", "html", "-o", str(tmp_path / "x.html"))  # fmt: skip
    assert done.returncode == 2 and "There is no survey number 999" in done.stderr
    assert not (tmp_path / "x.html").exists()


@pytest.fixture
def site(demo_home: Path, kargah_served: Any) -> Iterator[str]:
    with kargah_served(environment(demo_home), "--threads", "4") as base:
        yield base


def test_the_report_button_makes_and_downloads_the_report(
    site: str, browser: Any, log_in: Any, tmp_path: Path
) -> None:
    """An analyst chooses English HTML, clicks once, watches the job and downloads the file."""
    context = browser.new_context(locale="en-US", accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, site, "analyst")
    page.goto(f"{site}/reports/")
    page.select_option("select[name=lang]", "en")
    page.select_option("select[name=fmt]", "html")
    page.click("#make-report")
    link = page.locator(".job a", has_text="Continue")
    link.wait_for(timeout=180_000)
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "report.html"
    download.value.save_as(saved)
    text = ascii_digits(saved.read_text(encoding="utf-8"))
    assert "The study report" in text and "19.0%" in text
    page.goto(f"{site}/reports/")
    assert page.locator("a", has_text="study-en.html").count() >= 1  # the recent reports' list
    context.close()
    assert errors == []
