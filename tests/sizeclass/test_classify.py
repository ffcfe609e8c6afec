"""Classifying tables: per row in DuckDB, by band, several definitions at once."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kargah.errors import InputError
from kargah.sizeclass import BandStraddleError, can_classify, classify, definitions, get_definition


def test_several_definitions_at_once() -> None:
    table = ibis.memtable(
        {
            "employees": [3.0, 12.0, 60.0],
            "capital": [1e8, 6e8, 1e9],
            "electricity_kw": [10.0, 10.0, 10.0],
            "floor_m2": [100.0, 100.0, 100.0],
        }
    )
    out = classify(table, ["sci-iran", "jihad-sazandegi", "ministry-of-industries"]).to_pandas()
    assert out["size_class_sci-iran"].tolist() == ["small", "medium", "large"]
    assert out["size_class_jihad-sazandegi"].tolist() == ["small", "other", "other"]
    ministry = out["size_class_ministry-of-industries"]
    assert ministry.isna().tolist() == [True, False, True] and ministry[1] == "small"


def test_bands_are_classified_by_their_range_and_totals_left_alone() -> None:
    table = ibis.memtable(
        {"size_band": ["۱۰ تا ۴۹ نفر", "50 نفر و بیشتر", "جمع"], "units": [1.0, 2.0, 3.0]}
    )
    out = classify(table, ["sci-iran"]).to_pandas()["size_class_sci-iran"]
    assert out[:2].tolist() == ["medium", "large"] and pd.isna(out[2])


def test_a_straddling_band_is_an_error() -> None:
    table = ibis.memtable({"size_band": ["10-49", "50+"], "units": [1.0, 2.0]})
    with pytest.raises(BandStraddleError, match="'50\\+'.*small and large"):
        classify(table, ["central-bank-1359"])


def test_missing_criteria_are_named() -> None:
    table = ibis.memtable({"employees": [3.0]})
    with pytest.raises(InputError, match="needs capital, electricity_kw, floor_m2"):
        classify(table, ["jihad-sazandegi"])
    bands = ibis.memtable({"size_band": ["10-49"], "units": [1.0]})
    with pytest.raises(InputError, match="only be classified by head count"):
        classify(bands, ["jihad-sazandegi"])


def test_can_classify() -> None:
    sci, jihad = get_definition("sci-iran"), get_definition("jihad-sazandegi")
    assert can_classify(sci, ["size_band", "units"])
    assert not can_classify(jihad, ["size_band", "units"])
    assert can_classify(jihad, ["employees", "capital", "electricity_kw", "floor_m2"])
    assert not can_classify(sci, ["size_class", "units"])


workshop = st.fixed_dictionaries(
    {
        "employees": st.one_of(st.none(), st.integers(0, 400).map(float)),
        "capital": st.one_of(st.none(), st.sampled_from([0.0, 5e6, 1e8, 2e8, 5e8, 5e8 + 1, 3e9])),
        "turnover": st.one_of(st.none(), st.sampled_from([1e6, 2e6, 2e6 + 1, 1e7, 5e7, 6e7])),
        "balance_sheet": st.one_of(st.none(), st.sampled_from([1e6, 2e6, 1e7, 4.3e7, 4.4e7])),
        "electricity_kw": st.one_of(st.none(), st.sampled_from([10.0, 50.0, 50.5])),
        "floor_m2": st.one_of(st.none(), st.sampled_from([100.0, 600.0, 601.0])),
    }
)


@settings(max_examples=25, deadline=None)
@given(st.lists(workshop, min_size=1, max_size=25))
def test_duckdb_expression_agrees_with_python(rows: list[dict]) -> None:
    frame = pd.DataFrame(rows).astype("float64")
    shipped = definitions()
    out = classify(ibis.memtable(frame), shipped).to_pandas()
    for d in shipped:
        expected = [d.classify_values(r) for r in rows]
        got = [None if pd.isna(v) else v for v in out[f"size_class_{d.id}"]]
        assert got == expected, d.id
