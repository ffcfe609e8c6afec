"""The exchange's whole round as people do it, in Debian's Chromium (issue 12): a buyer posts a
need (processes from the nomenclature through tom-select), the matches come ranked with their
reasons; two of the demo owner's workshops quote; the buyer compares them side by side, sees the
contacts only now, accepts one; the linkage shows in the statistics (chart drawn)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts

pytestmark = pytest.mark.django_db(transaction=True)
expect = pytest.importorskip("playwright.sync_api").expect


def choose(page: Any, name: str, typed: str, value: str, close: bool = True) -> None:
    """Pick ``value`` in the tom-select of ``name`` by typing; its own dropdown, once shown (a
    loaded machine still had the list closing or opening when clicked)."""
    wrapper = page.locator(f"select[name={name}] + .ts-wrapper")
    option = wrapper.locator(f".ts-dropdown [data-value='{value}']")
    wrapper.locator(".ts-control").click()
    page.keyboard.type(typed)
    option.wait_for(state="visible")
    option.click()
    if close:
        page.keyboard.press("Escape")


@pytest.fixture
def site(live_server: Any) -> str:
    from django.core.cache import cache

    from kargah.web.exchange.demo import load_demo_exchange
    from kargah.web.registry.models import Workshop

    cache.clear()
    Workshop.objects.load_frame(synthetic_registry(60, seed=21))
    demo_accounts()
    load_demo_exchange()
    Workshop.objects.filter(owner__username="owner").update(contact="۰۹۱۱ ۰۰۰ ۰۰۰۰")
    return str(live_server.url)


def test_need_quotes_acceptance_and_statistics(
    browser: Any, page: Any, site: str, log_in: Any
) -> None:
    from kargah.web.exchange.models import Linkage, Need

    linkages = Linkage.objects.count()
    today = date.today()
    log_in(page, site, "buyer")
    page.click("#navbar-menu >> text=بورس پیمانکاری")
    page.click("text=ثبت نیاز")
    page.fill("textarea[name=description]", "میله‌های فولادی تراشکاری‌شده")
    # a general process, searched by its Persian name (tom-select)
    choose(page, "processes", "ماشین", "machining")
    choose(page, "materials", "فولاد", "metal.steel")
    page.fill("input[name=monthly_quantity]", "۴۰۰")
    page.fill("input[name=start]", (today + timedelta(days=15)).isoformat())
    page.fill("input[name=end]", (today + timedelta(days=100)).isoformat())
    page.fill("input[name=deadline]", (today + timedelta(days=5)).isoformat())
    choose(page, "county", "رشت", "Rasht", close=False)
    page.click("#need-form button[type=submit]")
    expect(page.locator("#matches")).to_be_visible()
    assert page.locator("#matches tbody tr, #matches tr").count() > 2
    assert "ظرفیت" in page.locator("#matches").inner_text()  # reasons, in Persian
    need = Need.objects.latest("pk")
    need_url = page.url

    # two of the demo owner's workshops quote
    owner = browser.new_context(locale="fa-IR").new_page()
    log_in(owner, site, "owner")
    owner.goto(need_url)
    choices = owner.locator("#quote-form select[name=workshop] option[value]:not([value=''])")
    assert choices.count() >= 2
    for i, price in enumerate(["۱۲۰٬۰۰۰", "۹۵٬۰۰۰"]):
        value = choices.nth(i).get_attribute("value")
        owner.select_option("#quote-form select[name=workshop]", value)
        owner.fill("#quote-form input[name=price]", price)
        owner.fill("#quote-form input[name=lead_days]", str(10 + i))
        owner.click("#quote-form button[value=quote]")
        expect(owner.locator("[role=alert], .alert").first).to_be_visible()
    owner.context.close()

    # the buyer compares them side by side; the contacts show now that they quoted
    page.goto(need_url)
    rows = page.locator("#quotes tr[data-workshop]")
    expect(rows).to_have_count(2)
    assert "۰۹۱۱" in page.locator("#quotes").inner_text()
    rows.first.locator("button[type=submit]").click()
    expect(page.locator("#linkage")).to_be_visible()
    assert Linkage.objects.filter(need=need).count() == 1

    # and it is counted in the statistics, with its chart drawn
    page.goto(f"{site}/exchange/statistics/")
    page.wait_for_selector("#chart-linkages svg", timeout=20_000)
    total = Linkage.objects.count()
    assert total == linkages + 1
    from kargah.text import persian_digits

    assert persian_digits(str(total)) in page.locator("#linkage-total").inner_text()
