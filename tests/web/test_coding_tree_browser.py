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
    items.locator(".tree-count").first.click()
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


def test_the_analyst_drags_a_code_onto_a_theme_and_onto_a_codes_merge_zone(
    page: Any, study: tuple, log_in: Any
) -> None:
    from kargah.web.coding.models import Code, Theme

    site, survey = study
    themes = list(Theme.objects.filter(survey=survey).order_by("order", "id")[:2])
    moved, kept = Code.objects.filter(survey=survey, theme=themes[0]).order_by("name")[:2]
    # tall enough for the dragged row and the theme it goes to to be on screen together in the
    # side column (a person's drag scrolls the page as it nears the edge; the robot's does not)
    page.set_viewport_size({"width": 1366, "height": 1400})
    log_in(page, site, "analyst")
    page.goto(f"{site}/coding/{survey.pk}/code/")
    first = page.locator(f'#code-tree .tree-theme[data-target="theme-{themes[0].pk}"]')
    first.locator(":scope > .tree-row .tree-toggle").click()
    row = page.locator(f'.tree-code[data-code="{moved.pk}"] > .tree-row')
    second = page.locator(f'#code-tree .tree-theme[data-target="theme-{themes[1].pk}"] > .tree-row')
    row.drag_to(second)
    expect(page.locator(".alert-success")).to_be_visible()
    moved.refresh_from_db()
    assert moved.theme == themes[1]
    # back on the page, merge a code into another by its "merge" zone
    first = page.locator(f'#code-tree .tree-theme[data-target="theme-{themes[1].pk}"]')
    first.locator(":scope > .tree-row .tree-toggle").click()
    other = page.locator(f'#code-tree .tree-theme[data-target="theme-{themes[0].pk}"]')
    other.locator(":scope > .tree-row .tree-toggle").click()
    source = page.locator(f'.tree-code[data-code="{moved.pk}"] > .tree-row')
    source.drag_to(page.locator(f'.tree-code[data-code="{kept.pk}"] .tree-merge-zone'), force=True)
    expect(page.locator(".alert-success")).to_be_visible()
    assert not Code.objects.filter(pk=moved.pk).exists()


def test_the_tree_is_beside_the_answer_on_a_wide_screen_and_below_it_on_a_phone(
    page: Any, study: tuple, log_in: Any
) -> None:
    site, survey = study
    log_in(page, site, "analyst")
    for width, beside in ((1366, True), (390, False)):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{site}/coding/{survey.pk}/code/")
        text, tree = (
            page.locator("section.segment").bounding_box(),
            page.locator("#code-tree").bounding_box(),
        )
        assert text and tree
        if beside:  # side by side (the tree at the start of the line in Persian: on the left)
            assert tree["y"] < text["y"] + text["height"] and tree["x"] + tree["width"] <= text["x"]
        else:
            assert tree["y"] >= text["y"] + text["height"]
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
