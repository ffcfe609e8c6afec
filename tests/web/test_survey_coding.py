"""The survey and its coding on the site, through Django's test client: the demo's results and
agreement pages, downloads, a .qdpx round trip into a new survey, codebook changes with undo,
two coders at once, the respondent's link, answer imports with row-level errors."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from kargah.coding import read_qdpx
from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.coding.demo import load_demo_study
from kargah.web.coding.models import Code, CodebookChange, Coding, Segment, SegmentMemo, Theme
from kargah.web.survey.models import Answer, Invitation, Respondent, Survey

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def survey() -> Survey:
    demo_accounts()
    return load_demo_study()


def client_for(user: str) -> Client:
    client = Client(**EN)
    assert client.login(username=user, password=DEMO_PASSWORD)
    return client


def test_results_show_the_papers_figures(survey: Survey) -> None:
    page = client_for("analyst").get(f"/coding/{survey.pk}/results/", **EN).content.decode()
    for total in ("269", "266", "232", "212", "206", "152"):
        assert f"({total} coded segments)" in page
    for count, share in (("51", "19.0%"), ("41", "15.4%"), ("47", "20.3%"),
                         ("40", "18.9%"), ("40", "19.4%"), ("29", "19.1%")):  # fmt: skip
        assert f'<td class="num count">{count}</td><td class="num share">{share}</td>' in page
    assert "Banking system problems in granting facilities" in page
    persian = client_for("analyst")
    persian.cookies["django_language"] = "fa"
    page = persian.get(f"/coding/{survey.pk}/results/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "مشکلات نظام بانکی در اعطای تسهیلات" in page and "۱۹٫۰٪" in page


def test_results_workbook(survey: Survey) -> None:
    response = client_for("analyst").get(f"/coding/{survey.pk}/results/?format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["themes", "themes_by_sector", "challenge_solution", "coded_segments"]
    rows = list(book["themes"].iter_rows(values_only=True))
    assert rows[0] == ("area", "kind", "theme", "count", "share", "respondents")
    assert ("investment", "challenge", "مشکلات نظام بانکی در اعطای تسهیلات", 51) == rows[1][:4]


def test_agreement_page(survey: Survey) -> None:
    """Every cell of both tables is what the core computes from the demo study's own codings
    (per area and kind, and over all), not merely a number between 0 and 1."""
    import re

    from kargah.coding import Agreement, synthetic_study

    page = client_for("analyst").get(f"/coding/{survey.pk}/agreement/").content.decode()
    study = synthetic_study()
    theme_of = dict(zip(study.codes["code"], study.codes["theme"], strict=True))
    area_en = dict(zip(study.areas["id"], study.areas["en"], strict=True))
    codings = study.codings.assign(theme=study.codings["code"].map(theme_of))
    row = re.compile(
        r"<tr><td>([^<]*)</td><td>([^<]*)</td><td class=\"num\">([\d,]+)</td>"
        r"<td class=\"num\">(\d+)</td><td class=\"num paired\">[^<]*</td>"
        r"<td class=\"num percent\">[^<]*</td>\s*<td class=\"num kappa\">([^<]*)</td>"
        r"<td class=\"num alpha\">([^<]*)</td></tr>"
    )
    for level in ("theme", "code"):
        table = page.split(f'data-level="{level}"')[1].split("</table>")[0]
        shown = {(area, kind): rest for area, kind, *rest in row.findall(table)}
        groups = [((area_en[a], k), g) for (a, k), g in codings.groupby(["area", "kind"])]
        assert len(shown) == len(groups) + 1  # one row per area and kind, and one for all
        for key, frame in [*groups, (("all", ""), codings)]:
            expected = Agreement.compute(frame[["segment", "coder", level]].itertuples(index=False))
            assert expected.cohen_kappa is not None and expected.krippendorff_alpha_nominal
            assert shown[key] == [
                f"{expected.units:,}",
                str(expected.coders),
                f"{expected.cohen_kappa:.3f}",
                f"{expected.krippendorff_alpha_nominal:.3f}",
            ], (level, key)


def test_coders_are_blind_and_anonymous_users_are_sent_to_log_in(survey: Survey) -> None:
    coder = client_for("coder")
    assert coder.get(f"/coding/{survey.pk}/agreement/").status_code == 403
    assert coder.get(f"/coding/{survey.pk}/results/").status_code == 403
    assert coder.get(f"/coding/{survey.pk}/code/").status_code == 200
    assert Client().get(f"/coding/{survey.pk}/code/").status_code == 302
    assert client_for("buyer").get(f"/coding/{survey.pk}/code/").status_code == 403


def _everything(survey: Survey) -> dict[str, object]:
    """What a full export must carry, named by content, not by id."""
    return {
        "form": sorted(
            (q.key, q.type, q.fa, q.en, q.slots, q.kind, q.area.fa if q.area else "", q.order)
            for q in survey.questions.select_related("area")
        ),
        "respondents": sorted(
            (
                r.code,
                r.sector,
                r.organisation,
                r.role,
                r.years,
                r.invitation.label if r.invitation else None,
            )
            for r in survey.respondents.select_related("invitation")
        ),
        "invitations": sorted(
            (i.sector, i.label, i.opened is not None, i.submitted is not None)
            for i in survey.invitations.all()
        ),
        "memos": sorted(
            (m.segment.text, m.coder.username if m.coder else None, m.text)
            for m in SegmentMemo.objects.filter(segment__answer__respondent__survey=survey)
        ),
        "synthetic": survey.synthetic,
    }


def test_qdpx_round_trip_into_a_new_survey(survey: Survey) -> None:
    analyst = client_for("analyst")
    segments = Segment.objects.filter(answer__respondent__survey=survey)
    for coder, segment, text in [("coder", 0, "دو ایده"), ("coder2", 0, "نه"), ("coder2", 5, "؟")]:
        client_for(coder).post(
            f"/coding/{survey.pk}/code/",
            {"segment": segments[segment].pk, "code": "وام", "memo": text},
        )
    exported = analyst.get(f"/coding/{survey.pk}/export.qdpx").content
    project = read_qdpx(io.BytesIO(exported))
    assert project.summary()["themes"] == 54 and project.summary()["codings"] > 2600
    upload = io.BytesIO(exported)
    upload.name = "guilan.qdpx"
    response = analyst.post("/coding/import/", {"file": upload, "title": "copy"})
    assert response.status_code == 302
    copy = Survey.objects.get(title_fa="copy")
    again = read_qdpx(io.BytesIO(analyst.get(f"/coding/{copy.pk}/export.qdpx").content))
    assert again.summary() == project.summary()
    assert _everything(copy) == _everything(survey)
    assert len(_everything(copy)["memos"]) == 3 and survey.invitations.count() == 100
    names = lambda p: sorted(c.name for c in p.codes)  # noqa: E731
    assert names(again) == names(project)
    first = analyst.get(f"/coding/{survey.pk}/results/?format=xlsx").content
    second = analyst.get(f"/coding/{copy.pk}/results/?format=xlsx").content
    sheet = lambda data: list(load_workbook(io.BytesIO(data))["themes"].values)  # noqa: E731
    assert sheet(first) == sheet(second)


def test_bad_qdpx_is_refused_with_a_reason(survey: Survey) -> None:
    upload = io.BytesIO(b"not a zip")
    upload.name = "broken.qdpx"
    response = client_for("analyst").post("/coding/import/", {"file": upload})
    assert response.status_code == 400 and "broken.qdpx" in response.content.decode()
    assert Survey.objects.count() == 1


def test_two_coders_at_once_keep_each_others_work(survey: Survey) -> None:
    first, second = client_for("coder"), client_for("coder2")
    segment = Segment.objects.filter(answer__respondent__survey=survey).first()
    assert segment is not None
    Coding.objects.filter(segment=segment).delete()
    # both open the same segment, both answer with a new code typed differently (ي / ی)
    first.get(f"/coding/{survey.pk}/code/?segment={segment.pk}")
    second.get(f"/coding/{survey.pk}/code/?segment={segment.pk}")
    first.post(f"/coding/{survey.pk}/code/", {"segment": segment.pk, "code": "کد تازه‌ي"})
    second.post(f"/coding/{survey.pk}/code/", {"segment": segment.pk, "code": "کد تازه ی"})
    codings = Coding.objects.filter(segment=segment)
    assert sorted(c.coder.username for c in codings) == ["coder", "coder2"]
    assert len({c.code_id for c in codings}) == 1  # one code, not two spellings
    # a coder changing their mind replaces their own coding only
    first.post(f"/coding/{survey.pk}/code/", {"segment": segment.pk, "code": "دیگر"})
    assert Coding.objects.get(segment=segment, coder__username="coder2").code.name == "کد تازه‌ي"


def test_codebook_merge_rename_split_and_undo(survey: Survey) -> None:
    analyst = client_for("analyst")
    url = f"/coding/{survey.pk}/codebook/"
    a, b = Code.objects.filter(survey=survey, theme__isnull=False)[:2]
    before = Coding.objects.filter(code=a).count()
    analyst.post(url, {"action": "merge", "code": a.pk, "into": b.pk})
    assert not Code.objects.filter(pk=a.pk).exists()
    analyst.post(url, {"action": "undo"})
    assert Coding.objects.filter(code_id=a.pk).count() == before
    analyst.post(url, {"action": "rename-code", "code": a.pk, "name": "نام نو"})
    assert Code.objects.get(pk=a.pk).name == "نام نو"
    analyst.post(url, {"action": "split", "code": a.pk, "name": "نیمه"})
    half = Code.objects.get(survey=survey, name="نیمه")
    assert 0 < half.codings.count() < before
    analyst.post(url, {"action": "undo"})
    analyst.post(url, {"action": "undo"})
    assert Code.objects.get(pk=a.pk).name == a.name
    assert Coding.objects.filter(code_id=a.pk).count() == before
    theme = Theme.objects.filter(survey=survey).first()
    assert theme is not None
    analyst.post(url, {"action": "memo", "target": "theme", "id": theme.pk, "memo": "یادداشت"})
    assert Theme.objects.get(pk=theme.pk).memo == "یادداشت"
    assert CodebookChange.objects.filter(survey=survey, undone=True).count() == 3
    # coders may write memos but not change the codebook
    assert client_for("coder").post(url, {"action": "undo"}).status_code == 403


def test_split_a_segment_and_undo(survey: Survey) -> None:
    segment = Segment.objects.filter(answer__respondent__survey=survey).first()
    assert segment is not None
    end = segment.end
    coder = client_for("coder")
    coder.post(f"/coding/{survey.pk}/segments/{segment.pk}/split/", {"offset": 3})
    segment.refresh_from_db()
    assert segment.end == segment.start + 3
    assert Segment.objects.filter(answer=segment.answer).count() == 2
    client_for("analyst").post(f"/coding/{survey.pk}/codebook/", {"action": "undo"})
    segment.refresh_from_db()
    assert segment.end == end and Segment.objects.filter(answer=segment.answer).count() == 1


def test_disagreements_are_settled_and_count_in_results(survey: Survey) -> None:
    analyst = client_for("analyst")
    page = analyst.get(f"/coding/{survey.pk}/disagreements/").content.decode()
    assert "coder2:" in page
    differing = Segment.objects.filter(
        answer__respondent__survey=survey, codings__coder__username="coder2"
    )
    segment = next(s for s in differing if len({c.code_id for c in s.codings.all()}) == 2)
    other = segment.codings.get(coder__username="coder2").code
    analyst.post(f"/coding/{survey.pk}/disagreements/", {"segment": segment.pk, "code": other.pk})
    assert segment.resolution.code == other


def test_respondent_link_autosave_and_single_submit(survey: Survey) -> None:
    invitation = Invitation.objects.filter(survey=survey, submitted__isnull=True).first()
    assert invitation is not None
    url = f"/survey/r/{invitation.token}/"
    visitor = Client(**EN)
    assert "investment_challenge_1" in visitor.get(url).content.decode()
    visitor.post(url, {"investment_challenge_1": "نبود وام", "action": "save"}, HTTP_X_AUTOSAVE="1")
    invitation.refresh_from_db()
    assert invitation.opened and invitation.draft["investment_challenge_1"] == "نبود وام"
    assert "نبود وام" in Client().get(url).content.decode()  # another visit finds it
    form = {"investment_challenge_1": "نبود وام", "investment_solution_1": "صندوق ضمانت",
            "sector": "cooperative", "years": "12", "action": "submit"}  # fmt: skip
    before = Respondent.objects.count()
    visitor.post(url, form)
    visitor.post(url, form)  # a double click
    assert Respondent.objects.count() == before + 1
    respondent = Respondent.objects.get(invitation=invitation)
    assert respondent.sector == "cooperative" and respondent.answers.count() == 2
    assert "already" in visitor.get(url).content.decode()


def test_response_rates_by_sector(survey: Survey) -> None:
    page = client_for("analyst").get(f"/survey/{survey.pk}/").content.decode()
    assert (
        '<td>cooperative</td><td class="num">20</td><td class="num">18</td><td class="num">16</td>'
        in page
    )
    assert "83" in page and "83.0%" in page


def test_answer_import_all_or_nothing(survey: Survey, tmp_path: Any) -> None:
    analyst = client_for("analyst")
    bad = io.BytesIO(
        "respondent,sector,investment_challenge_1,investment_challenge_9\n"
        "N1,private,وام,x\nN2,governmental,وام,\n".encode()
    )
    bad.name = "answers.csv"
    response = analyst.post(f"/survey/{survey.pk}/import/", {"file": bad})
    text = response.content.decode()
    assert response.status_code == 400
    assert "answers.csv, column “investment_challenge_9”" in text
    assert "answers.csv, row 3, column “sector”" in text
    assert not Respondent.objects.filter(code="N1").exists()
    good = io.BytesIO("respondent,sector,investment_challenge_1,investment_challenge_2\n"
                      "N1,خصوصی,وام گران,تورم\nN2,public,مجوز,\n".encode())  # fmt: skip
    good.name = "answers.csv"
    preview = analyst.post(f"/survey/{survey.pk}/import/", {"file": good}).content.decode()
    assert "وام گران" in preview and not Respondent.objects.filter(code="N1").exists()
    token = preview.split('name="token" value="')[1].split('"')[0]
    analyst.post(f"/survey/{survey.pk}/import/confirm/", {"token": token})
    assert Respondent.objects.get(code="N1").sector == "private"
    assert Answer.objects.filter(respondent__code__in=["N1", "N2"]).count() == 3
    export = analyst.get(f"/survey/{survey.pk}/answers.xlsx").content
    assert zipfile.is_zipfile(io.BytesIO(export))
    book = load_workbook(io.BytesIO(export))
    assert len(list(book["answers"].values)) == 1337 + 3 + 1
    assert len(list(book["codings"].values)) > 2600 and "token" not in str(
        next(iter(book["invitations"].values))
    )


def test_builder_areas_questions_and_invitations(survey: Survey) -> None:
    analyst = client_for("analyst")
    analyst.post("/survey/", {"title": "پیمایش آزمایشی", "title_en": "Trial"})
    trial = Survey.objects.get(title_fa="پیمایش آزمایشی")
    url = f"/survey/{trial.pk}/"
    analyst.post(url, {"action": "add-area", "key": "skills", "fa": "مهارت", "en": "Skills"})
    area = trial.areas.get(key="skills")
    analyst.post(
        url,
        {
            "action": "add-question",
            "key": "skills_challenge",
            "type": "ranked",
            "area": area.pk,
            "kind": "challenge",
            "fa": "سه مشکل",
            "slots": 3,
        },
    )
    analyst.post(url, {"action": "add-question", "key": "size", "type": "single",
                       "fa": "اندازه", "choices": "خرد\nکوچک"})  # fmt: skip
    assert list(trial.questions.values_list("key", flat=True)) == ["skills_challenge", "size"]
    assert trial.questions.get(key="size").choices == ["خرد", "کوچک"]
    analyst.post(url, {"action": "invite", "sector": "public", "count": 3})
    assert trial.invitations.filter(sector="public").count() == 3
    token = trial.invitations.first().token
    form = Client().get(f"/survey/r/{token}/").content.decode()
    assert 'name="skills_challenge_3"' in form and 'value="کوچک"' in form
    analyst.post(url, {"action": "remove-question", "question": trial.questions.get(key="size").pk})
    assert trial.questions.count() == 1
    # the demo's questions have answers: they stay
    demo_question = survey.questions.first()
    analyst.post(
        f"/survey/{survey.pk}/", {"action": "remove-question", "question": demo_question.pk}
    )
    assert survey.questions.filter(pk=demo_question.pk).exists()


def test_an_empty_form_is_not_submitted(survey: Survey) -> None:
    invitation = Invitation.objects.filter(survey=survey, submitted__isnull=True).first()
    visitor = Client()
    visitor.post(f"/survey/r/{invitation.token}/", {"sector": "public", "action": "submit"})
    invitation.refresh_from_db()
    assert invitation.submitted is None and not Respondent.objects.filter(invitation=invitation)


def test_memo_on_a_segment_from_the_coding_screen(survey: Survey) -> None:
    segment = Segment.objects.filter(answer__respondent__survey=survey).first()
    client_for("coder").post(
        f"/coding/{survey.pk}/code/", {"segment": segment.pk, "code": "x", "memo": "دو ایده"}
    )
    assert segment.memos.get(coder__username="coder").text == "دو ایده"


def test_coding_screen_finds_answers_whatever_the_keyboard(survey: Survey) -> None:
    answer = Answer.objects.filter(respondent__survey=survey, text__contains="بانک").first()
    assert answer is not None
    coder = client_for("coder")
    Coding.objects.filter(coder__username="coder", segment__answer__text__contains="بانک").delete()
    page = coder.get(
        f"/coding/{survey.pk}/code/", {"q": "بانكي"}
    ).content.decode()  # Arabic kaf, yeh
    shown = page.split('id="segment-text">')[1].split("</mark>")[0]
    assert "بانک" in shown
    segment = int(page.split('data-segment="')[1].split('"')[0])
    after = coder.post(
        f"/coding/{survey.pk}/code/", {"segment": segment, "code": "x", "q": "بانكي"}
    )
    assert "q=" in after["Location"]
