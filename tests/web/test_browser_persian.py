"""The activity search of the workshop form in Chromium: titles found in either language and by
code, in Persian digits too, with no console error (the Content-Security-Policy allows only
static scripts); the saved workshop has the chosen code (issue 9)."""

from __future__ import annotations

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
    Workshop.objects.load_frame(synthetic_registry(5, seed=2))
    demo_accounts()
    return str(live_server.url)


def search(page: Any, words: str) -> list[str]:
    page.click("select[name=isic] + .ts-wrapper .ts-control")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(words)
    page.wait_for_timeout(300)
    return page.eval_on_selector_all(".ts-dropdown .option", "els => els.map(e => e.dataset.value)")


def test_activity_is_searched_by_title_in_either_language(
    page: Any, site: str, log_in: Any
) -> None:
    from kargah.web.registry.models import Workshop

    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, site, "admin")
    workshop = Workshop.objects.order_by("id").first()
    page.goto(f"{site}/registry/{workshop.pk}/edit/")
    assert "1079" in search(page, "Manufacture of other food")  # English, on a Persian page
    assert "1079" in search(page, "سایر فراورده‌های غذایی")  # Persian
    assert "1079" in search(page, "۱۰۷۹")  # the code, in Persian digits
    page.click(".ts-dropdown [data-value='1079']")
    page.click("form.edit button[type=submit]")
    page.wait_for_url(f"{site}/registry/{workshop.pk}/")
    workshop.refresh_from_db()
    assert workshop.isic == "1079"
    assert errors == []
