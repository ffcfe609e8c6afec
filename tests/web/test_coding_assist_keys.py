"""Suggestions by keyboard and in the document view (issue 13): every suggestion shown, not only
the first, is accepted or rejected by its own key; the document view shows each answer's
suggestions (only once the coder has coded enough, as the coding screen does), decided there and
back at the same answer."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect
from tests.web.test_coding_assist import client, crafted, round_

from kargah.web.coding.models import Code, Coding, Segment, Suggestion
from kargah.web.survey.models import Answer, Survey


def offer(segment: Segment, pairs: list[tuple[str, float]], user: str = "coder") -> list[int]:
    """After a round: the coder's suggestions for ``segment`` are these (code, confidence), open
    — the test decides which comes second, not the model."""
    coder = User.objects.get(username=user)
    Suggestion.objects.filter(segment=segment, coder=coder).delete()
    made = [
        Suggestion.objects.create(
            segment=segment, coder=coder, code=Code.objects.get(name=name), confidence=confidence
        )
        for name, confidence in pairs
    ]
    return [s.pk for s in made]


def second_answer(segment: Segment, text: str = "وام بانکی و بیمه هر دو سنگین است") -> Segment:
    """Another answer of the same respondent (the document view shows them together)."""
    first = segment.answer
    answer = Answer.objects.create(
        respondent=first.respondent, question=first.question, rank=2, text=text
    )
    (made,) = Segment.objects.whole([answer])
    return made


def state(pk: int) -> str:
    return Suggestion.objects.get(pk=pk).state


def document(survey: Survey, segment: Segment) -> str:
    return f"/coding/{survey.pk}/respondents/{segment.answer.respondent_id}/"


@pytest.fixture
def study() -> tuple[Survey, dict[str, list[Segment]]]:
    """The suggestions tests' survey after a round (test_coding_assist.crafted)."""
    survey, segments = crafted()
    round_(survey)
    return survey, segments


