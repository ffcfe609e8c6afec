"""Machine suggestions: themes learnt from codings, thresholds from cross-validation on the
training codings alone, rejections that change the next round, the CLI's shape and errors, and
candidate codes before anything is coded."""

from __future__ import annotations

import json
import pickle
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from kargah.cli.coding import app
from kargah.coding import ThemeSuggester, cluster_answers
from kargah.coding._suggest import GRID, _scores
from kargah.errors import InputError

#: Words that carry each theme, and filler every answer shares; Arabic-keyboard spellings and
#: ZWNJ on purpose (normalisation comes first).
CUES = {
    "وام": ["وام بانكي", "تسهیلات بانک", "وام‌های کم بهره", "ضامن وام", "اقساط وام"],
    "بیمه": ["حق بیمه", "بیمه تامین اجتماعی", "بیمه‌ی کارگران", "سهم بیمه کارفرما"],
    "برق": ["قطعی برق", "خاموشی", "برق صنعتی", "هزینه برق", "ژنراتور برق"],
}
FILLER = ["کارگاه ما", "در این سال‌ها", "به نظر من", "مشکل اصلی", "واقعا", "همیشه", "امسال"]


def answer(rng: random.Random, themes: list[str]) -> str:
    words = [rng.choice(FILLER)]
    for theme in themes:
        words += [rng.choice(CUES[theme]), rng.choice(FILLER)]
    return " ".join(words)


def coded_frame(n: int = 90, seed: int = 3) -> pd.DataFrame:
    """n segments, each with one or two themes or none."""
    rng = random.Random(seed)
    rows = []
    for segment in range(n):
        themes = rng.choice([[], ["وام"], ["بیمه"], ["برق"], ["وام", "بیمه"], ["برق", "وام"]])
        text = answer(rng, themes)
        rows += [{"segment": segment, "text": text, "theme": t} for t in themes or [None]]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def model() -> ThemeSuggester:
    return ThemeSuggester().fit(coded_frame())


def test_suggests_the_themes_of_new_answers_most_confident_first(model: ThemeSuggester) -> None:
    new = pd.DataFrame(
        {
            "segment": ["a", "b", "c"],
            "text": ["اقساط وام و حق بیمه سنگین است", "خاموشی هر روز", "کارگاه ما واقعا"],
        }
    )
    result = model.suggest(new)
    assert [r["segment"] for r in result] == ["a", "b", "c"]
    assert {s["theme"] for s in result[0]["suggestions"]} == {"وام", "بیمه"}
    assert [s["theme"] for s in result[1]["suggestions"]] == ["برق"]
    assert result[2]["suggestions"] == []  # filler alone: no theme
    confidences = [s["confidence"] for s in result[0]["suggestions"]]
    assert confidences == sorted(confidences, reverse=True)
    assert all(model.threshold_ <= c <= 1 for c in confidences)
    assert model.themes_ == ["برق", "بیمه", "وام"]
    assert set(model.examples_) == set(model.themes_) and model.segments_ == 90


def test_a_threshold_lists_every_theme_at_or_above_it(model: ThemeSuggester) -> None:
    new = pd.DataFrame({"segment": [1], "text": ["حق بیمه"]})
    assert len(model.suggest(new, threshold=0.0)[0]["suggestions"]) == 3
    assert model.suggest(new, threshold=1.0)[0]["suggestions"] == []
    table = model.confidences(["حق بیمه", "قطعی برق"])
    assert list(table.columns) == model.themes_ and table.shape == (2, 3)
    assert table.loc[0, "بیمه"] > 0.5 > table.loc[0, "برق"]


def test_the_model_and_its_threshold_travel_together(model: ThemeSuggester) -> None:
    """What fit learnt, the default threshold with it, survives pickling (the site stores it)."""
    again = pickle.loads(pickle.dumps(model))
    new = pd.DataFrame({"segment": [1, 2], "text": ["حق بیمه و وام", "قطعی برق"]})
    assert again.threshold_ == model.threshold_ and again.suggest(new) == model.suggest(new)


def test_normalisation_comes_first(model: ThemeSuggester) -> None:
    """The Arabic-keyboard spelling and the Persian one get the same confidences."""
    arabic, persian = model.confidences(["وام بانكي و بيمه", "وام بانکی و بیمه"]).to_numpy()
    assert np.allclose(arabic, persian)


def test_punctuation_and_stretched_letters_do_not_change_a_word(model: ThemeSuggester) -> None:
    """Reviewers glue punctuation to words ("برق.") and stretch letters for emphasis ("وااام"):
    the same words, the same confidences (ParsiNLU's reviews: +0.01 recall at 0.90 precision)."""
    # (marks that end a clause — "!", "." — are tested with the clauses, test_clauses.py)
    plain, marked = model.confidences(["قطعی برق هر روز", "قطعی «برق» هر (روز)"]).to_numpy()
    stretched = model.confidences(["قطعیییی برق هر روز"]).to_numpy()[0]
    assert np.allclose(plain, marked) and np.allclose(plain, stretched)


