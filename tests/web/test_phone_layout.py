"""Every main page fits a 390-px-wide phone (issue 9): no horizontal scrolling of the page, wide
tables scroll inside their own box, and no console error, as an analyst and as a visitor."""

from __future__ import annotations

from typing import Any

import pytest

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(live_server: Any) -> tuple[str, Any]:
    from kargah.web.coding.demo import load_demo_study
    from kargah.web.priorities.catalog import load_starter_catalog
    from kargah.web.registry.models import Workshop

    Workshop.objects.load_frame(synthetic_registry(40, seed=5))
    demo_accounts()
    load_starter_catalog()
    return str(live_server.url), load_demo_study()


def phone(browser: Any, language: str) -> tuple[Any, list[str]]:
    context = browser.new_context(locale="fa-IR", viewport=PHONE, device_scale_factor=1)
    if language == "en":
        context.add_cookies([{"name": "django_language", "value": "en", "url": "http://localhost"}])
    page = context.new_page()
    errors: list[str] = []
    # (the browser logs an error page's own 403/404 status: that is the page, not a fault in it)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and m.location.get("url") != page.url else None)  # fmt: skip
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def overflow(page: Any, base: str, paths: list[str], errors: list[str]) -> dict[str, str]:
    """path → what is wrong (page wider than the phone, console errors); empty when all fit."""
    wrong = {}
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"] or errors:
            wrong[path] = f"{width} px wide; console: {errors[:3]}"
        errors.clear()
    return wrong


def test_the_main_pages_fit_a_phone_as_an_analyst(
    browser: Any, site: tuple[str, Any], log_in: Any
) -> None:
    from kargah.web.registry.models import Workshop

    base, survey = site
    page, errors = phone(browser, "fa")
    log_in(page, base, "analyst")
    errors.clear()
    w = Workshop.objects.first().pk
    s = survey.pk
    paths = ["/registry/", f"/registry/{w}/", f"/registry/{w}/edit/", "/stats/", "/survey/",
             f"/survey/{s}/", f"/survey/{s}/import/", "/coding/", f"/coding/{s}/code/",
             f"/coding/{s}/codebook/", f"/coding/{s}/results/", f"/coding/{s}/agreement/",
             f"/coding/{s}/disagreements/", "/no/such/page/", "/accounts/users/", "/",
             f"/coding/{s}/assign/"]  # fmt: skip
    paths.append(f"/coding/{s}/respondents/{survey.respondents.order_by('pk')[0].pk}/")
    from kargah.web.registry.models import ProductGroup

    group = ProductGroup.objects.get(code="food/olive").pk
    paths += ["/priorities/", "/priorities/catalog/", "/priorities/catalog/matrix/",
              "/priorities/catalog/categories/", f"/priorities/catalog/groups/{group}/",
              "/priorities/catalog/ideas/new/", "/priorities/catalog/import/"]  # fmt: skip
    assert overflow(page, base, paths, errors) == {}
    # the menu folds behind its button, and opens from it
    assert not page.locator("#navbar-menu").is_visible()
    page.click(".navbar-toggler")
    page.wait_for_selector("#navbar-menu a[href='/survey/']", state="visible")
    # a wide table scrolls inside its box, not the page
    page.goto(f"{base}/coding/{s}/results/")
    box = page.locator(".table-responsive").first
    assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    page.context.close()


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_public_pages_fit_a_phone(browser: Any, site: tuple[str, Any], language: str) -> None:
    from kargah.web.registry.models import Workshop

    base, survey = site
    page, errors = phone(browser, language)
    invitation = survey.invitations.filter(submitted__isnull=True).first()
    paths = ["/accounts/login/", "/registry/", f"/registry/{Workshop.objects.first().pk}/",
             "/stats/", "/stats/history/", f"/survey/r/{invitation.token}/",
             "/no/such/page/", "/"]  # fmt: skip
    assert overflow(page, base, paths, errors) == {}
    page.context.close()


@pytest.mark.parametrize("language", ["fa", "en"])
def test_an_experts_pairs_and_their_choices_fit_a_phone(
    browser: Any, site: tuple[str, Any], language: str
) -> None:
    """An expert answers from a link, often on a phone: each pair's choice must be in sight, not
    pushed out of the table's box by the long names of the pair (the box scrolls, the page not)."""
    from kargah.web.priorities.demo import load_demo_ranking

    base, _ = site
    expert = load_demo_ranking().experts.filter(submitted__isnull=True).get()
    page, errors = phone(browser, language)
    path = f"/priorities/expert/{expert.token}/"
    assert overflow(page, base, [path], errors) == {}
    boxes = page.eval_on_selector_all(
        "#pairwise select", "els => els.map(e => e.getBoundingClientRect().toJSON())"
    )
    assert len(boxes) == 21
    outside = [b for b in boxes if b["left"] < 0 or b["right"] > PHONE["width"]]
    assert not outside, f"{len(outside)} of the 21 choices not wholly in sight: {outside[:2]}"
    page.context.close()


def test_the_ranking_and_exchange_pages_fit_a_phone(
    browser: Any, site: tuple[str, Any], log_in: Any
) -> None:
    """Issue 11's and 12's pages as the roles that use them: a ranking project, its results, an
    expert's form, a linkage (analyst); needs, a need with its matches or quotes, the statistics
    and notices (a workshop's owner, a buyer). One test for the three: the exchange's demo loads
    once a database (in a second test of the module its load failed on a foreign key)."""
    from kargah.web.exchange.demo import load_demo_exchange
    from kargah.web.exchange.models import Linkage, Need
    from kargah.web.priorities.demo import load_demo_ranking

    base, _ = site
    load_demo_exchange()
    project = load_demo_ranking()
    expert = project.experts.filter(submitted__isnull=True).get()
    need = Need.objects.filter(status="open").order_by("pk").first()
    linkage = Linkage.objects.order_by("pk").first()
    wrong: dict[str, str] = {}
    for user in ("analyst", "owner", "buyer"):
        page, errors = phone(browser, "fa")
        log_in(page, base, user)
        errors.clear()
        if user == "analyst":
            paths = ["/priorities/projects/", f"/priorities/projects/{project.pk}/",
                     f"/priorities/projects/{project.pk}/results/",
                     f"/priorities/expert/{expert.token}/", f"/exchange/linkages/{linkage.pk}/",
                     "/exchange/"]  # fmt: skip
        else:
            paths = ["/exchange/", f"/exchange/needs/{need.pk}/", "/exchange/statistics/",
                     "/exchange/notices/"]  # fmt: skip
        wrong |= {
            f"{user} {path}": why for path, why in overflow(page, base, paths, errors).items()
        }
        if user == "buyer":  # their need's ranked workshops: the reasons read across the phone
            page.goto(f"{base}/exchange/needs/{need.pk}/")
            widths = page.eval_on_selector_all("#matches ul", "els => els.map(e => e.offsetWidth)")
            assert widths and min(widths) > PHONE["width"] * 0.7, widths[:5]
        page.context.close()
    assert wrong == {}
