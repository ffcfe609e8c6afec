"""Random decision matrices (hypothesis): our methods agree with a second library, pymcdm, where
both compute the same definition — TOPSIS under each normalization, VIKOR's Q, PROMETHEE II's
net flow for the five preference functions pymcdm shares (it has no Gaussian), AHP's weights."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pymcdm import methods as pm
from pymcdm import normalizations as pn

from kargah.priorities import AHP, Criterion, Pairwise, Ranking

#: pymcdm warns of dominated alternatives in random matrices; harmless here.
pytestmark = pytest.mark.filterwarnings("ignore:Alternatives with indices:UserWarning")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def decisions(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A matrix of distinct positive values per column (so no method divides by zero), weights
    summing to 1 and benefit/cost types."""
    m = draw(st.integers(3, 8))
    n = draw(st.integers(2, 5))
    columns = []
    for _ in range(n):
        column = draw(
            st.lists(st.integers(1, 1000), min_size=m, max_size=m, unique=True).map(np.array)
        )
        columns.append(column.astype(float))
    raw = np.array(draw(st.lists(st.integers(1, 100), min_size=n, max_size=n)), dtype=float)
    types = np.array(draw(st.lists(st.sampled_from([1, -1]), min_size=n, max_size=n)))
    return np.column_stack(columns), raw / raw.sum(), types


def ours(
    method: str,
    matrix: np.ndarray,
    weights: np.ndarray,
    types: np.ndarray,
    **kwargs: object,
) -> tuple[dict[str, float], Ranking]:
    names = [f"c{j}" for j in range(matrix.shape[1])]
    preference = kwargs.pop("preference", {})
    criteria = [
        Criterion(
            name,
            "benefit" if t > 0 else "cost",
            float(w),
            **preference,  # type: ignore[arg-type]
        )
        for name, w, t in zip(names, weights, types, strict=True)
    ]
    values = {
        f"a{i}": dict(zip(names, map(float, row), strict=True)) for i, row in enumerate(matrix)
    }
    ranking = Ranking(method, **kwargs).rank(values, criteria)  # type: ignore[arg-type]
    return {r["alternative"]: r["score"] for r in ranking.rows_}, ranking


def in_order(scores: dict[str, float]) -> np.ndarray:
    return np.array([scores[f"a{i}"] for i in range(len(scores))])


@pytest.mark.parametrize(
    ("normalization", "function"),
    [
        ("vector", pn.vector_normalization),
        ("minmax", pn.minmax_normalization),
        ("max", pn.max_normalization),
        ("sum", pn.sum_normalization),
    ],
)
@SETTINGS
@given(decision=decisions())
def test_topsis(normalization: str, function: object, decision: tuple) -> None:
    matrix, weights, types = decision
    scores, _ = ours("topsis", matrix, weights, types, normalization=normalization)
    expected = pm.TOPSIS(function)(matrix, weights, types)
    assert in_order(scores) == pytest.approx(expected, abs=1e-9)


@SETTINGS
@given(decision=decisions(), v=st.floats(0, 1))
def test_vikor_q(decision: tuple, v: float) -> None:
    matrix, weights, types = decision
    _, ranking = ours("vikor", matrix, weights, types, v=v)
    q = np.array([r["Q"] for r in sorted(ranking.rows_, key=lambda r: int(r["alternative"][1:]))])
    with np.errstate(invalid="ignore"):
        expected = pm.VIKOR(v=v)(matrix, weights, types)
    # Where every S (or R) is equal pymcdm gives NaN; we drop that term (tested below).
    assume(np.all(np.isfinite(expected)))
    assert q == pytest.approx(expected, abs=1e-9)


def test_vikor_equal_s_drops_its_term() -> None:
    """Every alternative with the same S: Q is the regret term alone (pymcdm gives NaN)."""
    matrix = np.array([[1.0, 1.0], [3.0, 3.0], [2.0, 2.0]])
    _, ranking = ours("vikor", matrix, np.array([0.5, 0.5]), np.array([1, -1]), v=0.5)
    q = {r["alternative"]: r["Q"] for r in ranking.rows_}
    assert q == pytest.approx({"a0": 0.5, "a1": 0.5, "a2": 0.0})


