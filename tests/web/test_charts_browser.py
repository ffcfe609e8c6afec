"""The charts in a real browser (kargah.web.charts, static/kargah/charts.js): the challenge →
solution matrix draws, numbers read in Persian on Persian pages, branch labels are not cut, each
chart saves as PNG and SVG, and its data is there as a table."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts

pytestmark = pytest.mark.django_db(transaction=True)

LATIN_DIGIT = re.compile(r"[0-9]")
PERSIAN_DIGIT = re.compile(r"[۰-۹]")


@pytest.fixture
def site(live_server: Any) -> tuple[str, Any]:
    from kargah.web.coding.demo import load_demo_study
    from kargah.web.registry.models import Workshop

    Workshop.objects.load_frame(synthetic_registry(60, seed=5))
    demo_accounts()
    return str(live_server.url), load_demo_study()


def opened(browser: Any, locale: str) -> tuple[Any, list[str]]:
    context = browser.new_context(locale=locale, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def texts(page: Any, selector: str) -> list[str]:
    return [t.strip() for t in (page.locator(selector).all_text_contents()) if t.strip()]


def axis_labels(page: Any, chart: str, title: str) -> list[str]:
    """The labels of the chart's axis titled ``title``, as Vega draws them (<text> elements; a
    log axis leaves the ticks between powers of ten unlabelled)."""
    found: list[str] = page.evaluate(
        """([chart, title]) => [...document.querySelectorAll(`#chart-${chart} svg g.role-axis`)]
          .filter((g) => [...g.querySelectorAll(".role-axis-title text")]
            .some((t) => t.textContent === title))
          .flatMap((g) => [...g.querySelectorAll(".role-axis-label text")]
            .map((t) => t.textContent)).filter((t) => t.trim())""",
        [chart, title],
    )
    return found


def test_the_challenge_solution_matrix_draws(
    browser: Any, site: tuple[str, Any], log_in: Any
) -> None:
    base, survey = site
    page, errors = opened(browser, "fa-IR")
    log_in(page, base, "analyst")
    page.goto(f"{base}/coding/{survey.pk}/results/")
    page.wait_for_selector("#chart-matrix svg .mark-rect path", timeout=20_000)
    assert page.locator("#chart-matrix svg .mark-rect path").count() > 10
    assert errors == []
    # one heat map per area, titled with the area's Persian name
    titles = texts(page, "#chart-matrix svg .role-title-text text")
    assert titles and all(not LATIN_DIGIT.search(t) for t in titles)
    page.context.close()


def test_persian_numbers_and_whole_branch_labels(browser: Any, site: tuple[str, Any]) -> None:
    base, _survey = site
    page, errors = opened(browser, "fa-IR")
    page.goto(f"{base}/stats/")
    page.wait_for_selector("#chart-share svg .mark-rect path", timeout=20_000)
    page.wait_for_selector("#chart-change svg .mark-line path", timeout=20_000)
    numbers = axis_labels(page, "share", "سهم") + axis_labels(page, "change", "کارگاه‌ها")
    assert numbers, "no axis labels"
    for label in numbers:
        assert PERSIAN_DIGIT.search(label) and not LATIN_DIGIT.search(label), label
    assert any(label.endswith("٪") for label in numbers)
    years = axis_labels(page, "change", "سال سرشماری")
    assert years == ["۱۳۵۳", "۱۳۷۵"]
    # branch labels: the code and the title, not one character; horizontal bars, so they stand
    # apart from the share axis's numbers
    branches = axis_labels(page, "share", "رشته (ISIC)")
    assert branches and all(len(b) > 4 for b in branches), branches
    # a tooltip's numbers in Persian too
    page.locator("#chart-share svg .mark-rect path").first.hover()
    page.wait_for_selector("#vg-tooltip-element.visible td.value")
    tip = page.locator("#vg-tooltip-element").text_content() or ""
    assert PERSIAN_DIGIT.search(tip) and not LATIN_DIGIT.search(tip.replace("ISIC", "")), tip
    # titles and axis names translated: no raw field names
    words = " ".join(texts(page, "#chart-change svg text"))
    assert not re.search(r"size_class|units|small|large|year", words), words
    assert errors == []
    page.context.close()


def test_english_pages_keep_latin_digits(browser: Any, site: tuple[str, Any]) -> None:
    base, _survey = site
    page, errors = opened(browser, "en-US")
    page.goto(f"{base}/stats/")
    page.wait_for_selector("#chart-change svg .mark-line path", timeout=20_000)
    assert axis_labels(page, "change", "Census year") == ["1353", "1375"]
    counts = axis_labels(page, "change", "Workshops")
    assert counts and all("," in t or len(t) < 4 for t in counts)
    assert all(not PERSIAN_DIGIT.search(t) for t in counts)
    assert errors == []
    page.context.close()


def test_each_chart_saves_and_has_a_table(browser: Any, site: tuple[str, Any]) -> None:
    base, _survey = site
    page, errors = opened(browser, "fa-IR")
    page.goto(f"{base}/stats/")
    page.wait_for_selector("#chart-share svg .mark-rect path", timeout=20_000)
    for fmt, magic in (("png", b"\x89PNG"), ("svg", b"<svg")):
        with page.expect_download() as caught:
            page.click(f'.chart-save[data-chart="share"][data-format="{fmt}"]')
        download = caught.value
        assert download.suggested_filename == f"share.{fmt}"
        with open(download.path(), "rb") as saved:
            assert saved.read(4) == magic
    # the table: one row a bar, headings in Persian, numbers in Persian digits
    table = page.locator("#figure-share details.chart-table table")
    bars = page.locator("#chart-share svg .mark-rect path").count()
    assert table.locator("tbody tr").count() == bars
    assert texts(table, "th") == ["رشته (ISIC)", "کارگاه‌ها", "سهم"]
    cells = texts(table, "tbody td")
    assert all(not LATIN_DIGIT.search(c.replace("ISIC", "")) for c in cells)
    assert errors == []
    page.context.close()