def test_the_threshold_comes_from_out_of_fold_confidences_on_the_training_part() -> None:
    """threshold_ is the grid value of most pooled out-of-fold recall among those whose precision
    reaches the target, the highest of equals; and a segment's out-of-fold confidence does not
    depend on its own coding (it was not seen)."""
    coded = coded_frame()
    model = ThemeSuggester(target_precision=0.95).fit(coded)
    oof = model.cv_confidences_
    labels = np.array(
        [
            [int(t in set(coded.loc[coded.segment == s, "theme"])) for t in model.themes_]
            for s in oof.index
        ]
    )
    precision, recall = _scores(oof.to_numpy(), labels, model.threshold_)
    assert precision >= 0.95
    others = [_scores(oof.to_numpy(), labels, t) for t in GRID if t != model.threshold_]
    assert all(r <= recall for p, r in others if p >= 0.95)
    higher = [_scores(oof.to_numpy(), labels, t) for t in GRID if t > model.threshold_]
    assert all(p < 0.95 or r < recall for p, r in higher)
    assert (model.cv_precision_, model.cv_recall_) == _scores(
        oof.to_numpy(), labels, model.threshold_
    )
    # Code segment 0 with a theme it does not have: its own out-of-fold row stays the same.
    wrong = coded[coded.segment != 0]
    first = coded[coded.segment == 0].iloc[:1].assign(theme="برق")
    again = ThemeSuggester(target_precision=0.95).fit(pd.concat([first, wrong]))
    assert np.allclose(again.cv_confidences_.loc[0], oof.loc[0])
    assert not np.allclose(again.cv_confidences_.drop(index=0), oof.drop(index=0))


def test_the_threshold_is_fixed_by_training_alone_not_by_what_is_suggested() -> None:
    coded = coded_frame()
    strict = ThemeSuggester(target_precision=0.99).fit(coded)
    loose = ThemeSuggester(target_precision=0.5).fit(coded)
    assert loose.threshold_ <= strict.threshold_
    before = strict.threshold_
    strict.suggest(pd.DataFrame({"segment": [1], "text": ["قطعی برق"]}))
    assert strict.threshold_ == before
    assert ThemeSuggester(threshold=0.7).fit(coded).threshold_ == 0.7


def test_rejections_lower_the_next_rounds_confidence() -> None:
    coded = coded_frame()
    text = "اقساط وام در کارگاه ما"
    first = ThemeSuggester().fit(coded)
    before = first.confidences([text]).loc[0, "وام"]
    rejected = pd.DataFrame({"segment": [500], "text": [text], "theme": ["وام"]})
    second = ThemeSuggester().fit(coded, rejected)
    after = second.confidences([text]).loc[0, "وام"]
    assert second.rejections_ == 1 and after < before - 0.05
    # A rejection of a segment coded since, or of a theme no longer coded, teaches nothing.
    stale = pd.DataFrame({"segment": [0, 501], "text": [text, text], "theme": ["وام", "گاز"]})
    assert ThemeSuggester().fit(coded, stale).rejections_ == 0


def test_training_errors_name_file_row_and_column() -> None:
    coded = coded_frame()
    with pytest.raises(InputError, match="missing column"):
        ThemeSuggester().fit(coded.drop(columns="text"), source="coded.csv")
    with pytest.raises(InputError, match="no coded segments"):
        ThemeSuggester().fit(coded.iloc[:0], source="coded.csv")
    rare = pd.concat([coded, pd.DataFrame([{"segment": 999, "text": "گاز", "theme": "گاز"}])])
    rare.index = range(2, len(rare) + 2)  # as the readers number rows: the header is row 1
    with pytest.raises(InputError) as error:
        ThemeSuggester().fit(rare, source="coded.csv")
    assert error.value.row == len(rare) + 1 and error.value.column == "theme"
    assert "'گاز' has 1 coded segment(s)" in str(error.value)
    with pytest.raises(InputError, match="no segment has a theme"):
        ThemeSuggester().fit(coded.assign(theme=None))


