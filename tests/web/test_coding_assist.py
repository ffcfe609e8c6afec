"""Machine suggestions on the coding screen (issue 13): shown only after the coder's own codings,
at the threshold; accepted with one key as an assisted coding (badge, history), rejected ones
remembered and learnt from; assisted codings kept through .qdpx and left out of agreement on
request; candidate codes for an uncoded area adopted as codes."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kargah.coding import from_project, read_qdpx
from kargah.web.accounts.demo import demo_accounts
from kargah.web.coding import assist
from kargah.web.coding.exchange import import_study
from kargah.web.coding.models import (
    Assignment,
    AssistSetting,
    Code,
    CodebookChange,
    Coding,
    Segment,
    Suggestion,
    Theme,
)
from kargah.web.jobs.models import Job
from kargah.web.survey.models import Answer, Area, Question, Respondent, Survey

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LOAN = ["وام بانکی دیر پرداخت می‌شود", "بهره وام بانک زیاد است", "وام با ضامن سخت است",
        "بانک به ما وام نمی‌دهد", "اقساط وام سنگین است"]  # fmt: skip
INSURANCE = ["حق بیمه کارگران سنگین است", "بیمه تامین اجتماعی گران است",
             "سهم بیمه کارفرما زیاد است", "بیمه کارگاه هزینه دارد",
             "پرداخت بیمه دشوار است"]  # fmt: skip
TAILS = ["", " در شهر ما", " امسال", " برای کارگاه کوچک"]


def crafted(coded: int = 12) -> tuple[Survey, dict[str, list[Segment]]]:
    """16 answers on loans and 16 on insurance; ``coder`` coded the first ``coded`` of each
    (codes وام and بیمه), ``coder2`` is assigned every answer and coded none."""
    demo_accounts()
    coder, coder2 = User.objects.get(username="coder"), User.objects.get(username="coder2")
    survey = Survey.objects.create(title_fa="آزمون پیشنهاد")
    area = Area.objects.create(survey=survey, key="finance", fa="مالی", en="Finance")
    question = Question.objects.create(
        survey=survey, key="c", type="ranked", fa="چالش؟", area=area, kind="challenge"
    )
    codes = {"loan": Code.objects.create(survey=survey, name="وام"),
             "insurance": Code.objects.create(survey=survey, name="بیمه")}  # fmt: skip
    segments: dict[str, list[Segment]] = {"loan": [], "insurance": []}
    n = 0
    for topic, bases in (("loan", LOAN), ("insurance", INSURANCE)):
        for i in range(16):
            respondent = Respondent.objects.create(survey=survey, code=f"R{n}", sector="public")
            n += 1
            text = bases[i % 5] + TAILS[i // 5 % 4]
            answer = Answer.objects.create(respondent=respondent, question=question, text=text)
            Assignment.objects.create(answer=answer, coder=coder2)
            (segment,) = Segment.objects.whole([answer])
            segments[topic].append(segment)
            if i < coded:
                Coding.objects.create(segment=segment, coder=coder, code=codes[topic])
    AssistSetting.objects.create(survey=survey, after=10, threshold=0.3)
    return survey, segments


def round_(survey: Survey) -> dict[str, Any]:
    """A round of suggestions, run as the job it is on the site (here, not by the worker)."""
    job = assist.queue(survey, None, now=True)
    assert job.status == Job.DONE, job.error
    return dict(job.result)


def client(username: str) -> Client:
    c = Client(**EN)
    c.force_login(User.objects.get(username=username))
    return c


def screen(user: str, survey: Survey, segment: Segment) -> str:
    return client(user).get(f"/coding/{survey.pk}/code/?segment={segment.pk}").content.decode()


def suggested(page: str) -> list[tuple[str, str]]:
    """(code, percentage) of each suggestion on the coding screen, in order."""
    return re.findall(
        r'<span dir="auto">([^<]+)</span> <span class="confidence ms-1">([^<]+)</span>', page
    )


@pytest.mark.django_db
def test_suggestions_wait_for_the_coders_own_codings_then_a_round_is_queued() -> None:
    survey, segments = crafted()
    uncoded = segments["loan"][-1]
    assert "coded 10 more segments yourself" in screen("coder2", survey, uncoded)
    job = Job.objects.get(kind=assist.KIND)  # a visit queued the first round: 24 codings
    page = screen("coder", survey, uncoded)  # 24 own codings: enough, but no round done yet
    assert "being prepared" in page and not suggested(page)
    assert Job.objects.filter(kind=assist.KIND).count() == 1  # not queued twice
    assert job.status == Job.WAITING
    assist.suggest_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.DONE, job.error
    shown = suggested(screen("coder", survey, uncoded))
    assert shown and shown[0][0] == "وام" and shown[0][1].endswith("%")
    AssistSetting.objects.filter(survey=survey).update(after=30)
    page = screen("coder", survey, uncoded)
    assert "coded 6 more segments yourself" in page and not suggested(page)


@pytest.mark.django_db
def test_accepting_makes_an_assisted_coding_with_a_badge_and_history() -> None:
    survey, segments = crafted()
    round_(survey)
    target = segments["insurance"][-1]
    offer = Suggestion.objects.filter(segment=target, coder__username="coder").first()
    assert offer is not None and offer.code.name == "بیمه"
    made = assist.own_codings(User.objects.get(username="coder"), survey)
    answer = client("coder").post(
        f"/coding/{survey.pk}/suggestions/accept/", {"suggestion": offer.pk}
    )
    assert answer.status_code == 302 and f"after={target.pk}" in answer["Location"]
    coding = Coding.objects.get(segment=target, coder__username="coder")
    assert coding.assisted and coding.code == offer.code
    offer.refresh_from_db()
    assert offer.state == "accepted"
    change = CodebookChange.objects.get(survey=survey, action="code")
    passage = {"answer": target.answer_id, "start": target.start, "end": target.end}
    assert change.undo == {**passage, "state": None}  # the coding screen's undo reads this
    assert change.redo == {**passage, "state": {"code": offer.code_id, "assisted": True}}
    # an accepted suggestion is not a coding the coder made themselves
    assert assist.own_codings(User.objects.get(username="coder"), survey) == made
    page = client("coder").get(f"/coding/{survey.pk}/code/").content.decode()
    assert re.search(r"→ بیمه <span class=\"badge[^\"]*assisted\">assisted</span>", page)
    # someone else's suggestion cannot be accepted
    theirs = Suggestion.objects.filter(coder__username="coder2", state="open").first()
    assert theirs is not None
    client("coder").post(f"/coding/{survey.pk}/suggestions/accept/", {"suggestion": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.state == "open"


@pytest.mark.django_db
def test_an_accepted_suggestion_is_undone_and_redone_on_the_coding_screen() -> None:
    """Accepting is one of the coder's actions: Ctrl+Z takes the assisted coding away, redo
    puts it back still marked assisted."""
    survey, segments = crafted()
    round_(survey)
    target = segments["insurance"][-1]
    offer = Suggestion.objects.filter(segment=target, coder__username="coder").first()
    assert offer is not None
    coder = client("coder")
    coder.post(f"/coding/{survey.pk}/suggestions/accept/", {"suggestion": offer.pk})
    mine = Coding.objects.filter(segment=target, coder__username="coder")
    assert mine.get().assisted
    coder.post(f"/coding/{survey.pk}/undo/", {"what": "undo"})
    assert not mine.exists()
    coder.post(f"/coding/{survey.pk}/undo/", {"what": "redo"})
    assert mine.get().assisted and mine.get().code == offer.code


@pytest.mark.django_db
def test_a_rejection_is_remembered_and_the_next_round_learns_from_it() -> None:
    survey, segments = crafted()
    round_(survey)
    target = segments["loan"][-1]
    mine = Suggestion.objects.get(segment=target, coder__username="coder", code__name="وام")
    theirs = Suggestion.objects.get(segment=target, coder__username="coder2", code__name="وام")
    answer = client("coder").post(
        f"/coding/{survey.pk}/suggestions/reject/", {"suggestion": mine.pk}
    )
    assert f"segment={target.pk}" in answer["Location"]
    mine.refresh_from_db()
    assert mine.state == "rejected"
    assert "وام" not in [c for c, _ in suggested(screen("coder", survey, target))]
    _, rejected = assist.training(survey)
    assert list(rejected["segment"]) == [target.pk]
    again = round_(survey)
    assert again["rejections"] == 1  # taught to the model as a negative of وام
    mine.refresh_from_db()
    assert mine.state == "rejected"  # not offered again
    assert not Suggestion.objects.filter(segment=target, coder=mine.coder, state="open",
                                         code__name="وام").exists()  # fmt: skip
    lower = Suggestion.objects.get(segment=target, coder__username="coder2", code__name="وام")
    assert lower.confidence < theirs.confidence


@pytest.mark.django_db
def test_the_threshold_setting_decides_what_is_shown() -> None:
    survey, segments = crafted()
    result = round_(survey)
    target = segments["loan"][-1]
    assert suggested(screen("coder", survey, target))
    AssistSetting.objects.filter(survey=survey).update(threshold=0.999)
    assert not suggested(screen("coder", survey, target))
    AssistSetting.objects.filter(survey=survey).update(threshold=None)
    assert assist.threshold(survey) == result["threshold"]  # the model's own
    analyst = client("analyst")
    url = f"/coding/{survey.pk}/suggestions/"
    saved = {"action": "save", "enabled": "on", "after": "۵", "threshold": "۲۵"}
    assert analyst.post(url, saved).status_code == 302
    chosen = AssistSetting.objects.get(survey=survey)
    assert (chosen.after, chosen.threshold, chosen.enabled) == (5, 0.25, True)
    bad = {"action": "save", "after": "x", "threshold": "200"}
    assert analyst.post(url, bad).status_code == 400
    assert client("coder").get(f"/coding/{survey.pk}/suggestions/").status_code == 403


@pytest.mark.django_db
def test_qdpx_round_trip_keeps_assisted_codings() -> None:
    survey, segments = crafted()
    round_(survey)
    offer = Suggestion.objects.filter(segment=segments["loan"][-1], coder__username="coder")[0]
    assist.accept(offer, offer.coder)
    exported = client("analyst").get(f"/coding/{survey.pk}/export.qdpx").content
    project = read_qdpx(io.BytesIO(exported))
    assert sum(c.assisted for c in project.codings) == 1
    assert not project.notes or all("machine suggestion" not in n.text for n in project.notes)
    again = import_study(from_project(project), "بازگشت")
    assisted = Coding.objects.filter(segment__answer__respondent__survey=again, assisted=True)
    assert [(c.code.name, c.coder.username) for c in assisted] == [("وام", "coder")]
    assert Coding.objects.filter(segment__answer__respondent__survey=again).count() == 25


@pytest.mark.django_db
def test_the_results_workbook_says_which_codings_were_assisted() -> None:
    import pandas as pd

    survey, segments = crafted()
    round_(survey)
    offer = Suggestion.objects.filter(segment=segments["loan"][-1], coder__username="coder")[0]
    assist.accept(offer, offer.coder)
    book = client("analyst").get(f"/coding/{survey.pk}/results/?format=xlsx&coder=coder")
    sheets = pd.read_excel(io.BytesIO(book.content), sheet_name=None)
    (listed,) = [f for f in sheets.values() if "assisted" in f.columns and "segment" in f.columns]
    assert listed.loc[listed["assisted"].astype(bool), "segment"].tolist() == [offer.segment_id]
    assert len(listed) == 25


@pytest.mark.django_db
def test_agreement_with_and_without_assisted_codings_differs() -> None:
    survey, segments = crafted()
    coder2 = User.objects.get(username="coder2")
    loan, insurance = Code.objects.get(name="وام"), Code.objects.get(name="بیمه")
    for topic, code in (("loan", loan), ("insurance", insurance)):
        for segment in segments[topic][:6]:
            Coding.objects.create(segment=segment, coder=coder2, code=code)
    for segment in segments["loan"][6:10]:  # four assisted codings that disagree
        Coding.objects.create(segment=segment, coder=coder2, code=insurance, assisted=True)
    url = f"/coding/{survey.pk}/agreement/?first=coder&second=coder2"

    def overall(page: str) -> dict[str, str]:
        table = page.split('data-level="code"')[1].split("</table>")[0]
        found = re.findall(r'class="num (paired|percent|kappa)">([^<]*)<', table.split("<tr>")[-1])
        return dict(found)

    counted = overall(client("analyst").get(url).content.decode())
    left_out = overall(client("analyst").get(url + "&without_assisted=on").content.decode())
    assert (counted["paired"], left_out["paired"]) == ("16", "12")
    assert left_out["percent"] == "100.0%" and counted["percent"] == "75.0%"


@pytest.mark.django_db
def test_candidate_codes_for_an_uncoded_area_are_adopted() -> None:
    survey, _ = crafted(coded=0)
    theme = Theme.objects.create(survey=survey, name="مالی")
    area = Area.objects.get(survey=survey)
    analyst = client("analyst")
    url = f"/coding/{survey.pk}/candidates/?area={area.pk}&kind=challenge&codes=2"
    page = analyst.get(url).content.decode()
    words = re.findall(r'<p class="words" dir="auto">Words: ([^<]*)</p>', page)
    assert len(words) == 2
    assert any("وام" in w for w in words) and any("بیمه" in w for w in words)
    answer = analyst.post(url, {"name": "وام‌های بانکی", "theme": theme.pk})
    assert answer.status_code == 302
    code = Code.objects.get(survey=survey, name="وام‌های بانکی")
    assert code.theme == theme and code.created_by is None
    assert client("coder").get(url).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_coder_accepts_a_suggestion_with_one_key(
    page: Any, live_server: Any, log_in: Any
) -> None:
    survey, segments = crafted()
    round_(survey)
    target = segments["insurance"][-1]
    log_in(page, live_server.url, "coder")
    page.goto(f"{live_server.url}/coding/{survey.pk}/code/?segment={target.pk}")
    first = page.locator("#suggestions .suggestion").first
    assert first.get_attribute("data-code") == "بیمه"
    assert "٪" in first.locator(".confidence").inner_text()  # Persian page, Persian percent
    page.keyboard.press("Alt+1")  # in the code box (focused): with Alt
    page.wait_for_url(re.compile(rf"after={target.pk}"))
    coding = Coding.objects.get(segment=target, coder__username="coder")
    assert coding.assisted and coding.code.name == "بیمه"
    assert page.locator(".badge.assisted").count() == 1


@pytest.mark.django_db
def test_the_demo_survey_waits_for_the_analyst_for_its_first_round() -> None:
    survey, segments = crafted()
    Survey.objects.filter(pk=survey.pk).update(synthetic=True)
    page = screen("coder", survey, segments["loan"][-1])
    assert "No suggestions yet" in page and not Job.objects.filter(kind=assist.KIND).exists()
    client("analyst").post(f"/coding/{survey.pk}/suggestions/", {"action": "build"})
    assert Job.objects.filter(kind=assist.KIND, status=Job.WAITING).count() == 1
    assert "being prepared" in screen("coder", survey, segments["loan"][-1])


@pytest.mark.django_db
def test_the_settings_and_candidate_forms_use_the_sites_controls() -> None:
    # Their number inputs showed as the browser's bare boxes beside Tabler's styled selects.
    survey, _ = crafted(coded=0)
    analyst = client("analyst")
    for url in (f"/coding/{survey.pk}/suggestions/", f"/coding/{survey.pk}/candidates/"):
        page = analyst.get(url).content.decode()
        fields = re.findall(r"<(?:input|select)\b(?![^>]*type=\"(?:hidden|submit)\")[^>]*>", page)
        styled = re.compile(r'class="[^"]*form-(?:control|select|check-input)')
        bare = [f for f in fields if not styled.search(f)]
        assert fields and not bare, (url, bare)


def test_too_few_answers_for_candidates_is_said_in_persian() -> None:
    # An area whose answers were nearly all coded showed the clustering core's English sentence.
    from django.utils import translation

    from kargah.web.problems import described_text

    with translation.override("fa"):
        said = described_text("at least 4 answers with text are needed to find groups in them")
    assert "۴" in said and not re.search("[A-Za-z]", said), said
    with translation.override("fa"):
        said = described_text("the number of codes must be between 2 and 11")
    assert "۱۱" in said and not re.search("[A-Za-z0-9]", said), said


@pytest.mark.django_db
def test_a_coder_with_assignments_gets_suggestions_only_for_their_answers() -> None:
    # A round offered coder2 suggestions for every uncoded answer of the survey, though the
    # analyst had given them only some: the coding screen never shows the others to them.
    survey, segments = crafted()
    Assignment.objects.filter(coder__username="coder2", answer__text__contains="بیمه").delete()
    theirs = {s.pk for s in segments["loan"]}
    round_(survey)
    offered = set(
        Suggestion.objects.filter(coder__username="coder2").values_list("segment_id", flat=True)
    )
    assert offered and offered <= theirs
    # a coder without assignments still gets suggestions for whatever they have not coded
    mine = Suggestion.objects.filter(coder__username="coder").values_list("segment_id", flat=True)
    assert {s.pk for s in segments["insurance"][12:]} <= set(mine)


@pytest.mark.django_db
def test_accepting_codes_the_suggested_unit_not_another_coders_passage_of_the_same_span() -> None:
    """coder2 selected a passage; a split then made a unit of exactly that span: a suggestion for
    the unit, accepted by coder, codes the unit — never coder2's passage (a 500 before)."""
    survey, segments = crafted()
    answer = segments["loan"][-1].answer
    coder, coder2 = User.objects.get(username="coder"), User.objects.get(username="coder2")
    loan = Code.objects.get(survey=survey, name="وام")
    theirs = Segment.objects.create(answer=answer, start=0, end=5, selected_by=coder2)
    Coding.objects.create(segment=theirs, coder=coder2, code=loan)
    unit = Segment.objects.create(answer=answer, start=0, end=5)  # made later, as a split does
    offered = Suggestion.objects.create(segment=unit, coder=coder, code=loan, confidence=0.9)
    coding = assist.accept(offered, coder)
    assert coding.segment_id == unit.pk and coding.assisted
    assert [c.coder.username for c in Coding.objects.filter(segment=theirs)] == ["coder2"]
    change = CodebookChange.objects.filter(survey=survey, user=coder).latest("id")
    assert change.summary.endswith("(assisted)")
