"""The demo study reproduces the Guilan paper's figures from its coded data."""

from __future__ import annotations

import pytest

from kargah.coding import challenge_solution_matrix, synthetic_study, theme_frequencies

# area, kind → (all coded segments, top theme's count, its share as printed)
PAPER = {
    ("investment", "challenge"): (269, 51, 19.0),
    ("production", "challenge"): (266, 41, 15.4),
    ("marketing", "challenge"): (232, 47, 20.3),
    ("investment", "solution"): (212, 40, 18.9),
    ("production", "solution"): (206, 40, 19.4),
    ("marketing", "solution"): (152, 29, 19.1),
}


@pytest.fixture(scope="module")
def study():  # type: ignore[no-untyped-def]
    return synthetic_study()


def test_paper_figures(study) -> None:  # type: ignore[no-untyped-def]
    table = theme_frequencies(study.coded_segments())
    for (area, kind), (total, top, share) in PAPER.items():
        part = table[(table["area"] == area) & (table["kind"] == kind)]
        assert part["count"].sum() == total
        assert len(part) == 9
        assert part.iloc[0]["count"] == top
        assert round(part.iloc[0]["share"] * 100, 1) == share
    assert table.loc[0, "theme"] == "مشکلات نظام بانکی در اعطای تسهیلات"


def test_people_and_answers(study) -> None:  # type: ignore[no-untyped-def]
    assert len(study.respondents) == 83 and len(study.invitations) == 100
    per = study.answers.groupby(["respondent", "area", "kind"]).size()
    assert per.max() <= 5
    assert study.answers["text"].str.contains("[\u0600-\u06ff]").all()  # written in Persian
    second = study.codings[study.codings["coder"] == "coder2"]
    assert 0.9 * len(study.answers) < len(second) < len(study.answers)


def test_same_seed_same_study() -> None:
    a, b = synthetic_study(7), synthetic_study(7)
    assert a.answers.equals(b.answers) and a.codings.equals(b.codings)


def test_matrix_pairs_lines(study) -> None:  # type: ignore[no-untyped-def]
    matrix = challenge_solution_matrix(study.coded_segments())
    banking = matrix[matrix["challenge"] == "مشکلات نظام بانکی در اعطای تسهیلات"]
    best = banking.sort_values("pairs").iloc[-1]
    # the two solution themes the reference data says answer banking problems
    assert best["solution"] in {
        "ایجاد شبکهٔ بانکی یکپارچه برای تسهیلات به‌موقع و هدفمند",
        "کاهش نرخ سود و وثیقه",
    }
    by_sector = theme_frequencies(study.coded_segments(), by_sector=True)
    assert set(by_sector["sector"]) == {"public", "private", "cooperative"}


def test_every_theme_has_its_whole_english_name() -> None:
    # In YAML's flow style an unquoted comma ends a value: "High production costs (wages, raw
    # materials, …)" came out as "High production costs (wages" plus stray empty keys.
    from kargah.coding._study import reference

    fields = {"id", "area", "kind", "count", "source", "fa", "en", "codes", "answers"}
    for theme in reference()["themes"]:
        assert set(theme) <= fields and None not in theme.values(), theme
        assert theme["en"].count("(") == theme["en"].count(")"), theme["en"]
    themes = synthetic_study().themes.set_index("id")["en"]
    assert themes["pc1"] == "High production costs (wages, raw materials, energy, transport)"