@SETTINGS
@given(decision=decisions())
def test_wsm_with_sum_normalization(decision: tuple) -> None:
    matrix, weights, types = decision
    scores, _ = ours("wsm", matrix, weights, types, normalization="sum")
    assert in_order(scores) == pytest.approx(pm.WSM()(matrix, weights, types), abs=1e-9)


@pytest.mark.parametrize(
    ("ours_name", "theirs", "q", "p"),
    [
        ("usual", "usual", None, None),
        ("u-shape", "ushape", 50.0, None),
        ("v-shape", "vshape", None, 300.0),
        ("level", "level", 50.0, 300.0),
        ("linear", "vshape_2", 50.0, 300.0),
    ],
)
@SETTINGS
@given(decision=decisions())
def test_promethee2(ours_name: str, theirs: str, q: float, p: float, decision: tuple) -> None:
    matrix, weights, types = decision
    n = matrix.shape[1]
    preference = {"preference": ours_name, "q": q, "p": p}
    scores, _ = ours("promethee2", matrix, weights, types, preference=preference)
    body = pm.PROMETHEE_II(
        theirs,
        p=None if p is None else [p] * n,
        q=None if q is None else [q] * n,
    )
    assert in_order(scores) == pytest.approx(body(matrix, weights, types), abs=1e-9)


@st.composite
def pairwise(draw: st.DrawFn, size: int | None = None) -> list[list[float]]:
    n = size or draw(st.integers(3, 8))
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]
    matrix = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i, j] = draw(st.sampled_from(scale))
            matrix[j, i] = 1 / matrix[i, j]
    return matrix.tolist()


@SETTINGS
@given(matrix=pairwise())
def test_ahp_weights_and_cr(matrix: list[list[float]]) -> None:
    from pymcdm.weights.subjective import AHP as TheirAHP

    names = [f"c{k}" for k in range(len(matrix))]
    ahp = AHP().weigh([Pairwise(names, matrix)])
    theirs = TheirAHP(matrix=np.array(matrix))
    assert [ahp.weights_[n] for n in names] == pytest.approx(theirs(), abs=1e-6)
    # pymcdm divides by Tummala & Ling's random index: compare the CI it implies.
    ci = theirs.get_cr() * TheirAHP.RI_M[len(names) - 1]
    assert ahp.ci_ == pytest.approx(max(ci, 0.0), abs=1e-9)


@SETTINGS
@given(matrices=st.lists(pairwise(4), min_size=2, max_size=4))
def test_group_matrix_is_reciprocal_geometric_mean(matrices: list[list[list[float]]]) -> None:
    """The geometric mean of reciprocal matrices is reciprocal, though not on the integer scale
    — exactly the matrices pymcdm's validator refuses — and is accepted here."""
    names = ["a", "b", "c", "d"]
    ahp = AHP().weigh([Pairwise(names, m) for m in matrices])
    group = np.array(ahp.group_matrix_)
    assert group * group.T == pytest.approx(np.ones((4, 4)))
    assert group == pytest.approx(np.exp(np.mean(np.log(np.array(matrices)), axis=0)))
    assert sum(ahp.weights_.values()) == pytest.approx(1)
    assert len(ahp.experts_) == len(matrices)


def test_pymcdm_refuses_a_group_matrix_that_ahp_weighs() -> None:
    """Why the group is not weighed through pymcdm: its validator wants Saaty's integer scale."""
    from pymcdm.weights.subjective import AHP as TheirAHP

    names = ["a", "b", "c"]
    one: list[list[float]] = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]
    two: list[list[float]] = [[1, 1, 3], [1, 1, 2], [1 / 3, 1 / 2, 1]]
    ahp = AHP().weigh([Pairwise(names, one), Pairwise(names, two)])
    with pytest.raises(ValueError):
        TheirAHP(matrix=np.array(ahp.group_matrix_))
    assert ahp.weights_["a"] > ahp.weights_["b"] > ahp.weights_["c"]
