"""Per-GET load on the coding pages (issue 13 review): the coding screen, the document view, the
codebook and the progress table ask a fixed number of queries, however many coders and codes
the survey has (measured on a small survey and on one three times its size), and a GET of the
coding screen writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.web.people import client_of, user_in

from kargah.web.coding import assist, progress
from kargah.web.coding.models import (
    Assignment,
    AssistSetting,
    Code,
    Coding,
    Segment,
    Suggestion,
    Theme,
)
from kargah.web.jobs.models import Job
from kargah.web.survey.models import Answer, Area, Question, Respondent, Survey

pytestmark = pytest.mark.django_db

#: the most queries each page may ask (a coder's page, the analyst's; measured 33 on the coding
#: screen, 16 on the progress table; 55 and 23 + 6 a coder before the review's mends)
SCREEN, DOCUMENT, CODEBOOK, PROGRESS = 35, 29, 33, 18


def world(name: str, coders: int, codes: int) -> tuple[Survey, list[User]]:
    """Eight respondents with an answer in each of two areas; ``codes`` codes in two themes,
    chains of sub-codes; every coder coded the first eight answers, every other coder is
    assigned answers 4–11; coder 1 selected and coded a passage of answer 8, has a suggestion
    for it, and the last round of suggestions is done."""
    survey = Survey.objects.create(title_fa=f"آزمون {name}")
    answers = []
    for i in range(2):
        area = Area.objects.create(survey=survey, key=f"a{i}", fa=f"حوزه {i}", en=f"a{i}", order=i)
        question = Question.objects.create(
            survey=survey, key=f"q{i}", type="text", fa="؟", area=area, kind="challenge", order=i
        )
        for r in range(8):
            respondent, _ = Respondent.objects.get_or_create(survey=survey, code=f"R{r}")
            text = f"پاسخ شماره {r} به پرسش {i}"
            answers.append(
                Answer.objects.create(respondent=respondent, question=question, text=text)
            )
    answers.sort(key=lambda a: (a.respondent_id, a.question_id))
    segments = Segment.objects.whole(answers)
    themes = [Theme.objects.create(survey=survey, name=f"مضمون {i}") for i in range(2)]
    made: list[Code] = []
    for i in range(codes):
        parent = made[-1] if i % 3 else None
        theme = None if parent else themes[i % 2]
        made.append(Code.objects.create(survey=survey, name=f"کد {i}", theme=theme, parent=parent))
    people = [user_in(f"{name}-coder{i}", "coder") for i in range(coders)]
    for i, person in enumerate(people):
        for j, segment in enumerate(segments[:8]):
            Coding.objects.create(segment=segment, coder=person, code=made[(i + j) % codes])
        if i % 2:
            Assignment.objects.bulk_create(
                Assignment(answer=a, coder=person) for a in answers[4:12]
            )
    me = people[1]
    passage = Segment.objects.create(answer=answers[8], start=0, end=4, selected_by=me)
    Coding.objects.create(segment=passage, coder=me, code=made[-1])
    Suggestion.objects.create(segment=segments[8], coder=me, code=made[0], confidence=0.9)
    AssistSetting.objects.create(survey=survey, after=2)
    counted = Coding.objects.filter(segment__answer__respondent__survey=survey).count()
    done = {"survey": survey.pk, "threshold": 0.3, "codings": counted}
    Job.objects.create(kind=assist.KIND, status=Job.DONE, result=done)
    return survey, people


def asked(client: Any, url: str, most: int, assert_max: Any) -> int:
    """The queries one GET of ``url`` asks (after a first GET: sessions and caches warm)."""
    assert client.get(url).status_code == 200
    with assert_max(most) as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def pages(survey: Survey, coder: User, analyst: User) -> list[tuple[str, Any, str, int]]:
    first = Respondent.objects.filter(survey=survey).order_by("pk").first()
    assert first is not None
    screen = reverse("coding:code", args=[survey.pk])
    document = reverse("coding:respondent", args=[survey.pk, first.pk])
    codebook = reverse("coding:codebook", args=[survey.pk])
    mine, theirs = client_of(coder), client_of(analyst)
    return [
        ("the coder's coding screen", mine, screen, SCREEN),
        ("the analyst's coding screen", theirs, screen, SCREEN),
        ("the coder's document view", mine, document, DOCUMENT),
        ("the analyst's document view", theirs, document, DOCUMENT),
        ("the coder's codebook", mine, codebook, CODEBOOK),
        ("the analyst's codebook", theirs, codebook, CODEBOOK),
        ("the progress table", theirs, reverse("coding:assign", args=[survey.pk]), PROGRESS),
    ]


def test_the_coding_pages_ask_as_many_queries_for_many_coders_and_codes_as_for_few(
    django_assert_max_num_queries: Any,
) -> None:
    analyst = user_in("ann", "analyst")
    counts = {}
    for name, coders, codes in (("small", 2, 3), ("big", 6, 12)):
        survey, people = world(name, coders, codes)
        page = client_of(people[1]).get(reverse("coding:code", args=[survey.pk])).content
        assert b'class="suggestion"' in page and b"hl-" in page  # every part of it is drawn
        for label, client, url, most in pages(survey, people[1], analyst):
            counts[name, label] = asked(client, url, most, django_assert_max_num_queries)
    for _name, label in [key for key in counts if key[0] == "small"]:
        assert counts["big", label] == counts["small", label], label


def test_a_get_of_the_coding_screen_writes_nothing() -> None:
    survey, people = world("w", 2, 3)
    AssistSetting.objects.filter(survey=survey).delete()  # the defaults: nothing saved
    client = client_of(people[1])
    url = reverse("coding:code", args=[survey.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as seen:
        page = client.get(url)
    assert page.status_code == 200 and b'id="suggestions-later"' in page.content  # 20 to go
    writes = [q["sql"] for q in seen.captured_queries
              if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]  # fmt: skip
    assert writes == []
    assert not AssistSetting.objects.filter(survey=survey).exists()


def test_progress_in_a_few_queries_counts_as_answer_by_answer() -> None:
    """The progress table's tally and the coding screen's counts agree with each other and with
    the definition: an answer is done when every segment of it has the coder's coding (a split
    answer half coded is not, nor one with a passage only another coder selected and coded)."""
    survey, people = world("p", 4, 5)
    me = people[1]
    answer = Answer.objects.filter(respondent__survey=survey).order_by("pk")[5]
    (whole,) = Segment.objects.filter(answer=answer)
    Segment.objects.create(answer=answer, start=3, end=whole.end)  # a split: half coded
    Segment.objects.filter(pk=whole.pk).update(end=3)
    other = Answer.objects.filter(respondent__survey=survey).order_by("pk")[2]
    theirs = Segment.objects.create(answer=other, start=0, end=2, selected_by=people[0])
    Coding.objects.create(segment=theirs, coder=people[0], code=Code.objects.first())
    for user in people:
        answers = Answer.objects.filter(respondent__survey=survey)
        if Assignment.objects.filter(coder=user).exists():
            answers = answers.filter(assignments__coder=user)
        done = sum(
            all(s.codings.filter(coder=user).exists() for s in a.segments.all())
            and a.segments.exists()
            for a in answers
        )
        quick, tallied = (
            progress.for_coder(survey, user),
            progress.for_coder(survey, user, by_area=True),
        )
        assert (
            (quick.done, quick.assigned) == (tallied.done, tallied.assigned) == (done, len(answers))
        )
        assert sum(a["done"] for a in tallied.areas) == done
    rows = {p.coder: p for p in progress.for_survey(survey)}
    assert rows[me.username].done == progress.for_coder(survey, me).done
