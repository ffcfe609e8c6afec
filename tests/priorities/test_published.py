"""Every method against published worked examples, with the figures their authors printed."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from kargah.priorities import AHP, Criterion, Pairwise, Ranking

DRINKS = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"]
#: Saaty's drink-consumption matrix: how much more is drunk in the US of the row than the column.
DRINK_MATRIX: list[list[float]] = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]


def table(rows: Sequence[Sequence[float]], names: list[str]) -> dict[str, dict[str, float]]:
    return {f"A{i + 1}": dict(zip(names, row, strict=True)) for i, row in enumerate(rows)}


def test_ahp_saaty_drinks() -> None:
    """Saaty, T. L. (2008). Decision making with the analytic hierarchy process. Int. J. Services
    Sciences 1(1), 83–98, Table 2 (relative consumption of drinks in the United States): the
    published eigenvector .177 .019 .042 .116 .190 .129 .327. The CR (0.022, under 0.10) is
    checked as computed, not as a printed figure."""
    ahp = AHP().weigh([Pairwise(DRINKS, DRINK_MATRIX)])
    published = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    assert [round(ahp.weights_[d], 3) for d in DRINKS] == published
    assert ahp.cr_ == pytest.approx(0.022, abs=5e-4)
    assert ahp.ci_ == pytest.approx((ahp.lambda_max_ - 7) / 6)
    assert ahp.random_index_ == 1.32 and "Saaty" in ahp.random_index_table_
    assert ahp.revise_ is None


def test_ahp_papathanasiou_ploskas_synthesis() -> None:
    """Papathanasiou, J. & Ploskas, N. (2018). AHP. In Multiple Criteria Decision Aid, Springer,
    pp. 109–129: criteria weights from a 4×4 matrix, local priorities of six alternatives from
    one matrix per criterion; published global priorities 0.117 0.071 0.095 0.212 0.350 0.155."""
    criteria = ["c1", "c2", "c3", "c4"]
    pc: list[list[float]] = [
        [1, 1, 5, 3],
        [1, 1, 5, 3],
        [1 / 5, 1 / 5, 1, 1 / 3],
        [1 / 3, 1 / 3, 3, 1],
    ]
    local: list[list[list[float]]] = [
        [[1, 5, 1, 1, 1/3, 3], [1/5, 1, 1/3, 1/5, 1/7, 1], [1, 3, 1, 1/3, 1/5, 1],
         [1, 5, 3, 1, 1/3, 3], [3, 7, 5, 3, 1, 7], [1/3, 1, 1, 1/3, 1/7, 1]],
        [[1, 7, 3, 1/3, 1/3, 1/3], [1/7, 1, 1/3, 1/7, 1/9, 1/7], [1/3, 3, 1, 1/5, 1/5, 1/5],
         [3, 7, 5, 1, 1, 1], [3, 9, 5, 1, 1, 1], [3, 7, 5, 1, 1, 1]],
        [[1, 1/9, 1/7, 1/9, 1, 1/5], [9, 1, 1, 1, 5, 3], [7, 1, 1, 1, 5, 1],
         [9, 1, 1, 1, 7, 3], [1, 1/5, 1/5, 1/7, 1, 1/3], [5, 1/3, 1, 1/3, 3, 1]],
        [[1, 1/5, 1/5, 1/3, 1/7, 1/5], [5, 1, 1, 3, 1/3, 1], [5, 1, 1, 1, 1/3, 1],
         [3, 1/3, 1, 1, 1/7, 1], [7, 3, 3, 7, 1, 5], [5, 1, 1, 1, 1/5, 1]],
    ]  # fmt: skip
    weights = AHP().weigh([Pairwise(criteria, pc)]).weights_
    alternatives = [f"a{k}" for k in range(1, 7)]
    values: dict[str, dict[str, float]] = {a: {} for a in alternatives}
    for criterion, matrix in zip(criteria, local, strict=True):
        for a, w in AHP().weigh([Pairwise(alternatives, matrix)]).weights_.items():
            values[a][criterion] = w
    global_ = [sum(weights[c] * values[a][c] for c in criteria) for a in alternatives]
    assert list(np.round(global_, 3)) == [0.117, 0.071, 0.095, 0.212, 0.350, 0.155]
    # The same synthesis is the weighted sum without normalization.
    wsm = Ranking("wsm", normalization="none").rank(
        values, [Criterion(c, weight=weights[c]) for c in criteria]
    )
    assert [round(r["score"], 3) for r in wsm.rows_][:2] == [0.350, 0.212]


AIRCRAFT = ["speed", "range", "payload", "cost", "reliability", "maneuverability"]
AIRCRAFT_ROWS = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]
AIRCRAFT_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]


def aircraft() -> list[Criterion]:
    return [
        Criterion(name, "cost" if name == "cost" else "benefit", w)
        for name, w in zip(AIRCRAFT, AIRCRAFT_WEIGHTS, strict=True)
    ]


def test_topsis_hwang_yoon_aircraft() -> None:
    """Hwang, C. L. & Yoon, K. (1981). Multiple Attribute Decision Making, Springer, pp. 128–134:
    buying a fighter aircraft (four aircraft, six attributes, cost a cost attribute), vector
    normalization; published relative closeness C* = 0.643, 0.268, 0.614, 0.312."""
    ranking = Ranking("topsis").rank(table(AIRCRAFT_ROWS, AIRCRAFT), aircraft())
    scores = {r["alternative"]: round(r["score"], 3) for r in ranking.rows_}
    assert scores == {"A1": 0.643, "A2": 0.268, "A3": 0.614, "A4": 0.312}
    assert [r["alternative"] for r in ranking.rows_] == ["A1", "A3", "A4", "A2"]
    assert ranking.as_dict()["normalization"] == "vector"


def test_topsis_ersoy_equipment() -> None:
    """Ersoy, Y. (2021). Equipment selection for an e-commerce company using entropy-based
    TOPSIS, EDAS and CODAS methods during the COVID-19. LogForum 17(3): vector normalization,
    published closeness 0.308 0.254 0.327 0.263 0.857 0.192 (compared to 2 decimals)."""
    rows = [
        [256, 8, 41, 1.6, 1.77, 7347.16],
        [256, 8, 32, 1.0, 1.8, 6919.99],
        [256, 8, 53, 1.6, 1.9, 8400],
        [256, 8, 41, 1.0, 1.75, 6808.9],
        [512, 8, 35, 1.6, 1.7, 8479.99],
        [256, 4, 35, 1.6, 1.7, 7499.99],
    ]
    names = [f"c{k}" for k in range(1, 7)]
    weights = [0.405, 0.221, 0.134, 0.199, 0.007, 0.034]
    directions = ["benefit"] * 4 + ["cost"] * 2
    criteria = [Criterion(n, d, w) for n, d, w in zip(names, directions, weights, strict=True)]
    ranking = Ranking("topsis").rank(table(rows, names), criteria)
    scores = [round(r["score"], 2) for r in sorted(ranking.rows_, key=lambda r: r["alternative"])]
    assert scores == [0.31, 0.25, 0.33, 0.26, 0.86, 0.19]


def test_vikor_papathanasiou_ploskas() -> None:
    """Papathanasiou, J. & Ploskas, N. (2018). VIKOR. In Multiple Criteria Decision Aid, Springer,
    pp. 31–55: six alternatives, four benefit criteria, v = 0.625; published Q = 0.640 1.000
    0.693 0.271 0.000 0.694."""
    rows = [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]]
    names = ["c1", "c2", "c3", "c4"]
    criteria = [Criterion(n, weight=w) for n, w in zip(names, [0.4, 0.3, 0.1, 0.2], strict=True)]
    ranking = Ranking("vikor", v=0.625).rank(table(rows, names), criteria)
    q = {r["alternative"]: round(r["Q"], 3) for r in ranking.rows_}
    assert q == {"A1": 0.640, "A2": 1.0, "A3": 0.693, "A4": 0.271, "A5": 0.0, "A6": 0.694}
    # DQ = 1/5: A5 leads A4 by 0.271 (advantage) and is best by S or R (stability).
    assert ranking.compromise_ == ["A5"]


def test_vikor_opricovic_tzeng_compromise_set() -> None:
    """Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a comparative
    analysis of VIKOR and TOPSIS. EJOR 156(2), 445–455, the two-criteria example: A1 (1, 3000),
    A2 (2, 3750), A3 (5, 4500), f1 to be minimised, f2 maximised, equal weights, v = 0.5 (the
    data as pymcdm's TOPSIS docstring carries them; the paper's own table was not at hand).
    By its eq. (1)–(3): S = 0.5, 0.375, 0.5; R = 0.5, 0.25, 0.5; Q = 1, 0, 1 — VIKOR proposes
    A2 with both conditions met, where TOPSIS with vector normalization ranks A1 first."""
    values = {"A1": {"f1": 1, "f2": 3000}, "A2": {"f1": 2, "f2": 3750}, "A3": {"f1": 5, "f2": 4500}}
    criteria = [Criterion("f1", "cost", 0.5), Criterion("f2", "benefit", 0.5)]
    vikor = Ranking("vikor").rank(values, criteria)
    rows = {r["alternative"]: r for r in vikor.rows_}
    assert [rows[a]["S"] for a in ("A1", "A2", "A3")] == pytest.approx([0.5, 0.375, 0.5])
    assert [rows[a]["R"] for a in ("A1", "A2", "A3")] == pytest.approx([0.5, 0.25, 0.5])
    assert [rows[a]["Q"] for a in ("A1", "A2", "A3")] == pytest.approx([1, 0, 1])
    assert vikor.compromise_ == ["A2"] and vikor.conditions_ == {
        "acceptable_advantage": True,
        "acceptable_stability": True,
    }
    topsis = Ranking("topsis").rank(values, criteria)
    assert topsis.rows_[0]["alternative"] == "A1"


def test_vikor_compromise_set_when_advantage_fails() -> None:
    """Opricovic & Tzeng (2004), step 5: without acceptable advantage the compromise set is
    A(1) … A(M) with Q(A(M)) − Q(A(1)) < DQ; without stability alone, A(1) and A(2)."""
    values = table(AIRCRAFT_ROWS, AIRCRAFT)
    ranking = Ranking("vikor").rank(values, aircraft())
    # DQ = 1/3; Q(A3) − Q(A1) = 0.15 < DQ, Q(A4) − Q(A1) = 0.83: the set is {A1, A3}.
    assert ranking.compromise_ == ["A1", "A3"]
    assert ranking.conditions_["acceptable_advantage"] is False


def test_promethee2_papathanasiou_ploskas() -> None:
    """Papathanasiou, J. & Ploskas, N. (2018). PROMETHEE. In Multiple Criteria Decision Aid,
    Springer, pp. 57–89: the linear (V-shape with indifference) function with q = 1, p = 2 on
    every criterion; published net flows −0.26 −0.52 −0.22 0.36 0.70 −0.06."""
    rows = [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]]
    names = ["c1", "c2", "c3", "c4"]
    criteria = [
        Criterion(n, weight=w, preference="linear", q=1, p=2)
        for n, w in zip(names, [0.4, 0.3, 0.1, 0.2], strict=True)
    ]
    ranking = Ranking("promethee2").rank(table(rows, names), criteria)
    phi = {r["alternative"]: round(r["phi"], 2) for r in ranking.rows_}
    assert phi == {"A1": -0.26, "A2": -0.52, "A3": -0.22, "A4": 0.36, "A5": 0.70, "A6": -0.06}
    assert all(r["score"] == r["phi"] for r in ranking.rows_)
    assert all(r["phi"] == pytest.approx(r["phi_plus"] - r["phi_minus"]) for r in ranking.rows_)


def test_promethee2_ziemba_v_shape() -> None:
    """Ziemba, P., Wątróbski, J., Zioło, M. & Karczmarczyk, A. (2017). Using the PROSA method in
    offshore wind farm location problems. Energies 10(11), 1755: PROMETHEE II with the V-shape
    function, published net flows −0.0445 0.1884 −0.0954 −0.0485."""
    columns = [
        [16347, 14219, 8160, 8160], [9, 8.5, 9, 8.5], [73.8, 55, 64.8, 62.5],
        [36.7, 36, 28.5, 29.5], [1.5, 2, 2, 1.5], [3730, 3240, 1860, 1860], [2, 1, 2, 1],
        [1, 1, 2, 3], [38.8, 33.1, 45.8, 27.3], [4, 2, 4, 3],
        [1720524, 1496512, 858830, 858830], [40012, 34803, 19973, 19973],
    ]  # fmt: skip
    weights = [20, 5, 5, 1.67, 1.67, 11.67, 11.67, 5, 5, 16.67, 8.33, 8.33]
    types = [-1, -1, -1, -1, -1, 1, -1, -1, 1, -1, 1, 1]
    p = [7280, 4, 13.4, 7.4, 3, 1662, 3, 3, 13.8, 3, 766240, 17820]
    names = [f"c{k}" for k in range(1, 13)]
    criteria = [
        Criterion(n, "benefit" if t > 0 else "cost", w, preference="v-shape", p=pp)
        for n, w, t, pp in zip(names, weights, types, p, strict=True)
    ]
    rows = [list(r) for r in zip(*columns, strict=True)]
    ranking = Ranking("promethee2").rank(table(rows, names), criteria)
    phi = [round(r["phi"], 4) for r in sorted(ranking.rows_, key=lambda r: r["alternative"])]
    assert phi == [-0.0445, 0.1884, -0.0954, -0.0485]


def test_promethee2_brans_vincke_six_functions() -> None:
    """Brans, J.-P., Vincke, Ph. & Mareschal, B. (1986). How to select and how to rank projects:
    the PROMETHEE method. EJOR 24, 228–238: the six sites of a power plant, one preference
    function of each type (usual, U-shape q = 10, V-shape p = 30, level q = 1 p = 6, linear
    q = 0.5 p = 5, Gaussian s = 5). Checked here on what the definitions force: each π(a, b)
    by hand for one pair, φ summing to 0, and flows divided by n − 1."""
    rows = [
        [80, 90, 6, 5.4, 8, 5], [65, 58, 2, 9.7, 1, 1], [83, 60, 4, 7.2, 4, 7],
        [40, 80, 10, 7.5, 7, 10], [52, 72, 6, 2.0, 3, 8], [94, 96, 7, 3.6, 5, 6],
    ]  # fmt: skip
    names = ["f1", "f2", "f3", "f4", "f5", "f6"]
    criteria = [
        Criterion("f1", "cost", 1, preference="u-shape", q=10),
        Criterion("f2", "benefit", 1, preference="v-shape", p=30),
        Criterion("f3", "cost", 1, preference="linear", q=0.5, p=5),
        Criterion("f4", "cost", 1, preference="level", q=1, p=6),
        Criterion("f5", "cost", 1),
        Criterion("f6", "benefit", 1, preference="gaussian", s=5),
    ]
    two = {k: table(rows, names)[k] for k in ("A1", "A5")}
    ranking = Ranking("promethee2").rank(two, criteria)
    # a5 over a1: f1 28 > 10 → 1; f2 worse → 0; f3 equal → 0; f4 3.4 in (1, 6] → ½;
    # f5 better → 1; f6 3 → 1 − e^(−9/50). a1 over a5: f2 18/30 only.
    pi_51 = (1 + 0 + 0 + 0.5 + 1 + (1 - np.exp(-9 / 50))) / 6
    pi_15 = (18 / 30) / 6
    got = {r["alternative"]: r for r in ranking.rows_}
    assert got["A5"]["phi_plus"] == pytest.approx(pi_51)
    assert got["A1"]["phi_plus"] == pytest.approx(pi_15)
    full = Ranking("promethee2").rank(table(rows, names), criteria)
    assert sum(r["phi"] for r in full.rows_) == pytest.approx(0, abs=1e-12)
