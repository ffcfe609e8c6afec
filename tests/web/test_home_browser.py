"""Each role's home page in Debian's Chromium, in Persian and English, on a desktop and a phone:
it renders with no console error, right to left in Persian, never wider than the screen, with
its map drawn for the visitor; and the analyst assigns answers to two coders (overlapping) and
undoes it (issues 13 and 14)."""

from __future__ import annotations

from typing import Any

import pytest

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts

pytestmark = pytest.mark.django_db(transaction=True)
expect = pytest.importorskip("playwright.sync_api").expect

ROLES = [None, "analyst", "coder", "owner", "buyer"]
HEADINGS = {  # (fa, en) of each home page's first heading
    None: ("نمای کلی ثبت کارگاه‌ها", "The registry at a glance"),
    "analyst": ("نمای کلی مطالعه", "The study at a glance"),
    "coder": ("کدگذاری شما", "Your coding"),
    "owner": ("کارگاه‌های شما", "Your workshops"),
    "buyer": ("نیازهای شما", "Your needs"),
}


@pytest.fixture
def site(live_server: Any) -> str:
    from django.core.cache import cache

    from kargah.web.coding.demo import load_demo_study
    from kargah.web.exchange.demo import load_demo_exchange
    from kargah.web.priorities.catalog import load_starter_catalog
    from kargah.web.priorities.demo import load_demo_ranking
    from kargah.web.registry.models import Workshop

    cache.clear()
    Workshop.objects.load_frame(synthetic_registry(40, seed=8))
    demo_accounts()
    load_starter_catalog()
    load_demo_exchange()
    load_demo_ranking()
    load_demo_study()
    return str(live_server.url)


def _open(browser: Any, site: str, user: str | None, lang: str, width: int) -> tuple[Any, list]:
    from kargah.web.accounts.demo import DEMO_PASSWORD

    context = browser.new_context(
        locale="fa-IR" if lang == "fa" else "en-US", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    if user:
        page.goto(f"{site}/accounts/login/")
        page.fill("input[name=username]", user)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("form button[type=submit] >> nth=-1")
        page.wait_for_url(f"{site}/")  # each role lands on its own home page
    page.goto(f"{site}/")
    return page, errors


@pytest.mark.parametrize("user", ROLES)
def test_each_home_page_renders_in_both_languages_and_on_a_phone(
    browser: Any, site: str, user: str | None
) -> None:
    for lang, width in (("fa", 1366), ("en", 1366), ("fa", 390), ("en", 390)):
        page, errors = _open(browser, site, user, lang, width)
        heading = HEADINGS[user][0 if lang == "fa" else 1]
        expect(page.locator("h1")).to_contain_text(heading)
        assert page.get_attribute("html", "dir") == ("rtl" if lang == "fa" else "ltr")
        if user is None:  # the registry's province map, drawn by Vega
            expect(
                page.locator("#chart-provinces svg, #chart-provinces canvas").first
            ).to_be_visible()
        page.wait_for_load_state("networkidle")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{user} {lang}: {wide}px on a {width}px screen"
        assert errors == [], f"{user} {lang} {width}: {errors}"
        if user == "analyst":  # a tile's upper-casing turned α into Α, read as a Latin A
            tiles = page.locator(".kg-stat .subheader").all_inner_texts()
            assert any("(α)" in t for t in tiles) and not any("Α" in t for t in tiles), tiles
        page.context.close()


def test_the_analyst_assigns_answers_to_two_coders_and_undoes_it(browser: Any, site: str) -> None:
    from kargah.web.coding.models import Assignment
    from kargah.web.survey.models import Survey

    survey = Survey.objects.get()
    page, errors = _open(browser, site, "analyst", "fa", 390)
    page.click(f"a[href='/coding/{survey.pk}/assign/'] >> nth=0")  # from the home page's table
    expect(page.locator("h1")).to_contain_text("سپردن پاسخ‌ها به کدگذاران")
    page.select_option("select[name=area]", label="سرمایه‌گذاری و تأمین مالی")
    page.fill("input[name=first]", "۱")
    page.fill("input[name=last]", "۱۰")
    page.check("#coders label:has-text('coder2') input")
    page.check("#coders label:has-text('coder') >> nth=0 >> input")
    page.fill("input[name=copies]", "۲")
    page.click("button[value=assign]")
    expect(page.locator(".alert-success, [role=alert]").first).to_contain_text("پاسخ سپرده شد")
    given = Assignment.objects.filter(answer__respondent__survey=survey)
    assert given.count() > 0 and given.count() % 2 == 0
    assert set(given.values_list("coder__username", flat=True)) == {"coder", "coder2"}
    row = page.locator("#progress-table tr[data-coder='coder2']")
    assert "همهٔ پاسخ‌ها" not in row.inner_text()  # coder2 now has answers of their own
    # a bad range is a message, nothing changes
    page.fill("input[name=first]", "۹")
    page.fill("input[name=last]", "۲")
    page.check("#coders label:has-text('coder2') input")
    page.click("button[value=assign]")
    expect(page.locator("body")).to_contain_text("پایان بازه پیش از آغاز آن است")
    page.click("#undo-form button")
    expect(page.locator("body")).to_contain_text("واگرد شد")
    assert not given.exists()
    assert errors == []
