"""The survey and its coding as people use them, in Debian's Chromium: a respondent fills half
the form, leaves, comes back and submits; a coder codes five segments by keyboard alone; the
analyst reads the frequency table, downloads XLSX and .qdpx, and imports the .qdpx back into a
new survey with nothing lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kargah.coding import read_qdpx
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


def test_respondent_fills_half_comes_back_and_submits(browser: Any, study: tuple) -> None:
    from kargah.web.survey.models import Respondent

    site, survey = study
    invitation = survey.invitations.filter(submitted__isnull=True).first()
    url = f"{site}/survey/r/{invitation.token}/"
    first = browser.new_context(locale="fa-IR").new_page()  # no account, no cookies
    first.goto(url)
    assert first.locator("html").get_attribute("dir") == "rtl"
    first.fill("input[name=investment_challenge_1]", "سود بالای وام بانکی")
    first.fill("input[name=investment_challenge_2]", "نبود وثیقه")
    expect(first.locator("#save-state")).to_contain_text("✓")  # no eval under the site's CSP
    first.context.close()  # leaves without submitting

    again = browser.new_context(locale="fa-IR").new_page()
    again.goto(url)
    assert again.input_value("input[name=investment_challenge_2]") == "نبود وثیقه"
    again.fill("input[name=investment_solution_1]", "صندوق ضمانت استانی")
    again.click("#submit")
    again.wait_for_selector("#thanks")
    respondent = Respondent.objects.get(invitation=invitation)
    assert respondent.answers.count() == 3
    again.goto(url)
    assert again.locator("#thanks").is_visible()  # the link is closed after submitting
    again.context.close()


def test_coder_codes_five_segments_by_keyboard(page: Any, study: tuple, log_in: Any) -> None:
    from kargah.web.coding.models import Coding

    site, survey = study
    Coding.objects.filter(coder__username="coder2").delete()  # a fresh second coder
    log_in(page, site, "coder2")
    page.goto(f"{site}/coding/{survey.pk}/code/")
    coded = []
    for _ in range(5):
        segment = page.locator("section.segment").get_attribute("data-segment")
        text = page.locator("#segment-text").inner_text()
        page.keyboard.type(text.split(" در ")[0][:12])  # the start of the code, as a coder types
        page.keyboard.press("Enter")  # accept: the typed name; a new code if it is new
        expect(page.locator("section.segment")).not_to_have_attribute("data-segment", segment)
        coded.append(int(segment))
    assert Coding.objects.filter(coder__username="coder2", segment_id__in=coded).count() == 5
    # Alt+N skips without coding
    skipped = page.locator("section.segment").get_attribute("data-segment")
    page.keyboard.press("Alt+n")
    expect(page.locator("section.segment")).not_to_have_attribute("data-segment", skipped)
    assert not Coding.objects.filter(coder__username="coder2", segment_id=skipped).exists()


def test_analyst_reads_results_downloads_and_imports_back(
    page: Any, study: tuple, tmp_path: Path, log_in: Any
) -> None:
    from kargah.web.survey.models import Survey

    site, survey = study
    log_in(page, site, "analyst")
    page.goto(f"{site}/coding/{survey.pk}/results/")
    first = page.locator("section.block").first
    assert "۵۱" in first.locator("td.count").first.inner_text()  # Persian digits in Persian
    assert "۱۹٫۰" in first.locator("td.share").first.inner_text()  # the Persian decimal mark
    page.wait_for_selector("#chart-b0 svg")
    with page.expect_download() as xlsx:
        page.click("#download-xlsx")
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    with page.expect_download() as qdpx:
        page.click("#download-qdpx")
    saved = tmp_path / qdpx.value.suggested_filename
    qdpx.value.save_as(saved)
    original = read_qdpx(saved).summary()

    page.goto(f"{site}/coding/import/")
    page.set_input_files("input[name=file]", str(saved))
    page.fill("input[name=title]", "بازگردانده")
    page.click("form button[type=submit] >> nth=-1")
    page.wait_for_url("**/codebook/")
    copy = Survey.objects.get(title_fa="بازگردانده")
    with page.expect_download() as back:
        page.goto(f"{site}/coding/{copy.pk}/results/")
        page.click("#download-qdpx")
    again = tmp_path / "again.qdpx"
    back.value.save_as(again)
    assert read_qdpx(again).summary() == original
    page.goto(f"{site}/coding/{survey.pk}/agreement/")
    assert page.locator("table.agreement td.kappa").count() >= 7
