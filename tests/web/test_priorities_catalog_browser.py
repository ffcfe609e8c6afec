"""The catalog's heat map in a real browser: it draws a cell for each country and category, with
Persian names and Persian digits on a Persian page, and saves as SVG."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server: Any) -> str:
    from kargah.web.priorities.catalog import load_starter_catalog

    load_starter_catalog()
    return str(live_server.url)


def test_the_heat_map_draws_in_persian(browser: Any, site: str) -> None:
    context = browser.new_context(locale="fa-IR", accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site}/priorities/catalog/matrix/")
    page.wait_for_selector("#chart-heatmap svg .mark-rect path", timeout=20_000)
    assert page.locator("#chart-heatmap svg .mark-rect.role-mark path").count() == 9 * 16
    words = " ".join(page.locator("#chart-heatmap svg text").all_text_contents())
    assert "ترکیه" in words and "صنایع غذایی و تبدیلی" in words
    assert re.search("[۰-۹]+٪", words) and not re.search("[0-9]", words)  # the legend
    with page.expect_download() as download:
        page.click('.chart-save[data-chart="heatmap"][data-format="svg"]')
    assert download.value.suggested_filename.endswith(".svg")
    assert errors == []
    context.close()
