"""Shares under every definition, and classification that keeps totals."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kargah.stats import Indicators, Sensitivity

WORKSHOPS = pd.DataFrame(
    {
        "employees": [1.0, 3.0, 7.0, 12.0, 30.0, 49.0, 50.0, 120.0, 400.0],
        "capital": [1e6, 5e6, 2e7, 9e7, 4e8, 6e8, 1e9, 5e9, 2e10],
    }
)


def test_every_definition_that_can_classify_is_used_and_shares_sum_to_one() -> None:
    result = Sensitivity(measure="employees").compute(ibis.memtable(WORKSHOPS))
    assert result.shares is not None
    shares = result.shares.to_pandas()
    used = set(shares["definition"])
    assert {"sci-iran", "central-bank-1359", "world-bank-es"} <= used
    # Jihad-e Sazandegi also needs electricity and floor area: it is skipped, with the reason.
    assert "jihad-sazandegi" not in used
    assert "electricity_kw" in result.skipped["jihad-sazandegi"]
    for definition, group in shares.groupby("definition"):
        assert group["share"].sum() == pytest.approx(1), definition
        assert group["value"].sum() == pytest.approx(WORKSHOPS["employees"].sum()), definition


def test_sci_shares_by_hand() -> None:
    result = Sensitivity(measure="units").compute(ibis.memtable(WORKSHOPS))
    assert result.shares is not None
    sci = result.shares.to_pandas().query("definition == 'sci-iran'").set_index("size_class")
    assert sci.loc["small", "value"] == 3  # 1, 3, 7 persons
    assert sci.loc["medium", "value"] == 3  # 12, 30, 49
    assert sci.loc["large", "value"] == 3  # 50, 120, 400


workshops = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=600),
        st.floats(min_value=0, max_value=1e10, allow_nan=False),
        st.floats(min_value=0, max_value=200, allow_nan=False),
        st.floats(min_value=0, max_value=2000, allow_nan=False),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=30, deadline=None)
@given(workshops, st.sampled_from(["sci-iran", "jihad-sazandegi", "ministry-of-industries"]))
def test_classification_keeps_totals(rows: list[tuple], definition: str) -> None:
    frame = pd.DataFrame(rows, columns=["employees", "capital", "electricity_kw", "floor_m2"])
    frame["employees"] = frame["employees"].astype(float)
    out = Indicators(definition=definition).compute(ibis.memtable(frame)).to_pandas()
    assert out["units"].sum() == len(frame)
    assert out["employees"].sum() == pytest.approx(frame["employees"].sum())
    assert out["capital"].sum() == pytest.approx(frame["capital"].sum())
    assert out["share_units"].sum() == pytest.approx(1)
