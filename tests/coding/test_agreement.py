"""Kappa and alpha checked against scikit-learn and the ``krippendorff`` package, on random data
and on Krippendorff's published example (2011, nominal: alpha = 0.743)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kargah.coding import Agreement, cohen_kappa, krippendorff_alpha, read_codings
from kargah.errors import InputError

krippendorff = pytest.importorskip("krippendorff")
metrics = pytest.importorskip("sklearn.metrics")

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the nominal example:
# four observers, twelve units, missing values as None.
PUBLISHED = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def test_published_example() -> None:
    units = [list(column) for column in zip(*PUBLISHED, strict=True)]
    assert round(krippendorff_alpha(units), 3) == 0.743
    reliability = np.array([[np.nan if v is None else v for v in row] for row in PUBLISHED])
    expected = krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal")
    assert krippendorff_alpha(units) == pytest.approx(expected, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda coders: st.lists(
            st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=coders, max_size=coders),
            min_size=2,
            max_size=40,
        )
    )
)
def test_alpha_matches_krippendorff_on_random_data(units: list[list[int | None]]) -> None:
    pairable = [u for u in units if sum(v is not None for v in u) >= 2]
    values = {v for u in pairable for v in u if v is not None}
    if not pairable:  # nothing two coders coded: alpha is undefined, and we say so
        with pytest.raises(InputError, match="two or more coders"):
            krippendorff_alpha(units)
        return
    reliability = np.array([[np.nan if v is None else v for v in u] for u in units]).T
    if len(values) < 2:
        # One value in every pairable unit: no pair of codes differs, and we call it perfect
        # agreement. The package cannot say (it refuses a one-value domain, or divides 0 by 0).
        assert krippendorff_alpha(units) == 1.0
        try:
            with np.errstate(all="ignore"):
                theirs = krippendorff.alpha(
                    reliability_data=reliability, level_of_measurement="nominal"
                )
        except ValueError as error:
            assert "more than one value" in str(error)
        else:
            assert math.isnan(theirs)
        return
    expected = krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal")
    assert krippendorff_alpha(units) == pytest.approx(expected, abs=1e-9)


@pytest.mark.filterwarnings(
    "ignore::UserWarning", "ignore::sklearn.exceptions.UndefinedMetricWarning"
)
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd")), min_size=1))
def test_kappa_matches_scikit_learn(pairs: list[tuple[str, str]]) -> None:
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    ours = cohen_kappa(first, second)
    with np.errstate(all="ignore"):
        theirs = metrics.cohen_kappa_score(first, second)
    if math.isnan(theirs):  # both coders used one code: scikit-learn says nan, we say 1
        assert ours == 1.0 and set(first) == set(second)
    else:
        assert ours == pytest.approx(theirs, abs=1e-12)


def test_agreement_from_triples_with_missing_codes() -> None:
    rows = [("u1", "A", "x"), ("u1", "B", "x"), ("u2", "A", "y"), ("u2", "B", "x"),
            ("u3", "A", "y"), ("u3", "B", None), ("u4", "A", "y"), ("u4", "B", "y")]  # fmt: skip
    result = Agreement.compute(rows)
    assert (result.units, result.coders, result.paired_units) == (4, 2, 3)
    assert result.cohen_kappa == pytest.approx(
        metrics.cohen_kappa_score(["x", "y", "y"], ["x", "x", "y"])
    )
    three = Agreement.compute([*rows, ("u1", "C", "x")])
    assert three.cohen_kappa is None and three.krippendorff_alpha_nominal is not None


def test_read_codings_names_row_and_column(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "codings.csv"
    path.write_text("unit,coder,code\n1,A,بانك\n2,,x\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_codings(path)
    assert "row 3" in str(caught.value) and "column 'coder'" in str(caught.value)
    path.write_text("unit,coder,code\n1,A,بانك\n1,B,بانک\n", encoding="utf-8")
    rows = read_codings(path)
    assert rows[0][2] == rows[1][2]  # Arabic kaf and Persian kaf are one code
    path.write_text("unit,who,code\n1,A,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        read_codings(path)


def test_percent_and_per_code_agreement() -> None:
    from kargah.coding import code_agreement, percent_agreement

    first, second = list("aabbc"), list("abbbc")
    assert percent_agreement(first, second) == 0.8
    rows = {r["code"]: r for r in code_agreement(first, second)}
    assert rows["b"] == {"code": "b", "first": 2, "second": 3, "both": 2, "specific": 0.8}
    assert rows["a"]["specific"] == 2 * 1 / 3 and rows["c"]["specific"] == 1.0
    with pytest.raises(InputError):
        percent_agreement([], [])


def test_assisted_codings_can_be_left_out() -> None:
    rows = [("u1", "a", "x", False), ("u1", "b", "x", False), ("u2", "a", "x", False),
            ("u2", "b", "y", True), ("u3", "a", "y", False), ("u3", "b", "y", False)]  # fmt: skip
    counted = Agreement.compute(rows)
    left_out = Agreement.compute(rows, without_assisted=True)
    assert (counted.paired_units, left_out.paired_units) == (3, 2)
    assert left_out.cohen_kappa == 1.0 and counted.cohen_kappa is not None
    assert counted.cohen_kappa < 1.0


def test_read_codings_with_an_assisted_column(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "codings.csv"
    path.write_text("unit,coder,code,assisted\n1,a,x,\n1,b,x,بله\n2,a,y,0\n2,b,y,\n", "utf-8")
    assert read_codings(path)[1] == ("1", "b", "x")
    assert read_codings(path, without_assisted=True)[1] == ("1", "b", None)
    plain = tmp_path / "plain.csv"
    plain.write_text("unit,coder,code\n1,a,x\n", "utf-8")
    assert read_codings(plain, without_assisted=True) == [("1", "a", "x")]


def test_cli_agreement_without_assisted(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from typer.testing import CliRunner

    from kargah.cli import app

    path = tmp_path / "codings.csv"
    path.write_text("unit,coder,code,assisted\n1,a,x,\n1,b,x,\n2,a,x,\n2,b,y,yes\n3,a,y,\n3,b,y,\n")
    runs = [CliRunner().invoke(app, ["coding", "agreement", str(path), "--json", *extra])
            for extra in ([], ["--without-assisted"])]  # fmt: skip
    counted, left_out = (json.loads(r.stdout) for r in runs)
    assert counted["cohen_kappa"] < 1.0 and left_out["cohen_kappa"] == 1.0
