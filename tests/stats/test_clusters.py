"""Cluster strength: the US Cluster Mapping Project's flags, worked out here from their definition
(LQ ≥ the 75th percentile across regions and ≥ 1; employment and units above the 25th), with
numpy's percentiles (linear interpolation) as the second computation."""

from __future__ import annotations

from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest

from kargah.errors import InputError, OptionError
from kargah.stats import ClusterStrength, LocationQuotient
from kargah.tables import read_dataset

from .test_location_quotient import SUSB_MAPPING


def regions(n: int = 12, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [
        {
            "region": f"r{i:02}",
            "branch": b,
            "employees": float(rng.integers(0, 500)),
            "units": float(rng.integers(1, 40)),
        }
        for i in range(n)
        for b in ("10", "13", "25")
        if (i, b) != (3, "25")  # one region lacks a branch: it counts as 0 there
    ]
    return pd.DataFrame(rows)


def expected_flags(frame: pd.DataFrame, lq_p: float, min_lq: float, size_p: float) -> set:
    grid = (
        frame.pivot_table(index="region", columns="branch", values=["employees", "units"])
        .fillna(0.0)
        .stack(future_stack=True)
        .reset_index()
    )
    grid["lq"] = (grid.employees / grid.groupby("region").employees.transform("sum")) / (
        grid.groupby("branch").employees.transform("sum") / grid.employees.sum()
    )
    strong = set()
    for branch, part in grid.groupby("branch"):
        lq_t = np.percentile(part.lq, 100 * lq_p)
        e_t, u_t = (
            np.percentile(part.employees, 100 * size_p),
            np.percentile(part.units, 100 * size_p),
        )
        for row in part.itertuples():
            if row.lq >= lq_t and row.lq >= min_lq and row.employees > e_t and row.units > u_t:
                strong.add((row.region, branch))
    return strong


@pytest.mark.parametrize(
    ("lq_p", "min_lq", "size_p"), [(0.75, 1.0, 0.25), (0.5, 1.2, 0.1), (0.9, 0.0, 0.5)]
)
def test_flags_match_their_definition(lq_p: float, min_lq: float, size_p: float) -> None:
    frame = regions()
    rows = ClusterStrength(lq_percentile=lq_p, min_lq=min_lq, size_percentile=size_p).compute(
        ibis.memtable(frame)
    )
    assert len(rows) == 12 * 3  # the missing region × branch is there, with 0
    missing = next(r for r in rows if (r["region"], r["branch"]) == ("r03", "25"))
    assert (missing["value"], missing["units"], missing["lq"], missing["strong"]) == (
        0,
        0,
        0,
        False,
    )
    got = {(r["region"], r["branch"]) for r in rows if r["strong"]}
    assert got == expected_flags(frame, lq_p, min_lq, size_p)
    assert got  # the example is not empty


def test_by_hand() -> None:
    """Branch x in four regions of 100 employees: 90, 50, 40, 30 of 210 of 400. LQs 1.71,
    0.95, 0.76, 0.57; their 75th percentile is 0.952 + 0.25 (1.714 − 0.952) = 1.143: only a
    passes it, and a's 90 employees and 9 units are above the 25th percentiles (37.5, 3.75)."""
    t = ibis.memtable(
        {
            "region": list("aabbccdd"),
            "branch": ["x", "y"] * 4,
            "employees": [90.0, 10, 50, 50, 40, 60, 30, 70],
            "units": [9.0, 1, 5, 5, 4, 6, 3, 7],
        }
    )
    rows = {(r["region"], r["branch"]): r for r in ClusterStrength().compute(t)}
    a = rows[("a", "x")]
    assert a["lq"] == pytest.approx(0.9 / (210 / 400))
    assert a["lq_threshold"] == pytest.approx(0.5 / 0.525 + 0.25 * (0.9 - 0.5) / 0.525)
    assert (a["value_threshold"], a["units_threshold"]) == (37.5, 3.75)
    assert a["strong"] and not rows[("b", "x")]["strong"]
    # Units counted as rows where there is no units column: one workshop per row.
    micro = ibis.memtable({"region": list("aab"), "branch": ["x", "x", "y"]})
    counted = ClusterStrength(measure="units").compute(micro)
    assert [(r["region"], r["branch"], r["units"]) for r in counted] == [
        ("a", "x", 2.0),
        ("a", "y", 0.0),
        ("b", "x", 0.0),
        ("b", "y", 1.0),
    ]


def test_bad_input_and_settings_are_named() -> None:
    t = ibis.memtable({"region": ["a", "b"], "branch": ["x", "x"], "employees": [1.0, 2.0]})
    with pytest.raises(InputError, match=r"needs the column\(s\) establishments"):
        ClusterStrength(units="establishments").compute(t)
    with pytest.raises(InputError, match="compares regions, and the input has 1"):
        ClusterStrength(units="employees").compute(t.filter(t.region == "a"))
    with pytest.raises(InputError, match=r"no reference region 'US' in the input \(it has a, b\)"):
        ClusterStrength(units="employees", reference="US").compute(t)
    with pytest.raises(InputError, match="employees sums to 0"):
        ClusterStrength(units="employees").compute(t.mutate(employees=0.0))
    with pytest.raises(OptionError, match="lq_percentile is a fraction from 0 to 1, not 75"):
        ClusterStrength(lq_percentile=75)
    with pytest.raises(OptionError, match="min_lq cannot be negative"):
        ClusterStrength(min_lq=-1)


def test_us_states(susb: Path) -> None:
    """SUSB 2021 (employment, firms), every state against the United States row: Nevada's
    accommodation and food services (NAICS 72) and mining (21) are strong; each LQ is the one
    LocationQuotient gives for the state."""
    ds = read_dataset(
        susb, mapping=SUSB_MAPPING, set_values={"year": "2021"}, branch_system="naics"
    )
    rows = ClusterStrength(reference="United States").compute(ds)
    assert len({r["region"] for r in rows}) == 51  # 50 states and DC, not the US row
    nevada = {r["branch"]: r for r in rows if r["region"] == "Nevada"}
    assert nevada["72"]["strong"] and nevada["21"]["strong"]
    lq = LocationQuotient(region="Nevada", reference="United States").compute(ds)
    assert {r["branch"]: r["lq"] for r in lq} == pytest.approx(
        {b: r["lq"] for b, r in nevada.items()}
    )
    frame = pd.DataFrame(rows)
    by_branch = frame.groupby("branch")
    assert by_branch.lq_threshold.first()["72"] == pytest.approx(
        np.percentile(frame.query("branch == '72'").lq, 75)
    )


def test_a_branch_the_national_row_lacks_has_no_quotient() -> None:
    t = ibis.memtable(
        {
            "region": ["a", "a", "b", "b", "US"],
            "branch": ["x", "y", "x", "y", "x"],
            "employees": [10.0, 5.0, 30.0, 5.0, 40.0],
        }
    )
    rows = ClusterStrength(units="employees", reference="US").compute(t)
    assert [(r["region"], r["branch"]) for r in rows] == [
        ("a", "x"),
        ("a", "y"),
        ("b", "x"),
        ("b", "y"),
    ]
    y = [r for r in rows if r["branch"] == "y"]
    assert all(r["lq"] is None and not r["strong"] for r in y)
    # x: a (10/15) / (40/40) = 2/3, b (30/35) / 1 = 6/7
    assert [r["lq"] for r in rows if r["branch"] == "x"] == pytest.approx([2 / 3, 6 / 7])
