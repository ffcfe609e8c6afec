"""The codebook page no longer carries every code's merge and move lists (codes × codes options,
1.2 MB on the demo): each row's edit forms come from their own URL when opened (htmx), and
they still change the codebook."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kargah.web.accounts.demo import demo_accounts
from kargah.web.coding.demo import load_demo_study
from kargah.web.coding.models import Code, Coding, Theme
from kargah.web.survey.models import Survey

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def demo() -> Survey:
    demo_accounts()
    return load_demo_study()


def _as(name: str) -> Client:
    client = Client(**EN)
    client.force_login(User.objects.get(username=name))
    return client


def test_the_codebook_page_carries_no_code_lists(demo: Survey) -> None:
    page = _as("analyst").get(f"/coding/{demo.pk}/codebook/").content.decode()
    codes = Code.objects.filter(survey=demo)
    themes = Theme.objects.filter(survey=demo).count()
    assert page.count('name="into"') == themes  # the themes' own merge lists only
    assert page.count("<option") < themes * 10 + 10
    assert len(page.encode()) < 300_000
    for code in codes:
        assert f'hx-get="/coding/{demo.pk}/codes/{code.pk}/edit/"' in page


def test_a_rows_forms_offer_every_other_code_and_every_theme(demo: Survey) -> None:
    code = Code.objects.filter(survey=demo, theme__isnull=False).first()
    assert code is not None
    url = f"/coding/{demo.pk}/codes/{code.pk}/edit/"
    part = _as("analyst").get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in part  # a fragment for htmx
    others = Code.objects.filter(survey=demo).exclude(pk=code.pk)
    for other in others:
        assert f'<option value="{other.pk}">' in part
    assert f'<option value="{code.theme_id}" selected>' in part
    assert f'action="/coding/{demo.pk}/codebook/"' in part
    whole = _as("analyst").get(url).content.decode()
    assert "<html" in whole and 'name="into"' in whole  # without htmx: a page of its own


def test_the_forms_fetched_on_demand_still_merge(demo: Survey) -> None:
    code, into = Code.objects.filter(survey=demo)[:2]
    analyst = _as("analyst")
    part = analyst.get(f"/coding/{demo.pk}/codes/{code.pk}/edit/", HTTP_HX_REQUEST="true")
    assert 'name="action" value="merge"' in part.content.decode()
    moved = Coding.objects.filter(code=code).count()
    before = Coding.objects.filter(code=into).count()
    analyst.post(
        f"/coding/{demo.pk}/codebook/", {"action": "merge", "code": code.pk, "into": into.pk}
    )
    assert Coding.objects.filter(code=into).count() == before + moved


def test_only_analysts_fetch_the_forms_and_only_for_the_surveys_codes(demo: Survey) -> None:
    code = Code.objects.filter(survey=demo).first()
    assert code is not None
    assert _as("coder").get(f"/coding/{demo.pk}/codes/{code.pk}/edit/").status_code == 403
    other = Survey.objects.create(title_fa="دیگر")
    assert _as("analyst").get(f"/coding/{other.pk}/codes/{code.pk}/edit/").status_code == 404
    assert Client().get(f"/coding/{demo.pk}/codes/{code.pk}/edit/").status_code == 302


def test_opening_a_rows_edit_loads_its_forms_in_the_browser(
    live_server: Any, page: Any, log_in: Any, transactional_db: Any
) -> None:
    from django.core.cache import cache

    cache.clear()
    demo_accounts()
    survey = load_demo_study()
    code = Code.objects.filter(survey=survey, theme__isnull=False).first()
    assert code is not None
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    site = str(live_server.url)
    log_in(page, site, "analyst")
    page.goto(f"{site}/coding/{survey.pk}/codebook/")
    page.click(f"#theme-{code.theme_id} > summary")
    row = page.locator(f"#code-{code.pk}")
    row.locator("details.code-edit summary").click()
    row.locator("select[name=into]").wait_for()
    assert (
        row.locator("select[name=into] option").count()
        == Code.objects.filter(survey=survey).count() - 1
    )
    assert not errors
