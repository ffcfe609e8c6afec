"""The coding workbench in Debian's Chromium: a coder selects a passage with the mouse and another
with Shift+arrows in an answer holding ZWNJ, Persian and Latin digits and an emoji, types a code
and presses Enter — the saved passage is exactly what was selected; opens the whole respondent,
codes a passage there, undoes it with Ctrl+Z and redoes it with Ctrl+Shift+Z; no console error."""

from __future__ import annotations

from typing import Any

import pytest

from kargah.web.accounts.demo import demo_accounts

pytestmark = pytest.mark.django_db(transaction=True)
expect = pytest.importorskip("playwright.sync_api").expect
MIXED = "می‌خواهیم ۱۲ وام 34 بگیریم 🙂 ولی بانک‌ها سود ۲۳٪ می‌گیرند"


@pytest.fixture
def study(live_server: Any) -> tuple[str, Any, Any]:
    from django.core.cache import cache

    from kargah.web.coding.demo import load_demo_study
    from kargah.web.coding.models import Coding, Segment

    cache.clear()
    demo_accounts()
    survey = load_demo_study()
    Coding.objects.filter(coder__username="coder2").delete()  # a fresh coder
    segment = Segment.objects.filter(answer__respondent__survey=survey).order_by("id").first()
    answer = segment.answer
    answer.text = MIXED
    answer.save()
    answer.segments.all().delete()
    segment = Segment.objects.create(answer=answer, start=0, end=len(MIXED))
    return str(live_server.url), survey, segment


def _drag(page: Any, selector: str, start: int, end: int) -> None:
    """Press the mouse at the logical start of character ``start`` and release it at the logical
    end of character ``end - 1`` (right edges in right-to-left text), as a person drags."""
    box = page.evaluate(
        """([selector, start, end]) => {
          const el = document.querySelector(selector);
          const at = (i) => {  // a code-point index → the DOM range of that one character
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            let left = i, node;
            while ((node = walker.nextNode())) {
              const chars = Array.from(node.data);
              if (left < chars.length) {
                const from = chars.slice(0, left).join("").length;
                const r = document.createRange();
                r.setStart(node, from); r.setEnd(node, from + chars[left].length);
                return r.getBoundingClientRect();
              }
              left -= chars.length;
            }
          };
          const a = at(start), b = at(end - 1);
          const middle = (r) => r.top + r.height / 2;
          return {ax: a.right - 1, ay: middle(a), bx: b.left + 1, by: middle(b)};
        }""",
        [selector, start, end],
    )
    page.mouse.move(box["ax"], box["ay"])
    page.mouse.down()
    page.mouse.move(box["bx"], box["by"], steps=5)
    page.mouse.up()


def test_span_coding_by_mouse_and_keyboard_document_view_undo_redo(
    page: Any, study: tuple, log_in: Any
) -> None:
    from kargah.web.coding.models import Coding

    site, survey, segment = study
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, site, "coder2")
    page.goto(f"{site}/coding/{survey.pk}/code/?segment={segment.pk}")

    # by mouse: "بانک‌ها سود" — after the emoji, with a ZWNJ inside
    wanted = "بانک‌ها سود"
    start = MIXED.index(wanted)
    _drag(page, "#answer", start, start + len(wanted))
    expect(page.locator("#span-status")).to_contain_text(wanted)
    page.keyboard.press("Enter")  # from the text to the code field (Playwright types Persian
    page.keyboard.type("سود وام")  # as text input, without the key events a keyboard sends)
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("سود وام")
    mine = Coding.objects.filter(coder__username="coder2", segment__answer=segment.answer)
    coding = mine.get(code__name="سود وام")
    assert MIXED[coding.segment.start : coding.segment.end] == wanted

    # by keyboard: Home, then the caret forward to "۱۲", Shift+arrows over "۱۲ وام 34 بگیریم 🙂"
    wanted = "۱۲ وام 34 بگیریم 🙂"
    start = MIXED.index(wanted)
    page.locator("#answer").focus()
    page.keyboard.press("Home")
    forward = "ArrowLeft"  # right to left: Left moves on through the text
    for _ in range(start):
        page.keyboard.press(forward)
    for _ in range(len(wanted)):  # the emoji is one character: one key press
        page.keyboard.press(f"Shift+{forward}")
    expect(page.locator("#span-status")).to_contain_text("🙂")
    page.keyboard.press("Enter")
    page.keyboard.type("نیاز به وام")
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("نیاز به وام")
    coding = mine.get(code__name="نیاز به وام")
    assert MIXED[coding.segment.start : coding.segment.end] == wanted
    assert page.locator("#answer .hl").count() >= 2  # both passages highlighted, overlapping
    assert page.locator(".coding-margin li").count() == 2

    # the whole respondent: the same highlights and a margin; code a passage there
    page.click("#whole-respondent")
    page.wait_for_url(f"**/coding/{survey.pk}/respondents/**")
    assert page.locator(".coding-margin li").count() == 2
    second = page.locator(".document-answer .span-text").nth(1)
    text = second.inner_text()
    second.focus()
    page.keyboard.press("Home")
    for _ in range(4):
        page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Enter")
    page.keyboard.type("کد سند")
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("کد سند")
    coding = Coding.objects.get(coder__username="coder2", code__name="کد سند")
    assert coding.segment.text == text[:4]

    # undo with Ctrl+Z, redo with Ctrl+Shift+Z, each saying what it was
    page.keyboard.press("Control+z")
    expect(page.locator(".alert-info")).to_contain_text("کد سند")
    assert not Coding.objects.filter(coder__username="coder2", code__name="کد سند").exists()
    page.keyboard.press("Control+Shift+z")
    expect(page.locator(".alert-info")).to_contain_text("کد سند")
    assert Coding.objects.filter(coder__username="coder2", code__name="کد سند").exists()
    page.click("#next-respondent")
    page.wait_for_url(f"**/coding/{survey.pk}/respondents/**")
    page.click("#back-to-coding")
    page.wait_for_url(f"**/coding/{survey.pk}/code/")
    assert not errors, errors