@pytest.fixture
def coder_page(study: Any, page: Any, live_server: Any, log_in: Any) -> tuple[Any, list[str]]:
    """The browser signed in as coder, and the errors of its console (there must be none)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, live_server.url, "coder")
    return page, errors


@pytest.mark.django_db
def test_the_document_view_shows_each_answers_suggestions_and_decides_them_there(
    study: Any,
) -> None:
    survey, segments = study
    first = segments["insurance"][-1]
    other = second_answer(first)
    (insurance,) = offer(first, [("بیمه", 0.9)])
    loan, _ = offer(other, [("وام", 0.8), ("بیمه", 0.6)])
    url = document(survey, first)
    page = client("coder").get(url).content.decode()
    listed = re.findall(r'id="suggestions-(\d+)"|data-code="([^"]+)"', page)
    assert listed == [(str(first.answer_id), ""), ("", "بیمه"),
                      (str(other.answer_id), ""), ("", "وام"), ("", "بیمه")]  # fmt: skip
    assert 'id="suggestions-keys"' in page
    # coder2 has coded nothing: the minimum-codings rule holds here as on the coding screen
    offer(first, [("بیمه", 0.9)], user="coder2")
    theirs = client("coder2").get(url).content.decode()
    assert "coded 10 more segments yourself" in theirs and 'class="suggestion"' not in theirs
    # accepted here: an assisted coding, and back to the same answer of the document view
    answer = client("coder").post(
        f"/coding/{survey.pk}/suggestions/accept/", {"suggestion": loan, "next": url}
    )
    assert answer["Location"] == f"{url}#text-{other.answer_id}"
    coding = Coding.objects.get(segment=other, coder__username="coder")
    assert coding.assisted and coding.code.name == "وام"
    page = client("coder").get(url).content.decode()
    assert f'id="suggestions-{other.answer_id}"' not in page  # coded: its suggestions go
    answer = client("coder").post(
        f"/coding/{survey.pk}/suggestions/reject/", {"suggestion": insurance, "next": url}
    )
    assert answer["Location"] == f"{url}#text-{first.answer_id}"
    assert state(insurance) == "rejected"
    # only a page of this survey's coding is gone back to
    left = offer(first, [("وام", 0.5)])[0]
    answer = client("coder").post(
        f"/coding/{survey.pk}/suggestions/reject/", {"suggestion": left, "next": "//x.org/"}
    )
    assert answer["Location"].startswith(f"/coding/{survey.pk}/code/")


@pytest.mark.django_db(transaction=True)
def test_the_second_suggestion_is_accepted_and_rejected_by_keys(
    study: Any, coder_page: Any, live_server: Any
) -> None:
    (survey, segments), (page, errors) = study, coder_page
    target, other = segments["insurance"][-1], segments["loan"][-1]
    kept, taken = offer(target, [("بیمه", 0.9), ("وام", 0.6)])
    page.goto(f"{live_server.url}/coding/{survey.pk}/code/?segment={target.pk}")
    keys = page.locator("#suggestions .suggestion").nth(1).locator("kbd")
    assert keys.all_inner_texts() == ["۲", "⇧۲"]  # the keys, in Persian digits
    expect(page.locator("#code-input")).to_be_focused()
    page.keyboard.press("Alt+2")  # in the code box: with Alt
    page.wait_for_url(re.compile(rf"after={target.pk}"))
    coding = Coding.objects.get(segment=target, coder__username="coder")
    assert coding.assisted and coding.code.name == "وام"
    assert (state(kept), state(taken)) == ("open", "accepted")

    first, second = offer(other, [("وام", 0.9), ("بیمه", 0.5)])
    page.goto(f"{live_server.url}/coding/{survey.pk}/code/?segment={other.pk}")
    expect(page.locator("#code-input")).to_be_focused()
    page.keyboard.press("Escape")  # out of the code box, to the answer: the keys alone
    expect(page.locator("#answer")).to_be_focused()
    page.keyboard.press("Shift+2")
    expect(page.locator("#suggestions .suggestion")).to_have_count(1)
    assert (state(first), state(second)) == ("open", "rejected")
    # R rejects the suggestion one moved to with Tab
    first, second = offer(other, [("وام", 0.9), ("بیمه", 0.5)])
    page.reload()
    page.locator("#suggestions .suggestion").nth(1).locator("button.accept").focus()
    page.keyboard.press("r")
    expect(page.locator("#suggestions .suggestion")).to_have_count(1)
    assert (state(first), state(second)) == ("open", "rejected")
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_the_keys_act_on_the_suggestions_of_the_answer_one_is_in(
    study: Any, coder_page: Any, live_server: Any
) -> None:
    (survey, segments), (page, errors) = study, coder_page
    first = segments["insurance"][-1]
    other = second_answer(first)
    mine = offer(first, [("بیمه", 0.9), ("وام", 0.4)])
    theirs = offer(other, [("وام", 0.8), ("بیمه", 0.6)])
    url = f"{live_server.url}{document(survey, first)}"
    page.goto(url)
    texts = page.locator(".document-answer .span-text")
    texts.nth(1).focus()
    expect(page.locator(f"#suggestions-{other.answer_id}")).to_have_class(re.compile("current"))
    page.keyboard.press("2")
    page.wait_for_url(f"{url}#text-{other.answer_id}")
    expect(page.locator(".alert-success")).to_contain_text("بیمه")
    coding = Coding.objects.get(segment=other, coder__username="coder")
    assert coding.assisted and coding.code.name == "بیمه"
    assert [state(pk) for pk in mine + theirs] == ["open", "open", "open", "accepted"]
    expect(texts.nth(1)).to_be_focused()  # back at the same answer, the keys with it
    texts.nth(0).click()
    expect(page.locator(f"#suggestions-{first.answer_id}")).to_have_class(re.compile("current"))
    page.keyboard.press("Shift+1")
    expect(page.locator(f"#suggestions-{first.answer_id} .suggestion")).to_have_count(1)
    assert [state(pk) for pk in mine] == ["rejected", "open"]
    assert not errors, errors


def test_keys_in_an_answer_without_suggestions_decide_nothing_elsewhere(
    study: Any, coder_page: Any, live_server: Any
) -> None:
    """Only one answer has suggestions: a key pressed in the other answer's text is not theirs."""
    (survey, segments), (page, errors) = study, coder_page
    first = segments["insurance"][-1]
    other = second_answer(first)
    mine = offer(first, [("بیمه", 0.9)])
    page.goto(f"{live_server.url}{document(survey, other)}")
    texts = page.locator(".document-answer .span-text")
    texts.nth(1).focus()
    expect(page.locator(f"#suggestions-{first.answer_id}")).not_to_have_class(re.compile("current"))
    page.keyboard.press("1")
    page.keyboard.press("Shift+1")
    page.wait_for_timeout(300)
    assert [state(pk) for pk in mine] == ["open"]
    assert not Coding.objects.filter(segment=first, coder__username="coder").exists()
    assert not errors, errors
