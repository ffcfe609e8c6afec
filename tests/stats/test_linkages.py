"""Linkage statistics: counts and values by the supplier's branch, size class and county, and the
share of small workshops among large firms' suppliers — checked against the same sums done by
hand in pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kargah.errors import OptionError
from kargah.stats import Linkages, SupplierShares


def linkages(n: int = 400, seed: int = 9) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "year": rng.choice([2025, 2026, 2027], n),
        "value": np.round(rng.lognormal(20, 1, n)),
        "supplier_isic": rng.choice(["2592", "2511", "1079", "1410"], n),
        "supplier_employees": rng.choice([2, 5, 9, 10, 30, 49, 50, 120], n),
        "supplier_county": rng.choice(["Rasht", "Lahijan", "Tehran"], n),
        "buyer_employees": rng.choice([8, 40, 50, 900], n),
    })  # fmt: skip


def sci(employees: pd.Series) -> pd.Series:
    return pd.cut(employees, [-1, 9, 49, np.inf], labels=["small", "medium", "large"]).astype(str)


def test_by_branch_size_class_and_county_as_pandas_sums() -> None:
    frame = linkages()
    got = pd.DataFrame(Linkages().compute(frame))
    hand = frame.assign(
        branch=frame.supplier_isic.str[:2],
        size_class=sci(frame.supplier_employees),
        county=frame.supplier_county,
    )
    want = (hand.groupby(["branch", "size_class", "county"])
            .agg(linkages=("value", "size"), value=("value", "sum")).reset_index())  # fmt: skip
    assert len(got) == len(want)
    merged = got.merge(want, on=["branch", "size_class", "county"], suffixes=("", "_hand"))
    assert (merged.linkages == merged.linkages_hand).all()
    assert np.allclose(merged.value, merged.value_hand)
    assert got.share_linkages.sum() == pytest.approx(1) and got.share_value.sum() == pytest.approx(
        1
    )


def test_the_pyramid_share_by_year() -> None:
    frame = linkages()
    got = {r["year"]: r for r in SupplierShares().compute(frame)}
    large = frame[frame.buyer_employees >= 50]
    for year, rows in large.groupby("year"):
        small = rows[rows.supplier_employees < 10]
        assert got[year]["linkages"] == len(rows) and got[year]["small"] == len(small)
        assert got[year]["share"] == pytest.approx(len(small) / len(rows))
        assert got[year]["share_value"] == pytest.approx(small.value.sum() / rows.value.sum())


def test_other_definitions_and_classes() -> None:
    frame = linkages()
    wider = SupplierShares("world-bank-es", small=("small", "medium")).compute(frame)
    large = frame[frame.buyer_employees >= 100]  # the World Bank's large: 100 or more
    assert sum(r["linkages"] for r in wider) == len(large)
    between = large.supplier_employees.between(5, 99)  # under 5: no class of the World Bank
    assert sum(r["small"] for r in wider) == between.sum()
    with pytest.raises(OptionError, match="no class tiny"):
        SupplierShares(small=("tiny",))
    with pytest.raises(OptionError, match="grouped by"):
        Linkages(by=("colour",))
    with pytest.raises(OptionError, match="head counts only"):
        Linkages(definition="eu-2003-361").compute(frame)


def test_a_missing_column_is_named() -> None:
    from kargah.errors import InputError

    with pytest.raises(InputError, match="buyer_employees"):
        Linkages().compute(linkages().drop(columns="buyer_employees"))
