"""Weight stability, one-at-a-time sweeps, leave-one-out; method comparison; decision and
criteria files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kargah.errors import InputError, OptionError
from kargah.priorities import (
    METHODS,
    Comparison,
    Criterion,
    Ranking,
    Stability,
    read_criteria,
    read_decision,
)

#: Two alternatives, two criteria: A wins on x, B on y. With weight w on x, TOPSIS's winner
#: (as the weighted sum's) flips where w·1 = (1 − w)·1, i.e. at w = 0.5 for the sum.
VALUES = {"A": {"x": 10.0, "y": 0.0}, "B": {"x": 0.0, "y": 10.0}, "C": {"x": 4.0, "y": 4.0}}


def criteria(wx: float = 0.7) -> list[Criterion]:
    return [Criterion("x", weight=wx), Criterion("y", weight=1 - wx)]


def test_weight_range_ends_where_the_first_changes() -> None:
    stability = Stability("wsm", normalization="max").rank(VALUES, criteria(0.7))
    low, high = stability.weight_ranges_["x"]
    # Scores: A = w, B = 1 − w, C = 0.4: A stays first for w above 0.5.
    assert low == pytest.approx(0.5, abs=2e-4) and high == pytest.approx(1.0)
    low_y, high_y = stability.weight_ranges_["y"]
    assert low_y == pytest.approx(0.0) and high_y == pytest.approx(0.5, abs=2e-4)
    # Every rank holds on a narrower interval: C (0.4) passes B (1 − w) at w = 0.6.
    assert stability.rank_ranges_["x"] == pytest.approx((0.6, 1.0), abs=2e-4)
    # Just past the edge the ranking's first really is another.
    moved = Ranking("wsm", normalization="max").rank(VALUES, criteria(low - 0.01))
    assert moved.rows_[0]["alternative"] == "B"


def test_sweeps_and_leave_one_out() -> None:
    stability = Stability("topsis", steps=11).rank(VALUES, criteria(0.7))
    sweep = stability.sweeps_["x"]
    assert len(sweep) == 11 * 3
    assert sorted({r["weight"] for r in sweep}) == pytest.approx(list(np.linspace(0, 1, 11)))
    at_one = {r["alternative"]: r["rank"] for r in sweep if r["weight"] == 1.0}
    assert at_one["A"] == 1 and at_one["B"] == 3
    without_x = {r["alternative"]: r["rank"] for r in stability.leave_one_out_["x"]}
    assert without_x == {"B": 1, "C": 2, "A": 3}
    assert set(stability.as_dict()) >= {"weight_ranges", "sweeps", "leave_one_out"}


def test_every_method_gives_a_stability() -> None:
    for method in METHODS:
        result = Stability(method, steps=3).rank(VALUES, criteria(0.7))
        assert set(result.weight_ranges_) == {"x", "y"}


def test_comparison_correlations() -> None:
    comparison = Comparison().rank(VALUES, criteria(0.7))
    assert set(comparison.rankings_) == set(METHODS)
    assert comparison.spearman_["topsis"]["topsis"] == 1.0
    for a in METHODS:
        for b in METHODS:
            value = comparison.kendall_[a][b]
            assert value is None or -1 <= value <= 1
            assert comparison.spearman_[a][b] == comparison.spearman_[b][a]
    assert set(comparison.as_dict()) == {"methods", "spearman", "kendall"}


def test_reversed_ranks_correlate_minus_one() -> None:
    """TOPSIS on x alone against VIKOR on y alone, through the same Comparison code path."""
    values = {f"a{k}": {"x": float(k), "y": float(10 - k)} for k in range(5)}
    only_x = [Criterion("x", weight=1), Criterion("y", weight=0)]
    comparison = Comparison(methods=("topsis", "wsm")).rank(values, only_x)
    assert comparison.spearman_["topsis"]["wsm"] == pytest.approx(1)
    flipped = [Criterion("x", "cost", 1), Criterion("y", weight=0)]
    ranks_x = Ranking("wsm").rank(values, only_x).ranks_
    ranks_cost = Ranking("wsm").rank(values, flipped).ranks_
    assert all(ranks_x[a] == 6 - ranks_cost[a] for a in values)


def test_ties_share_the_better_rank() -> None:
    values = {"A": {"x": 1.0}, "B": {"x": 1.0}, "C": {"x": 0.0}}
    ranking = Ranking("wsm").rank(values, [Criterion("x", weight=1)])
    assert ranking.ranks_ == {"A": 1, "B": 1, "C": 3}


def test_bad_settings_and_values() -> None:
    with pytest.raises(OptionError):
        Ranking("electre")
    with pytest.raises(OptionError):
        Ranking("vikor", v=1.5)
    with pytest.raises(OptionError):
        Ranking("topsis", normalization="zscore")
    with pytest.raises(InputError, match="no number"):
        Ranking().rank({"A": {"x": 1.0}}, [Criterion("x", weight=1), Criterion("y", weight=1)])
    with pytest.raises(InputError, match="no weight"):
        Ranking().rank({"A": {"x": 1.0}}, [Criterion("x")])
    with pytest.raises(InputError, match="needs q"):
        Criterion("x", weight=1, preference="level", p=2)
    with pytest.raises(InputError, match="benefit nor cost"):
        Criterion("x", direction="more")


def test_read_decision_and_criteria(tmp_path: Path) -> None:
    decision = tmp_path / "decision.csv"
    decision.write_text("alternative,jobs,capital\nsilk,۱۲,3.5\ntea,8,2\n", encoding="utf-8")
    crit = tmp_path / "criteria.csv"
    crit.write_text(
        "criterion,weight,direction,preference,q,p\njobs,0.6,benefit,linear,1,4\n"
        "capital,0.4,cost,,,\n",
        encoding="utf-8",
    )
    values = read_decision(decision)
    assert values == {"silk": {"jobs": 12, "capital": 3.5}, "tea": {"jobs": 8, "capital": 2}}
    read = read_criteria(crit)
    assert read[0] == Criterion("jobs", "benefit", 0.6, preference="linear", q=1, p=4)
    assert read[1].direction == "cost" and read[1].preference == "usual"


@pytest.mark.parametrize(
    ("decision_text", "row", "column"),
    [
        ("alternative,jobs\nsilk,\n", 2, "jobs"),
        ("alternative,jobs\nsilk,many\n", 2, "jobs"),
        ("alternative,jobs\nsilk,1\nsilk,2\n", 3, "alternative"),
    ],
)
def test_decision_refusals_name_the_cell(
    tmp_path: Path, decision_text: str, row: int, column: str
) -> None:
    path = tmp_path / "d.csv"
    path.write_text(decision_text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_decision(path)
    assert (caught.value.row, caught.value.column) == (row, column)


def test_criteria_refusal_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("criterion,weight,direction\njobs,1,benefit\ncap,1,cheap\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_criteria(path)
    assert (caught.value.row, caught.value.column) == (3, "direction")


def test_numpy_numbers_and_a_column_of_zeros() -> None:
    """The site passes numpy numbers; a criterion nobody has a figure above zero for (an LQ of 0
    everywhere) tells no alternative from another instead of failing vector normalization."""
    values: dict[str, dict[str, Any]] = {
        "a": {"x": np.int64(3), "y": 0.0},
        "b": {"x": np.float64(1), "y": 0.0},
    }
    both = [Criterion("x", weight=1), Criterion("y", weight=1)]
    for method in METHODS:
        assert Ranking(method).rank(values, both).ranks_ == {"a": 1, "b": 2}
    from decimal import Decimal

    decimals: dict[str, dict[str, Any]] = {"a": {"x": Decimal("2.5")}, "b": {"x": Decimal("1")}}
    assert Ranking().rank(decimals, [Criterion("x", weight=1, preference="")]).ranks_["a"] == 1
    with pytest.raises(InputError, match="no number"):
        text: dict[str, dict[str, Any]] = {"a": {"x": "3"}, "b": {"x": 1.0}}
        Ranking().rank(text, [Criterion("x", weight=1)])
    with pytest.raises(InputError, match="divide by zero"):
        Ranking("wsm", normalization="sum").rank(
            {"a": {"x": 0.0}, "b": {"x": 2.0}}, [Criterion("x", "cost", 1)]
        )


def test_decision_values_with_thousands_separators(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('alternative,jobs\nsilk,"1,405,950"\ntea,۱٬۴۰۵\n', encoding="utf-8")
    assert read_decision(path) == {"silk": {"jobs": 1405950}, "tea": {"jobs": 1405}}
