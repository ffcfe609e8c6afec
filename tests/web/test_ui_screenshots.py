"""The screenshots of docs/ui.md, one per component, in Persian (right to left) and English, at
desktop width. Each component must be on its page and visible; with ``KARGAH_UI_SHOTS=1`` the
pictures are written into docs/ui/:
``KARGAH_UI_SHOTS=1 pytest -m heavy tests/web/test_ui_screenshots.py``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.heavy]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "ui"

#: picture name → (user, path, selector of the component on that page)
SHOTS = {
    "frame": ("analyst", "/registry/", "header.navbar"),
    "breadcrumbs": ("analyst", "/registry/{w}/edit/", "nav.kg-crumbs"),
    "filter_bar": ("analyst", "/registry/", "form.filters"),
    "table": ("analyst", "/survey/{s}/", ".kg-table"),
    "card": ("analyst", "/survey/{s}/", "#response-rates"),
    "stat": ("analyst", "/survey/{s}/", "#stat-respondents"),
    "form": ("analyst", "/registry/{w}/edit/", "form.edit"),
    "empty": ("analyst", "/registry/?q=nothing-like-this", ".kg-empty"),
    "error_403": ("owner", "/survey/", "main"),
}


@pytest.fixture
def site(live_server: Any) -> tuple[str, dict[str, int]]:
    from kargah.web.coding.demo import load_demo_study
    from kargah.web.registry.models import Workshop

    Workshop.objects.load_frame(synthetic_registry(12, seed=5))
    demo_accounts()
    ids = {"s": load_demo_study().pk, "w": Workshop.objects.order_by("pk").first().pk}
    return str(live_server.url), ids


@pytest.mark.parametrize("language", ["fa", "en"])
def test_each_component_shows_for_the_docs(
    browser: Any, site: tuple[str, dict[str, int]], log_in: Any, language: str, tmp_path: Path
) -> None:
    base, ids = site
    out = DOCS if os.environ.get("KARGAH_UI_SHOTS") == "1" else tmp_path
    out.mkdir(exist_ok=True)
    pages: dict[str, Any] = {}  # one browser context a user
    for name, (user, path, selector) in SHOTS.items():
        if user not in pages:
            context = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            pages[user] = context.new_page()
            log_in(pages[user], base, user)
        page = pages[user]
        page.goto(base + path.format(**ids))
        page.wait_for_load_state("networkidle")
        if name == "form":  # show errors beside their fields: submit it with two wrong values
            page.evaluate("document.querySelector('form.edit').noValidate = true")
            page.fill("input[name=name_fa]", "")
            page.fill("input[name=employees]", "-3")
            page.click("form.edit button[type=submit]")
            page.wait_for_load_state("networkidle")
            assert page.locator("form.edit .invalid-feedback").count() >= 1
        part = page.locator(selector).first
        assert part.is_visible(), (name, language)
        part.screenshot(path=str(out / f"{name}.{language}.png"))
    for page in pages.values():
        page.context.close()
