"""The Content-Security-Policy in a real browser: every main page (charts, the respondent's
autosave, the coding keyboard screen, the account pages) works under it with no violation and
no console error."""

from __future__ import annotations

from typing import Any

import pytest

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts

pytestmark = pytest.mark.django_db(transaction=True)
expect = pytest.importorskip("playwright.sync_api").expect

# Recorded from the first script of every page, before any of the page's own runs.
WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));"""


@pytest.fixture
def site(live_server: Any) -> tuple[str, Any]:
    from kargah.web.coding.demo import load_demo_study
    from kargah.web.registry.models import Workshop

    Workshop.objects.load_frame(synthetic_registry(40, seed=5))
    demo_accounts()
    return str(live_server.url), load_demo_study()


def watched(browser: Any) -> tuple[Any, list[str]]:
    context = browser.new_context(locale="fa-IR")
    context.add_init_script(WATCH)
    page = context.new_page()
    errors: list[str] = []
    # (the Django admin's pages have no icon link: the browser's guess at /favicon.ico may 404)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and not m.location.get("url", "").endswith("/favicon.ico") else None)  # fmt: skip
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return page, errors


def visit(page: Any, url: str, errors: list[str], ready: str = "body") -> None:
    answer = page.goto(url)
    assert answer.status < 400, url
    assert "'unsafe" not in answer.headers["content-security-policy"]
    page.wait_for_selector(ready, timeout=20_000)
    page.wait_for_timeout(200)
    assert page.evaluate("window.__violations") == [], url
    assert errors == [], url


def test_main_pages_run_under_the_policy(browser: Any, site: tuple[str, Any], log_in: Any) -> None:
    from kargah.web.registry.models import Workshop

    base, survey = site
    page, errors = watched(browser)
    visit(page, f"{base}/accounts/login/", errors)
    log_in(page, base, "admin")
    workshop = Workshop.objects.first()
    for path, ready in [
        ("/registry/", "table"),
        (f"/registry/{workshop.pk}/", "h1"),
        (f"/registry/{workshop.pk}/edit/", "form.edit"),
        ("/registry/import/", "input[type=file]"),
        ("/stats/", "#chart-change svg"),
        ("/stats/history/", "#chart-places svg"),
        ("/survey/", "h1"),
        (f"/survey/{survey.pk}/", "#chart-rates svg"),
        ("/coding/", "h1"),
        (f"/coding/{survey.pk}/results/", "#chart-matrix svg"),
        (f"/coding/{survey.pk}/codebook/", "h1"),
        ("/accounts/users/", "table"),
        ("/admin/", "#content"),
        ("/api/docs", "#swagger-ui .opblock"),
    ]:
        visit(page, base + path, errors, ready)

    # htmx (pages with progress use it) starts without injecting a style the policy refuses
    visit(page, f"{base}/registry/", errors, "table")
    page.add_script_tag(url=f"{base}/static/vendor/htmx.min.js")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("window.__violations") == [] and errors == []

    # the coding screen's keyboard script runs: Alt+N moves to the next segment
    visit(page, f"{base}/coding/{survey.pk}/code/", errors, "#segment-text")
    first = page.locator("#segment-text").inner_text()
    page.keyboard.press("Alt+n")
    expect(page.locator("#segment-text")).not_to_have_text(first)  # (no eval: the policy)
    assert page.evaluate("window.__violations") == [] and errors == []
    page.context.close()


def test_the_respondent_form_autosaves_under_the_policy(
    browser: Any, site: tuple[str, Any]
) -> None:
    base, survey = site
    invitation = survey.invitations.filter(submitted__isnull=True).first()
    page, errors = watched(browser)
    visit(page, f"{base}/survey/r/{invitation.token}/", errors, "#survey-form")
    page.fill("input[name=investment_challenge_1]", "سود بالای وام بانکی")
    expect(page.locator("#save-state")).to_contain_text("✓")
    assert page.evaluate("window.__violations") == [] and errors == []
    page.context.close()
