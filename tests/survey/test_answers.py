"""Answer files in both layouts, every bad cell named by file, row and column, nothing kept from a
file with one; the Guilan form template; response rates; fuzzed input never crashes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kargah.errors import DefinitionError, InputError
from kargah.survey import load_form, read_answers, response_rates, write_answers

FORM = load_form("guilan")


def test_the_guilan_template() -> None:
    assert [a.id for a in FORM.areas] == ["investment", "production", "marketing"]
    assert len(FORM.questions) == 6 and all(q.slots == 5 for q in FORM.questions)
    assert len(FORM.answer_columns()) == 30


def test_wide_layout_reads_persian_sectors_and_digits(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "respondent,sector,years,investment_challenge_1,investment_challenge_2\n"
        "۱,خصوصی,۱۲,سود بالای وام,\nR2,public,3,نبود وثیقه,تورم\n",
        encoding="utf-8",
    )
    responses = read_answers(path, FORM)
    assert list(responses.respondents["respondent"]) == ["1", "R2"]
    assert list(responses.respondents["sector"]) == ["private", "public"]
    assert responses.respondents["years"].tolist() == [12.0, 3.0]
    assert len(responses.answers) == 3


def test_long_layout(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "respondent,sector,question,rank,answer\n"
        "R1,cooperative,marketing_solution,2,بازارچهٔ دائمی\n"
        "R1,cooperative,marketing_solution,1,برند\n",
        encoding="utf-8",
    )
    responses = read_answers(path, FORM)
    assert sorted(responses.answers["rank"]) == [1, 2]


def test_every_bad_cell_is_named(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "respondent,sector,years,investment_challenge_1,color\n"
        "R1,state,5,وام,\n,private,3,x,\nR1,public,abc,y,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_answers(path, FORM)
    text = str(caught.value)
    for where in (
        "answers.csv, column 'color'",
        "answers.csv, row 2, column 'sector'",
        "answers.csv, row 3, column 'respondent'",
        "answers.csv, row 4, column 'respondent'",
    ):
        assert where in text, where
    assert "nothing was imported" in text


def test_long_layout_errors(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "respondent,question,rank,answer\nR1,nope,1,x\nR1,investment_challenge,9,x\n"
        "R1,investment_challenge,1,a\nR1,investment_challenge,1,b\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_answers(path, FORM)
    text = str(caught.value)
    assert "row 2, column 'question'" in text and "row 3, column 'rank'" in text
    assert "row 5, column 'rank'" in text and "first on row 4" in text


def test_write_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "respondent,sector,production_challenge_1\nR1,private,گرانی مواد\n", encoding="utf-8"
    )
    responses = read_answers(path, FORM)
    out = write_answers(responses, tmp_path / "out.csv")
    back = read_answers(out.rename(tmp_path / "long.csv"), FORM)
    assert back.answers["text"].tolist() == ["گرانی مواد"]
    assert write_answers(responses, tmp_path / "out.xlsx").stat().st_size > 0


def test_response_rates() -> None:
    invitations = pd.DataFrame(
        {"sector": ["public"] * 4 + ["private"] * 2, "opened": [1, 1, 1, 0, 1, 0],
         "returned": [1, 1, 0, 0, 1, 0]}
    )  # fmt: skip
    table = response_rates(invitations.astype({"opened": bool, "returned": bool}))
    assert table.to_dict("records")[-1] == {
        "sector": "all", "invited": 6, "opened": 4, "returned": 3, "rate": 0.5
    }  # fmt: skip


def test_bad_form_file(tmp_path: Path) -> None:
    path = tmp_path / "form.yaml"
    path.write_text("id: x\nquestions:\n  - {id: q, type: dance, fa: پرسش}\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="form.yaml"):
        load_form(path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.lists(st.text(max_size=8).filter(lambda s: "\x00" not in s), min_size=3, max_size=3),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["wide", "long"]),
)
def test_fuzzed_files_either_read_or_say_where(
    tmp_path: Path, rows: list[list[str]], layout: str
) -> None:
    header = (
        ["respondent", "sector", "investment_challenge_1"]
        if layout == "wide"
        else ["respondent", "question", "answer"]
    )
    path = tmp_path / "fuzz.csv"
    pd.DataFrame(rows, columns=header).to_csv(path, index=False)
    try:
        responses = read_answers(path, FORM)
    except InputError as error:
        assert "fuzz.csv" in str(error)
    else:
        assert set(responses.answers["question"]) <= {q.id for q in FORM.questions}


def test_questions_out_of_the_rules_are_kargah_errors() -> None:
    from kargah.errors import KargahError, OptionError
    from kargah.survey import Question

    with pytest.raises(KargahError, match="type must be one of"):
        Question(id="q", type="essay", fa="؟")
    with pytest.raises(OptionError, match="1 to 20"):
        Question(id="q", type="ranked", fa="؟", slots=0)
    with pytest.raises(OptionError, match="no question 'nope'"):
        FORM.question("nope")


def test_texts_longer_than_their_limit_are_refused_not_cut(tmp_path: Path) -> None:
    from kargah.survey import LIMITS

    path = tmp_path / "answers.csv"
    long_answer, long_role = "خ" * (LIMITS["answer"] + 1), "r" * (LIMITS["role"] + 1)
    path.write_text(
        f"respondent,role,investment_challenge_1\nR1,{long_role},{long_answer}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_answers(path, FORM)
    named = {(p.row, p.column) for p in caught.value.problems}
    assert named == {(2, "role"), (2, "investment_challenge_1")}
