"""Indicators on small tables computed by hand."""

from __future__ import annotations

import math

import ibis
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kargah.errors import InputError
from kargah.stats import Indicators, thesis_census

# Five workshops in two regions; hand-computed figures below.
WORKSHOPS = pd.DataFrame(
    {
        "region": ["Rasht", "Rasht", "Rasht", "Lahijan", "Lahijan"],
        "branch": ["13", "13", "25", "13", "25"],
        "size_class": ["small", "small", "large", "small", "large"],
        "employees": [2.0, 8.0, 60.0, 5.0, 0.0],
        "wages": [10.0, 30.0, 600.0, 20.0, 0.0],
        "value_added": [20.0, 60.0, 1200.0, 0.0, 50.0],
        "capital": [40.0, 160.0, 6000.0, 10.0, 0.0],
    }
)


def run(by: list[str], frame: pd.DataFrame = WORKSHOPS) -> pd.DataFrame:
    out = Indicators(by=by).compute(ibis.memtable(frame)).to_pandas()
    return out.set_index([*by, "size_class"])


def test_sums_and_units_count_rows_of_microdata() -> None:
    out = run(["region"])
    assert out.loc[("Rasht", "small"), "units"] == 2
    assert out.loc[("Rasht", "small"), "employees"] == 10
    assert out.loc[("Rasht", "large"), "capital"] == 6000


def test_shares_within_the_group() -> None:
    out = run(["region"])
    assert out.loc[("Rasht", "small"), "share_employees"] == pytest.approx(10 / 70)
    assert out.loc[("Rasht", "large"), "share_units"] == pytest.approx(1 / 3)
    assert out.loc[("Lahijan", "small"), "share_value_added"] == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        ("value_added_per_employee", 80 / 10),
        ("wage_per_employee", 40 / 10),
        ("capital_per_employee", 200 / 10),
        ("capital_output_ratio", 200 / 80),
        ("employees_per_capital", 10 / 200),
    ],
)
def test_each_ratio(indicator: str, expected: float) -> None:
    assert run(["region"]).loc[("Rasht", "small"), indicator] == pytest.approx(expected)


def test_ratio_over_zero_is_missing_not_infinite() -> None:
    out = run(["region"])
    row = out.loc[("Lahijan", "large")]
    assert math.isnan(row["value_added_per_employee"])  # 50 / 0 employees
    assert math.isnan(row["capital_output_ratio"]) is False  # 0 / 50 = 0
    assert row["capital_output_ratio"] == 0
    assert math.isnan(out.loc[("Lahijan", "small"), "capital_output_ratio"])  # 10 / 0


def test_no_groups_gives_the_whole_table() -> None:
    out = run([])
    assert out.loc["small", "units"] == 3
    assert out["share_units"].sum() == pytest.approx(1)


def test_composition_shares_branches_within_each_class() -> None:
    comp = Indicators(by=["region", "branch"]).composition(ibis.memtable(WORKSHOPS)).to_pandas()
    comp = comp.set_index(["region", "size_class", "branch"])
    assert comp.loc[("Rasht", "small", "13"), "share_units"] == 1
    assert comp.loc[("Rasht", "large", "25"), "share_employees"] == 1
    assert comp.groupby(level=[0, 1])["share_units"].sum().tolist() == pytest.approx([1] * 4)


def test_unknown_group_column_names_it() -> None:
    with pytest.raises(InputError, match="province"):
        run(["province"])


def test_no_classes_and_no_definition_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="definition"):
        Indicators().compute(ibis.memtable(WORKSHOPS.drop(columns="size_class")))


def test_thesis_share_of_small_workshops_in_1353() -> None:
    """The thesis's 99.64%: 1,405,950 small of 1,410,971 workshops."""
    out = Indicators(by=["year"]).compute(thesis_census()).to_pandas()
    small = out.query("year == 1353 and size_class == 'small'")
    assert round(small["share_units"].item() * 100, 2) == 99.64
    assert small["year_gregorian"].item() == 1974
    later = out.query("year == 1375 and size_class == 'small'")
    assert round(later["share_units"].item() * 100, 2) == 95.84


rows = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),
        st.sampled_from(["small", "medium", "large"]),
        st.floats(min_value=0, max_value=1e6, allow_nan=False),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None)
@given(rows)
def test_shares_sum_to_one_and_totals_are_kept(data: list[tuple[str, str, float]]) -> None:
    frame = pd.DataFrame(data, columns=["region", "size_class", "employees"])
    out = Indicators(by=["region"]).compute(ibis.memtable(frame)).to_pandas()
    for region, group in out.groupby("region"):
        assert group["share_units"].sum() == pytest.approx(1)
        total = frame.loc[frame.region == region, "employees"].sum()
        assert group["employees"].sum() == pytest.approx(total)
        if total > 0:
            assert group["share_employees"].sum() == pytest.approx(1)
    assert out["units"].sum() == len(frame)
