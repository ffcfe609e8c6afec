"""Change between years and branch contributions, by hand."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from kargah.errors import InputError
from kargah.stats import Change, thesis_branches

TABLE = pd.DataFrame(
    {
        "year": [2019, 2019, 2021, 2021, 2019, 2021],
        "size_class": ["small", "small", "small", "small", "large", "large"],
        "branch": ["13", "25", "13", "25", "13", "13"],
        "units": [100.0, 100.0, 60.0, 182.0, 10.0, 12.1],
    }
)


def compute(**kw: object) -> tuple[pd.DataFrame, pd.DataFrame]:
    result = Change(start=2019, end=2021, measure="units", **kw).compute(ibis.memtable(TABLE))  # type: ignore[arg-type]
    return (
        result.summary.to_pandas().set_index("size_class"),
        result.contributions.to_pandas().set_index(["size_class", "branch"]),
    )


def test_summary_values_change_and_rate() -> None:
    summary, _ = compute()
    small = summary.loc["small"]
    assert (small.start_value, small.end_value, small.change) == (200, 242, 42)
    assert small.change_pct == pytest.approx(21)
    assert small.annual_rate_pct == pytest.approx(10)  # 1.1 ** 2 = 1.21
    assert summary.loc["large", "annual_rate_pct"] == pytest.approx(10)
    assert summary.loc["total", "start_value"] == 210


def test_contributions_add_up_to_the_change() -> None:
    summary, contributions = compute()
    small = contributions.loc["small"]
    assert small.loc["13", "change"] == -40
    assert small.loc["25", "contribution_share"] == pytest.approx(82 / 42)
    assert small["contribution_share"].sum() == pytest.approx(1)
    assert small["contribution_pp"].sum() == pytest.approx(summary.loc["small", "change_pct"])


def test_missing_year_is_named() -> None:
    with pytest.raises(InputError, match="2020"):
        Change(start=2020, end=2021).compute(ibis.memtable(TABLE))


def test_textiles_drove_the_fall_in_small_workshops() -> None:
    """The thesis: the fall in small workshops 1353 → 1375 came mostly from textiles."""
    result = Change(start=1353, end=1375, measure="units").compute(thesis_branches())
    c = result.contributions.to_pandas().set_index(["size_class", "branch"])
    assert c.loc[("small", "32"), "contribution_share"] > 0.9
    assert result.summary.to_pandas().set_index("size_class").loc["small", "change"] == -1097995


def test_a_table_of_totals_gives_the_summary_alone() -> None:
    totals = TABLE.groupby(["year", "size_class"], as_index=False)["units"].sum()
    result = Change(start=2019, end=2021).compute(ibis.memtable(totals))
    assert result.contributions is None
    summary = result.summary.to_pandas().set_index("size_class")
    assert (summary.loc["small", "change"], summary.loc["total", "end_value"]) == (42, 254.1)
