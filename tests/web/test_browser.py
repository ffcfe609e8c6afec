"""The site as a person uses it, in Debian's Chromium driven by Playwright: log in, add a
workshop, import a file with a bad row and read the error, fix it and import, switch languages,
see the statistics chart; an owner cannot open another owner's edit page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server: Any) -> str:
    from django.core.cache import cache

    from kargah.web.registry.models import Workshop

    cache.clear()
    Workshop.objects.load_frame(synthetic_registry(60, seed=21))
    demo_accounts()
    return str(live_server.url)


def test_add_import_languages_and_chart(page: Any, site: str, tmp_path: Path, log_in: Any) -> None:
    log_in(page, site, "admin")
    assert page.locator("html").get_attribute("dir") == "rtl"

    # add a workshop by hand
    page.goto(f"{site}/registry/new/")
    page.fill("input[name=name_fa]", "کارگاه آزمایشی سفال")
    # the activity by searching its title, in English on the Persian page (tom-select)
    page.click("select[name=isic] + .ts-wrapper .ts-control")
    page.keyboard.type("ceramic")
    page.click(".ts-dropdown [data-value='2393']")
    assert page.input_value("select[name=isic]") == "2393"
    page.fill("input[name=capacity]", "۱٬۵۰۰")  # Persian digits and grouping are fine
    page.select_option("select[name=county]", "Lahijan")
    page.fill("input[name=employees]", "4")
    page.click("form.edit button[type=submit]")
    assert "کارگاه آزمایشی سفال" in page.locator("h1").inner_text()

    # import a file with one bad row: the error names file, row and column; nothing goes in
    frame = synthetic_registry(12, seed=3).astype(object).drop(columns="workshop_id")
    bad = frame.copy()
    bad.loc[4, "employees"] = "پنج"
    bad.to_csv(tmp_path / "guilan.csv", index=False)
    page.goto(f"{site}/registry/import/")
    page.set_input_files("input[type=file]", str(tmp_path / "guilan.csv"))
    page.click("form button[type=submit] >> nth=-1")
    alert = page.locator("[role=alert]").inner_text()
    assert "guilan.csv، سطر ۶، ستون «employees»" in alert  # in the page's language

    frame.to_csv(tmp_path / "guilan.csv", index=False)  # fixed
    page.set_input_files("input[type=file]", str(tmp_path / "guilan.csv"))
    page.click("form button[type=submit] >> nth=-1")
    page.click("text=وارد شوند")
    page.wait_for_selector("text=وارد شد.")
    page.goto(f"{site}/registry/")
    assert "۷۳ کارگاه" in page.content()  # 60 + 1 + 12, in Persian digits

    # English and back
    page.click("button[value=en]")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert "73 workshops" in page.content()
    page.click("button[value=fa]")
    assert page.locator("html").get_attribute("dir") == "rtl"

    # the statistics page draws its chart
    page.goto(f"{site}/stats/")
    page.wait_for_selector("#chart-share svg", timeout=20_000)
    assert page.locator("#chart-change svg").count() == 1


def test_an_owner_cannot_open_another_owners_edit_page(page: Any, site: str, log_in: Any) -> None:
    from kargah.web.registry.models import Workshop

    mine = Workshop.objects.filter(owner__username="owner").first()
    theirs = Workshop.objects.exclude(owner__username="owner").first()
    log_in(page, site, "owner")
    assert page.goto(f"{site}/registry/{mine.pk}/edit/").status == 200
    assert page.goto(f"{site}/registry/{theirs.pk}/edit/").status == 403


def test_pages_fit_a_phone(browser: Any, site: str) -> None:
    """At a phone's width no page scrolls sideways: filters wrap, wide columns hide."""
    context = browser.new_context(locale="fa-IR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in ("/registry/", "/registry/?county=Rasht", "/stats/", "/accounts/login/"):
        page.goto(f"{site}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 391, (path, width)
    context.close()
