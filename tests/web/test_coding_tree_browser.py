"""The code tree and the retrieval in Debian's Chromium: the tree's search filters as one types
(an Arabic yeh finds a Persian one), a theme opens by keyboard, a code's "Passages" opens its
retrieval, a filter narrows it, and the analyst moves a code with the "move to…" form."""

from __future__ import annotations

from typing import Any

import pytest

from kargah.web.accounts.demo import demo_accounts

pytestmark = pytest.mark.django_db(transaction=True)
expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def study(live_server: Any) -> tuple[str, Any]:
    from django.core.cache import cache

    from kargah.web.coding.demo import load_demo_study

    cache.clear()
    demo_accounts()
    return str(live_server.url), load_demo_study()


def test_search_the_tree_open_a_codes_passages_and_filter(
    page: Any, study: tuple, log_in: Any
) -> None:
    from kargah.web.coding.models import Code, Coding

    site, survey = study
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    code = Code.objects.filter(survey=survey, name__contains="وثیقه").order_by("name").first()
    log_in(page, site, "analyst")
    page.goto(f"{site}/coding/{survey.pk}/code/")
    items = page.locator(f'#code-tree .tree-code[data-code="{code.pk}"]')
    expect(items).to_be_hidden()  # its theme starts closed
    page.fill("#tree-search", "وثيقه")  # typed with an Arabic yeh
    expect(items).to_be_visible()
    hidden = page.locator("#code-tree .tree-code:not([hidden])").count()
    assert 0 < hidden < Code.objects.filter(survey=survey).count()
    page.fill("#tree-search", "چیزی-که-نیست")
    expect(page.locator("#tree-none")).to_be_visible()
    page.fill("#tree-search", "")
    items.locator(".tree-retrieve").first.click()
    page.wait_for_url(f"**/coding/{survey.pk}/retrieve/?code={code.pk}")
    total = Coding.objects.filter(code=code).count()
    expect(page.locator("article.passage")).to_have_count(min(total, 25))
    expect(page.locator("article.passage mark").first).to_be_visible()
    page.select_option("select[name=coder]", "coder2")
    page.click("#retrieve-form button[type=submit]")
    mine = Coding.objects.filter(code=code, coder__username="coder2").count()
    expect(page.locator("article.passage")).to_have_count(min(mine, 25))
    expect(page.locator("article.passage .coder")).to_have_text(["coder2"] * min(mine, 25))
    assert not errors, errors


def test_the_analyst_moves_a_code_under_another_without_a_mouse(
    page: Any, study: tuple, log_in: Any
) -> None:
    from kargah.web.coding.models import Code

    site, survey = study
    first, second = Code.objects.filter(survey=survey).order_by("id")[:2]
    log_in(page, site, "analyst")
    page.goto(f"{site}/coding/{survey.pk}/code/")
    page.fill("#tree-search", first.name[:8])
    page.locator(f'.tree-code[data-code="{first.pk}"] .tree-pick').first.focus()
    page.keyboard.press("Enter")  # "Move…": the form takes this code, the place is chosen next
    assert page.evaluate("document.activeElement.id") == "tree-target"
    page.select_option("#tree-target", f"code-{second.pk}")
    page.click("#tree-move")
    expect(page.locator(".alert-success")).to_be_visible()
    first.refresh_from_db()
    assert first.parent_id == second.pk
