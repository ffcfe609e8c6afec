"""Retrieval by code: every passage coded with a code (its sub-codes included) or a theme, with
its context and the respondent's profile; filters by area, kind, sector and coder; coders blind
to each other until the comparison; the XLSX has the page's headings, the passages as text and
no live formula; the JSON API answers the same with the same rights."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from tests.web.people import client_of, user_in
from tests.web.test_coding_tree import study  # noqa: F401 (a fixture)

from kargah.web.coding.models import Code, Coding, Segment
from kargah.web.survey.models import Answer, Area, Question, Respondent, Survey

pytestmark = pytest.mark.django_db
FA = {"HTTP_ACCEPT_LANGUAGE": "fa"}


@pytest.fixture
def more(study: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """A private-sector respondent answering in another area, a solution, with a formula-like
    answer, coded by bob with C (a sub-code two levels down)."""
    survey = study["survey"]
    area = Area.objects.create(survey=survey, key="market", fa="بازار", en="Market", order=1)
    question = Question.objects.create(
        survey=survey, key="s", type="text", fa="راه؟", area=area, kind="solution"
    )
    respondent = Respondent.objects.create(
        survey=survey, code="R2", sector="private", role="مدیر", organisation="تعاونی"
    )
    text = '=HYPERLINK("http://x") ' + "پیش " * 60 + "تسهیلات ارزان" + " پس" * 60
    answer = Answer.objects.create(respondent=respondent, question=question, rank=1, text=text)
    start = text.index("تسهیلات ارزان")
    Segment.objects.whole([answer])
    whole = Segment.objects.get(answer=answer)
    part = Segment.objects.create(answer=answer, start=start, end=start + len("تسهیلات ارزان"))
    Coding.objects.create(segment=part, coder=study["bob"], code=study["c"])
    Coding.objects.create(segment=whole, coder=study["bob"], code=study["loose"])
    return {**study, "market": area, "part": part, "whole": whole}


def _passages(client: Client, survey: int, query: str) -> list[str]:
    data = client.get(f"/api/coding/surveys/{survey}/passages?{query}").json()
    return sorted(f"{p['coder']}:{p['code']}" for p in data["passages"])


def test_a_code_retrieves_its_sub_codes_passages_with_context_and_profile(
    more: dict[str, Any],
) -> None:
    survey = more["survey"]
    analyst = client_of(more["analyst"])
    url = f"/coding/{survey.pk}/retrieve/"
    page = analyst.get(url, {"code": more["a"].pk}).content.decode()
    assert page.count('class="passage ') == 4  # alice's A and C, bob's B and C
    assert "<mark>تسهیلات ارزان</mark>" in page  # the passage highlighted …
    assert "پیش پیش" in page and "…" in page  # … in its context, cut to a window
    assert "تعاونی" in page and "مدیر" in page and "private" in page  # the profile
    assert _passages(analyst, survey.pk, f"code={more['b'].pk}") == [
        "alice:وام بانکی", "bob:وام", "bob:وام بانکی"]  # fmt: skip
    assert len(_passages(analyst, survey.pk, f"theme={more['theme'].pk}")) == 4
    assert _passages(analyst, survey.pk, f"code={more['loose'].pk}") == ["bob:بازار"]


def test_the_filters(more: dict[str, Any]) -> None:
    survey, analyst = more["survey"], client_of(more["analyst"])
    theme = f"theme={more['theme'].pk}"
    assert _passages(analyst, survey.pk, f"{theme}&area={more['market'].pk}") == ["bob:وام بانکی"]
    assert _passages(analyst, survey.pk, f"{theme}&kind=solution") == ["bob:وام بانکی"]
    assert _passages(analyst, survey.pk, f"{theme}&sector=private") == ["bob:وام بانکی"]
    assert _passages(analyst, survey.pk, f"{theme}&coder=alice") == [
        "alice:نقدینگی", "alice:وام بانکی"]  # fmt: skip
    page = analyst.get(f"/coding/{survey.pk}/retrieve/?{theme}&kind=solution").content.decode()
    assert page.count('class="passage ') == 1


def test_coders_retrieve_only_their_own_until_the_comparison(more: dict[str, Any]) -> None:
    survey = more["survey"]
    alice = client_of(more["alice"])
    assert _passages(alice, survey.pk, f"code={more['a'].pk}") == [
        "alice:نقدینگی", "alice:وام بانکی"]  # fmt: skip
    page = alice.get(f"/coding/{survey.pk}/retrieve/", {"code": more["a"].pk}).content.decode()
    assert "bob" not in page
    # asking for bob's codings is a message, not bob's passages (the valid filters still apply)
    page = alice.get(f"/coding/{survey.pk}/retrieve/?coder=bob&kind=challenge").content.decode()
    assert 'class="coder">bob' not in page and 'role="alert"' in page
    assert page.count('class="coder">alice') == 2
    assert client_of(more["analyst"]).get(f"/coding/{survey.pk}/agreement/").status_code == 200
    assert len(_passages(alice, survey.pk, f"code={more['a'].pk}")) == 4


def test_rights_and_bad_parameters(more: dict[str, Any]) -> None:
    survey = more["survey"]
    url = f"/coding/{survey.pk}/retrieve/"
    assert Client().get(url).status_code == 302  # to the login
    buyer = client_of(user_in("carol", "buyer"))
    assert buyer.get(url).status_code == 403
    assert buyer.get(f"/api/coding/surveys/{survey.pk}/passages").status_code == 403
    assert Client().get(f"/api/coding/surveys/{survey.pk}/passages").status_code == 401
    analyst = client_of(more["analyst"])
    for bad in ["code=abc", "theme=999999", "area=x", "kind=z", "page=0", "code=" + "9" * 30]:
        response = analyst.get(f"{url}?{bad}")
        assert response.status_code == 200, bad
        assert 'role="alert"' in (response.content.decode()), bad
        assert analyst.get(f"/api/coding/surveys/{survey.pk}/passages?{bad}").status_code == 400
    assert analyst.get("/api/coding/surveys/999999/passages").status_code == 404
    elsewhere = Survey.objects.create(title_fa="دیگر")
    other = Code.objects.create(survey=elsewhere, name="دیگر")
    page = analyst.get(f"{url}?code={other.pk}").content.decode()  # another survey's: a message
    assert 'role="alert"' in page


def test_the_workbook_has_the_pages_headings_text_cells_and_no_formula(
    more: dict[str, Any],
) -> None:
    survey = more["survey"]
    analyst = Client(**FA)
    analyst.force_login(more["analyst"])
    response = analyst.get(
        f"/coding/{survey.pk}/retrieve/", {"code": more["loose"].pk, "format": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "پاسخ‌دهنده" and "گزیده" in rows[0]  # Persian headings, as the page
    assert len(rows) == 2 and rows[1][0] == "R2" and rows[1][7] == "بازار"
    passage = rows[1][10]
    assert passage.startswith("'=HYPERLINK")  # text, not a live formula
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.sheet_view.rightToLeft
