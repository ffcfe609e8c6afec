"""The coding workbench's passages: any stretch of an answer is coded with exactly the text the
coder selected (offsets in code points: ZWNJ, emoji, Persian and Latin digits), overlapping
codings, clear messages for bad offsets, the coder's own undo and redo (the codebook's undo
leaves them alone), removing one's coding, and the document view, blind until the comparison."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from kargah.coding import span_runs
from kargah.errors import KargahError
from kargah.web.coding.models import Code, CodebookChange, Coding, Segment, Theme
from kargah.web.coding.spans import code_span, redo_mine, undo_mine
from kargah.web.survey.models import Answer, Question, Respondent, Survey

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
#: ZWNJ inside words, Persian and Latin digits side by side, an emoji (two UTF-16 units)
MIXED = "می‌خواهیم ۱۲ وام 34 بگیریم 🙂 ولی بانک‌ها سود ۲۳٪ می‌گیرند"


def _user(name: str, role: str) -> tuple[User, Client]:
    user = User.objects.create_user(name, password="pw-" + name)
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    client = Client(**EN)
    client.force_login(user)
    return user, client


@pytest.fixture
def survey() -> Survey:
    survey = Survey.objects.create(title_fa="آزمون")
    question = Question.objects.create(survey=survey, key="q", type="text", fa="پرسش؟")
    other = Question.objects.create(survey=survey, key="r", type="text", fa="دیگر؟", order=1)
    respondent = Respondent.objects.create(survey=survey, code="R1", sector="public")
    answers = [
        Answer.objects.create(respondent=respondent, question=question, rank=1, text=MIXED),
        Answer.objects.create(respondent=respondent, question=other, rank=1, text="گرانی مواد"),
    ]
    Respondent.objects.create(survey=survey, code="R2", sector="private")
    Segment.objects.whole(answers)
    Code.objects.create(
        survey=survey,
        name="وام",
        theme=Theme.objects.create(survey=survey, name="مالی", colour="#123456"),
    )
    return survey


def _answer(survey: Survey) -> Answer:
    return Answer.objects.get(respondent__survey=survey, text=MIXED)


def test_runs_cut_at_every_start_and_end_and_know_their_codings() -> None:
    runs = span_runs("abcdefgh", [(1, 5, "outer"), (3, 7, "inner"), (9, 12, "gone")], cuts=[6])
    assert [(r.start, r.end, r.keys) for r in runs] == [
        (0, 1, ()),
        (1, 3, ("outer",)),
        (3, 5, ("outer", "inner")),
        (5, 6, ("inner",)),
        (6, 7, ("inner",)),
        (7, 8, ()),
    ]
    assert "".join(r.text for r in runs) == "abcdefgh"


def test_a_span_saves_exactly_the_selected_text(survey: Survey) -> None:
    user, client = _user("alice", "coder")
    answer = _answer(survey)
    # the passage from "بانک‌ها" to "۲۳٪": after the emoji, so UTF-16 offsets would be one off
    start = MIXED.index("بانک‌ها")
    end = MIXED.index("٪") + 1
    page = client.post(
        f"/coding/{survey.pk}/span/",
        {
            "answer": answer.pk,
            "start": start,
            "end": end,
            "code": "سود بالا",
            "next": f"/coding/{survey.pk}/code/",
        },
    )
    assert page.status_code == 302
    coding = Coding.objects.get(coder=user, segment__answer=answer, segment__start=start)
    assert answer.text[coding.segment.start : coding.segment.end] == "بانک‌ها سود ۲۳٪"
    assert coding.code.name == "سود بالا"
    # an overlapping passage of its own, and the same passage again reuses its segment
    client.post(
        f"/coding/{survey.pk}/span/",
        {"answer": answer.pk, "start": 0, "end": start + 3, "code": "وام"},
    )
    client.post(
        f"/coding/{survey.pk}/span/",
        {"answer": answer.pk, "start": start, "end": end, "code": "وام"},
    )
    assert Segment.objects.filter(answer=answer, start=start, end=end).count() == 1
    assert Coding.objects.filter(coder=user, segment__answer=answer).count() == 2
    assert Coding.objects.get(coder=user, segment__start=start).code.name == "وام"


@pytest.mark.parametrize(
    ("start", "end", "says"),
    [
        ("5", "5", "must come after its start"),
        ("9", "3", "must come after its start"),
        ("0", "999", "beyond the answer"),
        ("a", "4", "whole number"),
        ("-1", "4", "greater than or equal to 0"),
        ("", "4", "required"),
    ],
)
def test_bad_offsets_are_a_message_not_a_500(
    survey: Survey, start: str, end: str, says: str
) -> None:
    _, client = _user("alice", "coder")
    answer = _answer(survey)
    page = client.post(
        f"/coding/{survey.pk}/span/",
        {"answer": answer.pk, "start": start, "end": end, "code": "وام"},
        follow=True,
    )
    assert page.status_code == 200
    assert says in page.content.decode()
    assert not Coding.objects.exists()


def test_another_surveys_answer_and_a_foreign_next_are_refused(survey: Survey) -> None:
    _, client = _user("alice", "coder")
    other = Survey.objects.create(title_fa="دیگر")
    page = client.post(
        f"/coding/{other.pk}/span/",
        {
            "answer": _answer(survey).pk,
            "start": 0,
            "end": 3,
            "code": "وام",
            "next": "https://evil.example/",
        },
    )
    assert page.status_code == 302 and page["Location"] == f"/coding/{other.pk}/code/"
    assert not Coding.objects.exists()


def test_undo_and_redo_the_coders_own_actions(survey: Survey) -> None:
    alice, client = _user("alice", "coder")
    bob, _ = _user("bob", "coder")
    answer = _answer(survey)
    code_span(answer, 0, 9, "وام", alice)  # code a span
    code_span(answer, 0, 9, "نیاز", alice)  # change its code
    code_span(answer, 10, 12, "وام", bob)  # another coder's work is not alice's to undo
    page = client.post(f"/coding/{survey.pk}/undo/", {"what": "undo"}, follow=True)
    assert "Undone: &#x27;وام&#x27; → &#x27;نیاز&#x27;" in page.content.decode()
    assert Coding.objects.get(coder=alice).code.name == "وام"
    undo_mine(survey, alice)
    assert not Coding.objects.filter(coder=alice).exists()
    assert not Segment.objects.filter(answer=answer, start=0, end=9).exists()  # made for it: gone
    assert Coding.objects.filter(coder=bob).count() == 1
    assert undo_mine(survey, alice) is None
    redone = redo_mine(survey, alice)
    assert redone is not None and "وام" in redone.summary
    assert Coding.objects.get(coder=alice).code.name == "وام"
    page = client.post(f"/coding/{survey.pk}/undo/", {"what": "redo"}, follow=True)
    assert "Redone:" in page.content.decode()
    assert Coding.objects.get(coder=alice).code.name == "نیاز"
    assert redo_mine(survey, alice) is None
    # a new action after an undo: the undone one can no longer be redone
    undo_mine(survey, alice)
    code_span(answer, 20, 25, "وام", alice)
    assert redo_mine(survey, alice) is None


def test_remove_a_coding_then_undo_it(survey: Survey) -> None:
    alice, client = _user("alice", "coder")
    _, other = _user("bob", "coder")
    answer = _answer(survey)
    code_span(answer, 3, 9, "وام", alice)
    coding = Coding.objects.get(coder=alice)
    assert other.post(f"/coding/{survey.pk}/uncode/", {"coding": coding.pk}).status_code == 302
    assert Coding.objects.filter(pk=coding.pk).exists()  # not bob's to remove
    client.post(f"/coding/{survey.pk}/uncode/", {"coding": coding.pk})
    assert not Coding.objects.filter(coder=alice).exists()
    undo_mine(survey, alice)
    assert Coding.objects.get(coder=alice).segment.text == answer.text[3:9]


def test_the_whole_answer_flow_and_the_split_are_undoable_too(survey: Survey) -> None:
    alice, client = _user("alice", "coder")
    segment = Segment.objects.get(answer=_answer(survey))
    client.post(f"/coding/{survey.pk}/code/", {"segment": segment.pk, "code": "وام"})
    client.post(f"/coding/{survey.pk}/segments/{segment.pk}/split/", {"offset": "10"})
    assert Segment.objects.filter(answer=_answer(survey)).count() == 2
    undo_mine(survey, alice)  # the split
    assert Segment.objects.filter(answer=_answer(survey)).count() == 1
    redo_mine(survey, alice)
    assert Segment.objects.filter(answer=_answer(survey)).count() == 2
    undo_mine(survey, alice)
    undo_mine(survey, alice)  # the coding
    assert not Coding.objects.filter(coder=alice).exists()
    assert Segment.objects.filter(pk=segment.pk).exists()  # a whole answer's segment stays


def test_the_codebooks_undo_leaves_the_coders_codings_alone(survey: Survey) -> None:
    alice, _ = _user("alice", "coder")
    _, analyst = _user("ann", "analyst")
    code_span(_answer(survey), 0, 9, "وام", alice)
    analyst.post(f"/coding/{survey.pk}/codebook/", {"action": "undo"})
    assert Coding.objects.filter(coder=alice).exists()
    assert not CodebookChange.objects.filter(undone=True).exists()


def test_document_view_shows_own_codings_until_the_comparison(survey: Survey) -> None:
    alice, first = _user("alice", "coder")
    bob, second = _user("bob", "coder")
    _, analyst = _user("ann", "analyst")
    answer = _answer(survey)
    code_span(answer, 0, 9, "رمز-آلیس", alice)
    code_span(answer, 10, 14, "وام", bob)
    respondent = answer.respondent
    url = f"/coding/{survey.pk}/respondents/{respondent.pk}/"
    page = second.get(url).content.decode()
    assert "رمز-آلیس" not in page and "وام" in page  # bob's own, never alice's
    assert page.index("گرانی مواد") > page.index("بانک")  # the survey's order of questions
    assert f"/coding/{survey.pk}/respondents/" in page  # the next respondent
    assert "#123456" in page  # the theme's colour
    seen = analyst.get(url).content.decode()
    assert "رمز-آلیس" in seen and "alice" in seen
    analyst.get(f"/coding/{survey.pk}/agreement/")  # the comparison is open
    assert "رمز-آلیس" in second.get(url).content.decode()
    code_screen = first.get(f"/coding/{survey.pk}/code/?segment={answer.segments.first().pk}")
    assert url in code_screen.content.decode()  # "whole respondent"
    assert second.get(f"/coding/{survey.pk}/respondents/999999/").status_code == 404


def test_a_passage_one_coder_selected_is_not_put_before_another(survey: Survey) -> None:
    alice, first = _user("alice", "coder")
    bob, second = _user("bob", "coder")
    answer = _answer(survey)
    code_span(answer, 3, 9, "رمز-آلیس", alice)
    passage = Segment.objects.get(answer=answer, start=3, end=9)
    assert passage.selected_by == alice
    url = f"/coding/{survey.pk}/code/"
    assert second.get(f"{url}?segment={passage.pk}").status_code == 404  # blind to it
    assert first.get(f"{url}?segment={passage.pk}").status_code == 200  # her own
    for segment in Segment.objects.filter(selected_by__isnull=True).order_by("id"):
        assert f'data-segment="{segment.pk}"' in second.get(url).content.decode()
        second.post(url, {"segment": segment.pk, "code": "وام"})  # bob codes every unit
    assert "Every segment has your code" in second.get(url).content.decode()
    # the same span selected by bob reuses the passage: the two coders' codings meet on it
    code_span(answer, 3, 9, "وام", bob)
    assert Coding.objects.filter(segment=passage).count() == 2


def test_undoing_a_coding_of_a_split_part_keeps_the_part(survey: Survey) -> None:
    alice, client = _user("alice", "coder")
    segment = Segment.objects.get(answer=_answer(survey))
    client.post(f"/coding/{survey.pk}/segments/{segment.pk}/split/", {"offset": "10"})
    part = Segment.objects.get(answer=_answer(survey), start=10)
    assert part.selected_by is None  # a unit every coder codes
    client.post(f"/coding/{survey.pk}/code/", {"segment": part.pk, "code": "وام"})
    undo_mine(survey, alice)
    assert not Coding.objects.filter(coder=alice).exists()
    assert Segment.objects.filter(pk=part.pk).exists()


def test_a_coders_undo_of_a_split_is_refused_while_another_coded_its_second_part(
    survey: Survey,
) -> None:
    """The coding screen's undo joins a split as the codebook's does (codebook.join_split):
    refused, naming who, while someone else's coding is on the second part; then joined, and
    redone at the same place."""
    alice, client = _user("alice", "coder")
    bob, _ = _user("bob", "coder")
    segment = Segment.objects.get(answer=_answer(survey))
    client.post(f"/coding/{survey.pk}/segments/{segment.pk}/split/", {"offset": "10"})
    part = Segment.objects.get(answer=_answer(survey), start=10)
    code_span(part.answer, part.start, part.end, "وام", bob)
    with pytest.raises(KargahError, match="bob"):
        undo_mine(survey, alice)
    assert Segment.objects.filter(answer=_answer(survey)).count() == 2
    Coding.objects.filter(coder=bob).delete()
    assert undo_mine(survey, alice) is not None
    assert list(Segment.objects.filter(answer=_answer(survey)).values_list("start", "end")) == [
        (0, len(MIXED))
    ]
    redo_mine(survey, alice)
    assert Segment.objects.filter(answer=_answer(survey), start=10).exists()
