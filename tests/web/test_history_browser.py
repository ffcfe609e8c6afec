"""The history page (/stats/history/) and the cross-country chart in a real browser: the
timeline and the map draw, years read in the page's calendar and digits, no console error, in
Persian and in English."""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.web.test_charts_browser import axis_labels, opened

from kargah.registry import synthetic_registry
from kargah.stats import first_factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server: Any) -> str:
    from kargah.web.registry.models import Workshop

    frame = synthetic_registry(60, seed=5)
    frame.loc[:5, ["isic", "province", "county"]] = ["1311", "Gilan", "Rasht"]
    Workshop.objects.load_frame(frame)
    return str(live_server.url)


def drawn(page: Any) -> None:
    page.wait_for_selector("#chart-timeline svg .mark-symbol path", timeout=20_000)
    page.wait_for_selector("#chart-places svg .mark-shape path", timeout=20_000)
    page.wait_for_selector("#chart-places svg .mark-symbol path", timeout=20_000)


def test_persian_timeline_in_jalali_years(browser: Any, site: str) -> None:
    page, errors = opened(browser, "fa-IR")
    page.goto(f"{site}/stats/history/?trade=silk_reeling")
    drawn(page)
    dots = page.locator("#chart-timeline svg .mark-symbol path").count()
    assert dots == first_factories()["jalali_from"].notna().sum() == 14  # every dated one
    years = axis_labels(page, "timeline", "سال (خورشیدی)")
    assert years and all(re.fullmatch(r"۱۲[۶-۹][۰-۹]", y) for y in years), years
    # a point's tooltip names the factory, its founders and its fate, in Persian
    page.locator("#chart-timeline svg .mark-symbol path").first.hover()
    page.wait_for_selector("#vg-tooltip-element.visible td.value")
    tip = page.locator("#vg-tooltip-element").text_content() or ""
    assert "سرانجام" in tip and not re.search(r"[0-9]", tip), tip
    # the table for screen readers holds every factory, dated or not
    assert page.locator("h2#list + div table tbody tr").count() >= 30
    assert errors == []
    page.context.close()


def test_english_timeline_in_gregorian_years(browser: Any, site: str) -> None:
    page, errors = opened(browser, "en-US")
    page.goto(f"{site}/stats/history/?trade=electric_light")
    drawn(page)
    years = axis_labels(page, "timeline", "Year (Gregorian)")
    assert years and all(re.fullmatch(r"1[89][0-9]{2}", y) for y in years), years
    assert page.locator("#chart-places svg .mark-symbol path").count() >= 3  # four towns
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("locale", ["fa-IR", "en-US"])
def test_the_cross_country_chart_draws(browser: Any, site: str, locale: str) -> None:
    page, errors = opened(browser, locale)
    page.goto(f"{site}/stats/")
    page.wait_for_selector("#chart-countries svg .mark-rect path", timeout=20_000)
    assert page.locator("#chart-countries svg .mark-rect path").count() >= 15
    assert errors == []
    page.context.close()
