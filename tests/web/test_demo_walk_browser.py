"""A browser walk of the demo: every page, as every role and as a visitor, in Persian and in
English. The pages must run with no console error (scripts, charts, the Content-Security-
Policy), and — a separate test, since it judges the design rather than the scripts — fit a
390-px-wide phone without scrolling sideways.

A page a role may not open answers 403 or sends to the login page; that answer is the page
meant, so the browser's own "failed to load resource" line for that document (and for the icon
a bare refusal page does not name) is not an error; anything else logged on it is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import DEMO_PASSWORD, DEMO_USERS, demo_accounts

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = {"fa": "fa-IR", "en": "en-US"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: How wide a page is beyond its window (px); 0 when nothing scrolls sideways.
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def demo(live_server: Any) -> tuple[str, list[str]]:
    """The demo site and the paths of every page it has (one object of each kind)."""
    from django.contrib.auth.models import User

    from kargah.web.coding.demo import load_demo_study
    from kargah.web.registry.models import Workshop

    Workshop.objects.load_frame(synthetic_registry(40, seed=5))
    demo_accounts()
    survey = load_demo_study()
    workshop = Workshop.objects.order_by("id").first()  # the demo owner's, so they may edit it
    assert workshop is not None
    user = User.objects.get(username="coder")
    invitation = survey.invitations.filter(submitted__isnull=True).first()
    s = survey.pk
    from kargah.web.priorities.catalog import load_starter_catalog
    from kargah.web.priorities.models import BusinessIdea
    from kargah.web.registry.models import ProductGroup

    load_starter_catalog()
    idea, group = BusinessIdea.objects.order_by("id")[0].pk, ProductGroup.objects.first().pk
    from kargah.web.priorities.demo import load_demo_ranking

    ranking = load_demo_ranking()
    expert = ranking.experts.filter(submitted__isnull=True).first()
    paths = [
        "/accounts/login/",
        "/registry/",
        f"/registry/{workshop.pk}/",
        f"/registry/{workshop.pk}/edit/",
        "/registry/new/",
        "/registry/import/",
        "/stats/",
        "/survey/",
        f"/survey/{s}/",
        f"/survey/{s}/import/",
        f"/survey/r/{invitation.token}/",
        "/coding/",
        "/coding/import/",
        f"/coding/{s}/code/",
        f"/coding/{s}/codebook/",
        f"/coding/{s}/results/",
        f"/coding/{s}/agreement/",
        f"/coding/{s}/disagreements/",
        f"/coding/{s}/respondents/{survey.respondents.order_by('pk')[0].pk}/",
        "/accounts/users/",
        "/accounts/users/new/",
        f"/accounts/users/{user.pk}/",
        f"/accounts/users/{user.pk}/password/",
        "/admin/",
        "/api/docs",
        # the priorities catalog
        "/priorities/",
        "/priorities/catalog/",
        "/priorities/catalog/matrix/",
        "/priorities/catalog/categories/",
        f"/priorities/catalog/groups/{group}/",
        "/priorities/catalog/ideas/new/",
        f"/priorities/catalog/ideas/{idea}/edit/",
        f"/priorities/catalog/ideas/{idea}/delete/",
        "/priorities/catalog/import/",
        # the ranking
        "/priorities/projects/",
        f"/priorities/projects/{ranking.pk}/",
        f"/priorities/projects/{ranking.pk}/results/",
        f"/priorities/expert/{expert.token}/",
        "/reports/",  # the study report's page (helper report)
    ]
    return str(live_server.url), paths


#: A visitor, then one demo account of each role (the second coder adds nothing).
WHO = [None, *dict(zip(DEMO_USERS.values(), DEMO_USERS, strict=True)).values()]


def walk(
    browser: Any, base: str, paths: list[str], viewport: dict[str, int],
    check: Callable[[Any, str], list[str]],
) -> list[str]:  # fmt: skip
    """Every path as everyone in both languages; what ``check(page, url)`` finds wrong on each
    page (it also gets the page's console errors), as ``"who lang path: problem"`` lines."""
    problems: list[str] = []
    for user in WHO:
        for lang, locale in LANGUAGES.items():
            context = browser.new_context(locale=locale, viewport=viewport)
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m, e=errors: e.append(f"{m.text} ({m.location.get('url')})")
                    if m.type == "error" else None)  # fmt: skip
            page.on("pageerror", lambda x, e=errors: e.append(str(x)))
            if user is not None:
                page.goto(f"{base}/accounts/login/")
                page.fill("input[name=username]", user)
                page.fill("input[name=password]", DEMO_PASSWORD)
                page.click("form button[type=submit] >> nth=-1")
                # an owner lands on their own workshops, everyone else on the list
                page.wait_for_url(f"{base}/")  # each role lands on its own home page
            for path in paths:
                errors.clear()
                answer = page.goto(base + path)
                page.wait_for_load_state("load")
                if page.locator(".chart").count():  # the charts draw after the load event
                    page.wait_for_selector(".chart svg", timeout=20_000)
                page.wait_for_timeout(150)
                status = answer.status if answer else 0
                seen = [
                    e for e in errors
                    # the page meant: a refusal's own document, not a resource it failed to load
                    if not (status in (403, 404) and e.startswith("Failed to load resource")
                            and e.endswith((f"({page.url})", "/favicon.ico)")))
                ]  # fmt: skip
                lang_seen = page.locator("html").get_attribute("lang")
                if status == 200 and not path.startswith("/api/") and lang_seen != lang:
                    seen.append(f"html lang is {lang_seen}")  # the walk is in the language meant
                if status >= 500:
                    seen.append(f"status {status}")
                problems += [f"{user or 'visitor'} {lang} {path}: {p}" for p in check(page, path)]
                problems += [f"{user or 'visitor'} {lang} {path}: {e}" for e in seen]
            context.close()
    return problems


def test_no_page_logs_a_console_error(browser: Any, demo: tuple[str, list[str]]) -> None:
    base, paths = demo
    problems = walk(browser, base, paths, DESKTOP, lambda page, path: [])
    assert not problems, "\n".join(problems)


def test_no_page_overflows_a_phone(browser: Any, demo: tuple[str, list[str]]) -> None:
    """Judges the design system (issue 9's restyle), not the scripts: kept apart so the console
    test above passes or fails on its own."""
    base, paths = demo

    def overflow(page: Any, path: str) -> list[str]:
        wider = page.evaluate(OVERFLOW)
        return [f"{wider} px wider than a 390-px phone"] if wider > 0 else []

    problems = walk(browser, base, paths, PHONE, overflow)
    assert not problems, "\n".join(problems)
