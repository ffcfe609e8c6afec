"""The ranking as people use it, in Debian's Chromium: an expert opens their link (no account),
changes judgements and sees λmax, CI and CR change as the server computes them (htmx), submits;
the analyst opens the demo's results: the four methods, the charts drawn, no console error
(the Content-Security-Policy allows no eval), and the XLSX downloads."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts

pytestmark = pytest.mark.django_db(transaction=True)
expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def project(live_server: Any) -> tuple[str, Any]:
    from django.core.cache import cache

    from kargah.web.priorities.demo import load_demo_ranking
    from kargah.web.registry.models import Workshop

    cache.clear()
    Workshop.objects.load_frame(synthetic_registry(600, seed=5))
    demo_accounts()
    return str(live_server.url), load_demo_ranking()


def opened(browser: Any, locale: str) -> tuple[Any, list[str]]:
    page = browser.new_context(locale=locale, accept_downloads=True).new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def test_expert_sees_consistency_as_they_answer(browser: Any, project: tuple[str, Any]) -> None:
    from kargah.web.priorities.models import Expert

    base, ranking = project
    expert = ranking.experts.filter(submitted__isnull=True).first()
    page, errors = opened(browser, "en-US")
    page.goto(f"{base}/priorities/expert/{expert.token}/")
    expect(page.locator("#cr")).to_have_text("0.000")  # all equal: perfectly consistent
    selects = page.locator("#pairwise select")
    assert selects.count() == 21  # 7 criteria: 21 pairs
    assert {selects.nth(i).input_value() for i in range(21)} == {"1"}  # unanswered: equal
    selects.nth(0).select_option("9")  # A ≫ B
    selects.nth(1).select_option("1/9")  # C ≫ A …
    selects.nth(6).select_option("9")  # … and B ≫ C: contradictory
    expect(page.locator("#inconsistent")).to_be_visible()
    expect(page.locator("#revise")).to_be_visible()
    assert float(page.locator("#cr").inner_text()) > 0.1
    saved = Expert.objects.get(pk=expert.pk).judgements
    assert sorted(v for v in saved.values() if v != "1") == ["1/9", "9", "9"]  # as answered
    page.click("#submit")
    page.wait_for_selector("#thanks")
    assert Expert.objects.get(pk=expert.pk).submitted is not None
    assert errors == []
    page.context.close()


def test_analyst_sees_the_four_methods_and_downloads(
    browser: Any, project: tuple[str, Any], log_in: Any
) -> None:
    import openpyxl

    base, ranking = project
    page, errors = opened(browser, "fa-IR")
    log_in(page, base, "analyst")
    page.goto(f"{base}/priorities/projects/{ranking.pk}/results/")
    page.wait_for_selector("#chart-ranks svg .mark-symbol path", timeout=20_000)
    page.wait_for_selector("#chart-sweep0 svg .mark-line path", timeout=20_000)
    page.wait_for_selector("#chart-ranges svg .mark-rect path", timeout=20_000)
    assert page.locator("#ranks tbody tr, #ranks tr").count() >= 16
    with page.expect_download() as download:
        page.click("#download-xlsx")
    assert download.value.suggested_filename == f"ranking-{ranking.pk}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book["ranks"].max_row == 17
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("locale", ["fa-IR", "en-US"])
def test_the_ranking_pages_fit_a_phone(
    browser: Any, project: tuple[str, Any], log_in: Any, locale: str
) -> None:
    """The project's page, its results and an expert's form on a 390-px phone: nothing scrolls
    sideways but a table or chart inside its own box; no console error either."""
    base, ranking = project
    token = ranking.experts.filter(submitted__isnull=True).first().token
    context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, base, "analyst")
    wider = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    mine = f"/priorities/projects/{ranking.pk}/"
    for path in ["/priorities/projects/", mine, f"{mine}results/", f"/priorities/expert/{token}/"]:
        page.goto(base + path)
        if page.locator(".chart").count():
            page.wait_for_selector(".chart svg", timeout=20_000)
        assert page.evaluate(wider) <= 0, path
    assert errors == []
    context.close()