def write(path: Path, frame: pd.DataFrame) -> Path:
    frame.to_csv(path, index=False)
    return path


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["suggest", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_cli_prints_the_issues_shape(tmp_path: Path) -> None:
    train = write(tmp_path / "coded.csv", coded_frame())
    new = write(
        tmp_path / "new.csv",
        pd.DataFrame({"segment": [7, 8], "text": ["حق بیمه", "کارگاه ما واقعا"]}),
    )
    code, output = cli("--train", str(train), "--answers", str(new), "--json")
    assert code == 0, output
    result = json.loads(output)
    assert result[0]["segment"] == 7 and [s["theme"] for s in result[0]["suggestions"]] == ["بیمه"]
    assert set(result[0]["suggestions"][0]) == {"theme", "confidence"}
    assert result[1] == {"segment": 8, "suggestions": []}
    code, output = cli("--train", str(train), "--answers", str(new), "--threshold", "0", "--json")
    assert code == 0 and all(len(r["suggestions"]) == 3 for r in json.loads(output))
    before = {s["theme"]: s["confidence"] for s in json.loads(output)[0]["suggestions"]}
    refused = pd.DataFrame({"segment": [500], "text": ["حق بیمه"], "theme": ["بیمه"]})
    rejected = write(tmp_path / "rejected.csv", refused)
    code, output = cli(
        "--train", str(train), "--answers", str(new), "--threshold", "0",
        "--rejected", str(rejected), "--json",
    )  # fmt: skip
    after = {s["theme"]: s["confidence"] for s in json.loads(output)[0]["suggestions"]}
    assert code == 0 and after["بیمه"] < before["بیمه"]


def test_cli_errors_name_file_row_and_column(tmp_path: Path) -> None:
    good = write(tmp_path / "new.csv", pd.DataFrame({"segment": [1], "text": ["حق بیمه"]}))
    bad = write(tmp_path / "coded.csv", coded_frame().drop(columns="theme"))
    code, output = cli("--train", str(bad), "--answers", str(good), "--json")
    assert code == 2 and "coded.csv: missing column(s): theme" in output
    empty = write(tmp_path / "empty.csv", pd.DataFrame(columns=["segment", "text", "theme"]))
    code, output = cli("--train", str(empty), "--answers", str(good))
    assert code == 2 and "empty.csv: the file has a header but no rows" in output
    bare = write(tmp_path / "bare.csv", coded_frame().assign(theme=""))
    code, output = cli("--train", str(bare), "--answers", str(good))
    assert code == 2 and "bare.csv, column 'theme': no segment has a theme" in output
    rare = coded_frame()
    rare.loc[3, "theme"] = "گاز"
    code, output = cli("--train", str(write(tmp_path / "rare.csv", rare)), "--answers", str(good))
    assert code == 2 and "rare.csv, row 5, column 'theme'" in output and "گاز" in output
    blank = pd.DataFrame({"segment": [1, 2], "text": ["حق بیمه", ""]})
    code, output = cli("--train", str(write(tmp_path / "c.csv", coded_frame())), "--answers",
                       str(write(tmp_path / "blank.csv", blank)))  # fmt: skip
    assert code == 2 and "blank.csv, row 3, column 'text': empty" in output
    code, output = cli("--train", str(tmp_path / "none.csv"), "--answers", str(good))
    assert code == 2 and "does not exist" in output


def test_clusters_group_answers_by_what_they_speak_of() -> None:
    """Answers that share their subject's word (in varied phrases, with varied filler) fall
    into one group each, named by that word."""
    rng = random.Random(5)
    themes = [rng.choice(list(CUES)) for _ in range(45)]
    filler = [*FILLER, "راستش", "از نظر ما", "متاسفانه", "هنوز هم", "در شهرستان", "این روزها"]
    texts = [f"{rng.choice(filler)} {rng.choice([c for c in CUES[t] if t in c])}" for t in themes]
    codes = cluster_answers(texts, 3, segments=[f"s{i}" for i in range(45)])
    assert sum(len(c.answers) for c in codes) == 45
    for code in codes:
        found = {themes[int(s[1:])] for s in code.answers}
        assert len(found) == 1, (code.name, found)
        assert found.pop() in code.words[:3]
    chosen = cluster_answers(texts)  # how many: by silhouette
    assert 2 <= len(chosen) <= 8
    with pytest.raises(InputError, match="at least 4 answers"):
        cluster_answers(["وام", "", "بیمه"])


def test_cli_clusters_prints_candidate_codes(tmp_path: Path) -> None:
    rng = random.Random(7)
    themes = [rng.choice(list(CUES)) for _ in range(30)]
    texts = [f"{rng.choice(FILLER)} {rng.choice([c for c in CUES[t] if t in c])}" for t in themes]
    path = write(tmp_path / "answers.csv", pd.DataFrame({"segment": range(30), "text": texts}))
    result = CliRunner().invoke(app, ["clusters", str(path), "--codes", "3", "--json"])
    assert result.exit_code == 0, result.output
    codes = json.loads(result.output)
    assert len(codes) == 3 and set(codes[0]) == {"name", "words", "answers"}
    assert sorted(s for c in codes for s in c["answers"]) == list(range(30))
