"""Coder assignment and progress (issue 13): the analyst gives answers to coders by area and by
a range of respondents, split evenly or overlapping, takes them back and undoes the last batch,
all or nothing with a message for bad input; each coder's done / assigned, per area too, on the
page and in the JSON API, with the pages' rights; a coder with assignments codes those."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from tests.web.people import client_of, user_in

from kargah.web.coding import progress
from kargah.web.coding.models import Assignment, Code, Coding, Segment
from kargah.web.survey.models import Answer, Area, Question, Respondent, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey() -> Survey:
    """Six respondents, one answer in each of two areas (12 answers, one segment each)."""
    survey = Survey.objects.create(title_fa="آزمون")
    answers = []
    for i, key in enumerate(["finance", "market"]):
        area = Area.objects.create(survey=survey, key=key, fa=f"حوزه {i}", en=key, order=i)
        question = Question.objects.create(
            survey=survey, key=key, type="text", fa="؟", area=area, kind="challenge", order=i
        )
        for r in range(6):
            respondent, _ = Respondent.objects.get_or_create(survey=survey, code=f"R{r + 1:02}")
            answers.append(
                Answer.objects.create(respondent=respondent, question=question, text=f"پاسخ {r}")
            )
    Segment.objects.whole(answers)
    return survey


@pytest.fixture
def people() -> dict[str, User]:
    _sessions.clear()
    return {
        "analyst": user_in("ann", "analyst"),
        "alice": user_in("alice", "coder"),
        "bob": user_in("bob", "coder"),
        "carol": user_in("carol", "coder"),
        "owner": user_in("olga", "owner"),
    }


_sessions: dict[int, Client] = {}


def _post(people: dict[str, User], survey: Survey, **data: object) -> str:
    """As the analyst, in one session (an unassignment's undo is kept there)."""
    analyst = people["analyst"]
    client = _sessions.get(analyst.pk)
    if client is None:
        client = _sessions[analyst.pk] = client_of(analyst)
    response = client.post(
        f"/coding/{survey.pk}/assign/", {"action": "assign", **data}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


def _of(user: User) -> set[int]:
    return set(Assignment.objects.filter(coder=user).values_list("answer_id", flat=True))


def test_split_evenly_keeps_a_respondents_answers_together(survey, people) -> None:
    alice, bob = people["alice"], people["bob"]
    page = _post(people, survey, coders=[alice.pk, bob.pk], copies=1)
    assert "12 answers assigned" in page
    assert len(_of(alice)) == len(_of(bob)) == 6 and not _of(alice) & _of(bob)
    for user in (alice, bob):
        respondents = Answer.objects.filter(pk__in=_of(user)).values_list("respondent", flat=True)
        assert len(set(respondents)) == 3  # both areas of three respondents each


def test_overlap_gives_the_same_answers_to_two_coders(survey, people) -> None:
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    _post(people, survey, coders=[alice.pk, bob.pk], copies=2)
    assert _of(alice) == _of(bob) and len(_of(alice)) == 12
    # three coders, two on each answer: every answer twice, each coder 2 × 12 / 3 = 8
    Assignment.objects.all().delete()
    _post(people, survey, coders=[alice.pk, bob.pk, carol.pk], copies=2)
    assert [len(_of(u)) for u in (alice, bob, carol)] == [8, 8, 8]
    assert Assignment.objects.values("answer").distinct().count() == 12


def test_by_area_and_respondent_range(survey, people) -> None:
    market = Area.objects.get(survey=survey, key="market")
    _post(people, survey, coders=[people["alice"].pk], area=market.pk, first="۲", last="4")
    got = Answer.objects.filter(pk__in=_of(people["alice"]))
    assert {a.question.area.key for a in got} == {"market"}
    assert sorted(a.respondent.code for a in got) == ["R02", "R03", "R04"]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({}, "Choose at least one coder"),
        ({"copies": 3}, "More coders per answer than coders chosen"),
        ({"first": 5, "last": 2}, "The range ends before it starts"),
        ({"first": 40}, "The survey has 6 respondents"),
        ({"first": "abc"}, "Enter a whole number"),
        ({"area": "99999999999999999999999"}, "Select a valid choice"),
        ({"copies": "x" * 5000}, "Enter a whole number"),
        ({"action": "steal"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_a_message_and_changes_nothing(survey, people, data, says) -> None:
    if "copies" in data or not data:
        data = {"coders": [people["alice"].pk, people["bob"].pk] if data else [], **data}
    else:
        data = {"coders": [people["alice"].pk], **data}
    page = _post(people, survey, **data)
    assert says in page
    assert not Assignment.objects.exists()


def test_undo_the_last_batch_and_a_taking_back(survey, people) -> None:
    alice, bob = people["alice"], people["bob"]
    finance = Area.objects.get(survey=survey, key="finance")
    _post(people, survey, coders=[alice.pk], area=finance.pk)
    _post(people, survey, coders=[bob.pk])
    assert len(_of(bob)) == 12
    page = _post(people, survey, action="undo")
    assert "12 assignments removed" in page
    assert not _of(bob) and len(_of(alice)) == 6  # the earlier batch stays
    # taking back, then undoing it, restores exactly what was taken
    page = _post(people, survey, action="unassign", coders=[alice.pk], first=1, last=2)
    assert "2 assignments taken back" in page and len(_of(alice)) == 4
    page = _post(people, survey, action="undo")
    assert "2 assignments restored" in page and len(_of(alice)) == 6
    _post(people, survey, action="undo")
    assert not Assignment.objects.exists()
    assert "nothing to undo" in _post(people, survey, action="undo")


def test_progress_counts_answers_whose_segments_the_coder_coded(survey, people) -> None:
    alice, bob = people["alice"], people["bob"]
    code = Code.objects.create(survey=survey, name="وام")
    # no assignment yet: every answer is Alice's to code
    assert progress.for_coder(survey, alice).assigned == 12
    assert progress.assigned_segments(survey, alice).count() == 12
    progress.assign(survey, progress.selected_answers(survey, None, 1, 3), [alice], 1, None)
    mine = list(progress.assigned_segments(survey, alice))
    assert len(mine) == 6 and {s.answer.respondent.code for s in mine} == {"R01", "R02", "R03"}
    # split one answer in two: the answer is done only when both halves are coded
    first = mine[0]
    half = Segment.objects.create(answer=first.answer, start=2, end=first.end)
    Segment.objects.filter(pk=first.pk).update(end=2)
    Coding.objects.create(segment=first, coder=alice, code=code)
    Coding.objects.create(segment=mine[1], coder=alice, code=code)
    Coding.objects.create(segment=mine[1], coder=bob, code=code)  # Bob's does not count for her
    before = progress.for_coder(survey, alice)
    assert (before.done, before.assigned) == (1, 6)
    Coding.objects.create(segment=half, coder=alice, code=code)
    got = progress.for_coder(survey, alice, by_area=True)
    assert (got.done, got.assigned, got.percent, got.everything) == (2, 6, 33, False)
    assert [(a["area_en"], a["done"], a["assigned"]) for a in got.areas] == [
        ("finance", 2, 3),  # both coded answers are R01's and R02's in the first area
        ("market", 0, 3),
    ]
    rows = {p.coder: p for p in progress.for_survey(survey)}
    assert rows["bob"].everything and (rows["bob"].done, rows["bob"].assigned) == (1, 12)


def test_the_page_and_the_json_have_the_pages_rights(survey, people) -> None:
    alice, bob = people["alice"], people["bob"]
    progress.assign(survey, progress.selected_answers(survey), [alice], 1, None)
    analyst = client_of(people["analyst"])
    page = analyst.get(f"/coding/{survey.pk}/assign/").content.decode()
    assert 'data-coder="alice"' in page and 'data-coder="bob"' in page
    everyone = analyst.get(f"/api/coding/surveys/{survey.pk}/progress").json()
    assert {c["coder"]: c["assigned"] for c in everyone["coders"]} == {
        "alice": 12, "bob": 12, "carol": 12
    }  # fmt: skip
    own = client_of(bob).get(f"/api/coding/surveys/{survey.pk}/progress").json()
    assert [c["coder"] for c in own["coders"]] == ["bob"]
    assert client_of(bob).get(f"/coding/{survey.pk}/assign/").status_code == 403
    assert (
        client_of(bob).post(f"/coding/{survey.pk}/assign/", {"action": "undo"}).status_code == 403
    )
    progress_url = f"/api/coding/surveys/{survey.pk}/progress"
    assert client_of(people["owner"]).get(progress_url).status_code == 403
    assert Client().get(f"/api/coding/surveys/{survey.pk}/progress").status_code in (401, 403)
    assert analyst.get("/api/coding/surveys/999999/progress").status_code == 404


def test_the_coding_screen_shows_the_coders_bar(survey, people) -> None:
    alice = people["alice"]
    progress.assign(survey, progress.selected_answers(survey, None, 1, 2), [alice], 1, None)
    segment = progress.assigned_segments(survey, alice).first()
    Coding.objects.create(
        segment=segment, coder=alice, code=Code.objects.create(survey=survey, name="x")
    )
    page = client_of(alice).get(f"/coding/{survey.pk}/code/").content.decode()
    assert 'id="my-progress"' in page
    assert 'class="done">1</span> / <span class="assigned">4</span>' in page
    assert 'max="4" value="1"' in page


def test_a_coder_with_assignments_is_given_those_answers_to_code(survey, people) -> None:
    """The coding screen's queue is the coder's assigned answers; one with none codes all."""
    alice, bob = people["alice"], people["bob"]
    last = survey.respondents.order_by("pk").last()
    given = Answer.objects.filter(respondent=last)
    progress.assign(survey, given, [alice], 1, None)
    first = client_of(alice).get(f"/coding/{survey.pk}/code/").context["segment"]
    assert first.answer_id in {a.pk for a in given}
    assert client_of(alice).get(f"/coding/{survey.pk}/code/").context["total"] == given.count()
    other = client_of(bob).get(f"/coding/{survey.pk}/code/").context["segment"]
    assert other.answer.respondent_id == survey.respondents.order_by("pk").first().pk
