"""Ranking alternatives on criteria: TOPSIS, VIKOR, PROMETHEE II and the weighted sum.

TOPSIS and the weighted sum are pymcdm's (they compute exactly what Hwang & Yoon and Fishburn
define). VIKOR and PROMETHEE II are computed here: pymcdm's VIKOR gives Q without the
acceptable-advantage and acceptable-stability conditions and the compromise set, and refuses a
criterion on which every alternative scores alike; its PROMETHEE II takes one preference function
for every criterion and has no Gaussian.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from kargah.errors import InputError, OptionError

METHODS = ("topsis", "vikor", "promethee2", "wsm")
NORMALIZATIONS = ("vector", "minmax", "max", "sum", "none")
#: Where no normalization is asked for: Hwang & Yoon's vector for TOPSIS, the linear (÷ max) for
#: the weighted sum. VIKOR scales by its own (f* − f)/(f* − f⁻); PROMETHEE works in the
#: criterion's units, as its thresholds q, p and s do — neither takes a normalization.
DEFAULT_NORMALIZATION = {"topsis": "vector", "wsm": "max"}
#: PROMETHEE's six preference functions (Brans & Vincke 1985) and the thresholds each needs.
PREFERENCES: dict[str, tuple[str, ...]] = {
    "usual": (),
    "u-shape": ("q",),
    "v-shape": ("p",),
    "level": ("q", "p"),
    "linear": ("q", "p"),
    "gaussian": ("s",),
}
_ALIASES = {"ushape": "u-shape", "vshape": "v-shape", "v-shape-indifference": "linear"}
_ALIASES |= {str(k): name for k, name in enumerate(PREFERENCES, start=1)}


@dataclass(frozen=True)
class Criterion:
    """A criterion: benefit (more is better) or cost; its weight (any scale: normalised to sum 1
    when ranking); and for PROMETHEE II its preference function with thresholds q, p, s in the
    criterion's unit."""

    name: str
    direction: str = "benefit"
    weight: float | None = None
    unit: str = ""
    source: str = ""
    preference: str = "usual"
    q: float | None = None
    p: float | None = None
    s: float | None = None

    def __post_init__(self) -> None:
        if self.direction not in ("benefit", "cost"):
            raise InputError(
                f"direction '{self.direction}' of '{self.name}' is neither benefit nor cost",
                column="direction",
            )
        if self.weight is not None and not (math.isfinite(self.weight) and self.weight >= 0):
            raise InputError(f"weight {self.weight} of '{self.name}' is not >= 0", column="weight")
        given = (self.preference or "usual").strip().lower() or "usual"  # a blank form field
        preference = _ALIASES.get(given, given)
        if preference not in PREFERENCES:
            raise InputError(
                f"preference '{self.preference}' of '{self.name}' is not one of "
                f"{', '.join(PREFERENCES)}",
                column="preference",
            )
        object.__setattr__(self, "preference", preference)
        for threshold in PREFERENCES[preference]:
            value = getattr(self, threshold)
            if value is None or not math.isfinite(value) or value < 0:
                raise InputError(
                    f"the {preference} preference of '{self.name}' needs {threshold} >= 0",
                    column=threshold,
                )
        if preference in ("level", "linear") and self.q is not None and self.p is not None:
            if self.q >= self.p:
                raise InputError(f"'{self.name}': q must be below p", column="q")
        if preference == "gaussian" and not self.s:
            raise InputError(f"'{self.name}': s must be above 0", column="s")


def decision_matrix(
    values: Mapping[str, Mapping[str, float]], criteria: Sequence[Criterion]
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Alternatives, matrix (alternatives × criteria), weights summing to 1, types (1 / −1)."""
    if not criteria:
        raise InputError("no criteria to rank on")
    if not values:
        raise InputError("no alternatives to rank")
    names = [c.name for c in criteria]
    if len(set(names)) != len(names):
        raise InputError("a criterion appears twice", column="criterion")
    alternatives = list(values)
    matrix = np.empty((len(alternatives), len(criteria)))
    for i, alternative in enumerate(alternatives):
        row = values[alternative]
        for j, name in enumerate(names):
            value = row.get(name)
            # Any number (numpy's, a DecimalField's), never a bool or a string to guess at.
            number = isinstance(value, numbers.Number) and not isinstance(value, bool)
            try:
                matrix[i, j] = float(value) if number else math.nan  # type: ignore[arg-type]
            except (TypeError, ValueError):  # a complex number
                matrix[i, j] = math.nan
            if not math.isfinite(matrix[i, j]):
                raise InputError(f"'{alternative}' has no number for '{name}'", column=name)
    unweighted = [c.name for c in criteria if c.weight is None]
    if unweighted:
        raise InputError(f"no weight for {', '.join(unweighted)}", column="weight")
    weights = np.array([c.weight for c in criteria], dtype=float)
    if weights.sum() <= 0:
        raise InputError("the weights add up to 0", column="weight")
    types = np.array([1 if c.direction == "benefit" else -1 for c in criteria])
    return alternatives, matrix, weights / weights.sum(), types


def _normalize(matrix: np.ndarray, types: np.ndarray, how: str, names: Sequence[str]) -> np.ndarray:
    """Columns on a benefit scale by pymcdm's normalizations (a cost column is reflected, which
    leaves TOPSIS's distances as Hwang & Yoon's); ``none`` only negates cost columns."""
    from pymcdm import normalizations as n

    functions = {
        "vector": n.vector_normalization,
        "minmax": n.minmax_normalization,
        "max": n.max_normalization,
        "sum": n.sum_normalization,
    }
    out = np.empty_like(matrix)
    for j in range(matrix.shape[1]):
        column, cost = matrix[:, j], types[j] < 0
        if how == "none":
            out[:, j] = -column if cost else column
            continue
        try:
            with np.errstate(divide="ignore", invalid="ignore"):
                out[:, j] = functions[how](column, cost)
        except ValueError:  # pymcdm's sum normalization refuses values <= 0
            out[:, j] = np.nan
        if not np.all(np.isfinite(out[:, j])) and np.all(column == column[0]):
            out[:, j] = 0.0  # all zeros: tells no alternative from another, adds the same to all
        elif not np.all(np.isfinite(out[:, j])):
            raise InputError(
                f"the {how} normalization cannot scale '{names[j]}' (it would divide by zero, "
                "or needs values above 0): choose another normalization",
                column=names[j],
            )
    return out


def _preference(d: np.ndarray, c: Criterion) -> np.ndarray:
    """P(d) of one criterion's preference function, d = how much better a is than b."""
    q, p, s = c.q or 0.0, c.p or 0.0, c.s or 1.0
    if c.preference == "usual":
        return (d > 0).astype(float)
    if c.preference == "u-shape":
        return (d > q).astype(float)
    if c.preference == "v-shape":
        return np.clip(d / p, 0, 1) if p > 0 else (d > 0).astype(float)
    if c.preference == "level":
        return np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))
    if c.preference == "linear":
        return np.clip((d - q) / (p - q), 0, 1)
    return np.where(d > 0, 1 - np.exp(-(d**2) / (2 * s**2)), 0.0)


def promethee2(
    matrix: np.ndarray, weights: np.ndarray, types: np.ndarray, criteria: Sequence[Criterion]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """φ⁺, φ⁻ and φ = φ⁺ − φ⁻, the flows divided by n − 1 (Brans & Vincke 1985)."""
    n = matrix.shape[0]
    pi = np.zeros((n, n))
    for j, c in enumerate(criteria):
        column = matrix[:, j] * types[j]
        pi += weights[j] * _preference(column[:, None] - column[None, :], c)
    np.fill_diagonal(pi, 0)
    scale = n - 1 if n > 1 else 1
    plus, minus = pi.sum(axis=1) / scale, pi.sum(axis=0) / scale
    return plus, minus, plus - minus


def vikor_sr(
    matrix: np.ndarray, weights: np.ndarray, types: np.ndarray, v: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """S (group utility), R (individual regret) and Q (Opricovic & Tzeng 2004, eq. 1–3); a
    criterion on which all alternatives score alike adds nothing."""
    best = np.where(types > 0, matrix.max(axis=0), matrix.min(axis=0))
    worst = np.where(types > 0, matrix.min(axis=0), matrix.max(axis=0))
    span = best - worst
    safe = np.where(span == 0, 1, span)
    gap = np.where(span == 0, 0, weights * (best - matrix) / safe)
    s, r = gap.sum(axis=1), gap.max(axis=1)

    def scaled(x: np.ndarray) -> np.ndarray:
        width = x.max() - x.min()
        return (x - x.min()) / width if width > 0 else np.zeros_like(x)

    return s, r, v * scaled(s) + (1 - v) * scaled(r)


def vikor_compromise(
    alternatives: Sequence[str], s: np.ndarray, r: np.ndarray, q: np.ndarray
) -> tuple[list[str], bool, bool]:
    """The compromise set with the two conditions: C1 acceptable advantage
    Q(a″) − Q(a′) ≥ DQ = 1/(m − 1); C2 acceptable stability: a′ is also best by S or by R."""
    order = np.argsort(q, kind="stable")
    m = len(alternatives)
    if m == 1:
        return [alternatives[0]], True, True
    dq = 1 / (m - 1)
    first = order[0]
    advantage = bool(q[order[1]] - q[first] >= dq - 1e-12)
    stability = bool(s[first] <= s.min() + 1e-12 or r[first] <= r.min() + 1e-12)
    if advantage and stability:
        chosen = [first]
    elif advantage:
        chosen = [first, order[1]]
    else:
        chosen = [k for k in order if q[k] - q[first] < dq - 1e-12]
    return [alternatives[k] for k in chosen], advantage, stability


def ranks(score: np.ndarray, *, lower_is_better: bool = False) -> np.ndarray:
    """1 = best; ties share the better rank."""
    from scipy.stats import rankdata

    return rankdata(score if lower_is_better else -score, method="min").astype(int)


def scores(
    method: str,
    matrix: np.ndarray,
    weights: np.ndarray,
    types: np.ndarray,
    criteria: Sequence[Criterion],
    normalization: str | None,
    v: float,
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Score, rank and each method's own columns, on arrays (the stability sweeps call this)."""
    extra: dict[str, np.ndarray] = {}
    if method == "vikor":
        s, r, q = vikor_sr(matrix, weights, types, v)
        extra = {"S": s, "R": r, "Q": q}
        return q, ranks(q, lower_is_better=True), extra
    if method == "promethee2":
        plus, minus, phi = promethee2(matrix, weights, types, criteria)
        extra = {"phi_plus": plus, "phi_minus": minus, "phi": phi}
        return phi, ranks(phi), extra
    from pymcdm.methods import TOPSIS, WSM

    how = normalization or DEFAULT_NORMALIZATION[method]
    normalized = _normalize(matrix, types, how, [c.name for c in criteria])
    benefit = np.ones(len(types))
    if method == "wsm":
        score = WSM(lambda x, cost: x)(normalized, weights, benefit, validation=False)
        return score, ranks(score), extra
    with np.errstate(divide="ignore", invalid="ignore"):
        score = TOPSIS(lambda x, cost: x)(normalized, weights, benefit, validation=False)
    score = np.where(np.isfinite(score), score, 0.5)  # every alternative alike: all equidistant
    return score, ranks(score), extra


def check_method(method: str, normalization: str | None, v: float) -> None:
    if method not in METHODS:
        raise OptionError(f"unknown method '{method}': {', '.join(METHODS)}")
    if normalization is not None and normalization not in NORMALIZATIONS:
        raise OptionError(f"unknown normalization '{normalization}': {', '.join(NORMALIZATIONS)}")
    if not 0 <= v <= 1:
        raise OptionError(f"v = {v}: VIKOR's strategy weight is between 0 and 1")


class Ranking:
    """One method's ranking (rank 1 = best). ``score`` is the closeness (TOPSIS), Q (VIKOR,
    lower is better), φ (PROMETHEE II) or the weighted sum."""

    rows_: list[dict[str, Any]]
    compromise_: list[str]

    def __init__(self, method: str = "topsis", normalization: str | None = None, v: float = 0.5):
        check_method(method, normalization, v)
        self.method, self.normalization, self.v = method, normalization, v

    def rank(
        self, values: Mapping[str, Mapping[str, float]], criteria: Sequence[Criterion]
    ) -> Ranking:
        alternatives, matrix, weights, types = decision_matrix(values, criteria)
        score, rank, extra = scores(
            self.method, matrix, weights, types, criteria, self.normalization, self.v
        )
        rows = []
        for i, alternative in enumerate(alternatives):
            row: dict[str, Any] = {
                "alternative": alternative,
                "score": float(score[i]),
                "rank": int(rank[i]),
            }
            row.update({key: float(column[i]) for key, column in extra.items()})
            rows.append(row)
        self.rows_ = sorted(rows, key=lambda row: row["rank"])
        self.weights_ = dict(zip([c.name for c in criteria], map(float, weights), strict=True))
        self.compromise_, self.conditions_ = [], {}
        if self.method == "vikor":
            self.compromise_, advantage, stability = vikor_compromise(
                alternatives, extra["S"], extra["R"], extra["Q"]
            )
            self.conditions_ = {
                "acceptable_advantage": advantage,
                "acceptable_stability": stability,
            }
        return self

    @property
    def ranks_(self) -> dict[str, int]:
        return {row["alternative"]: row["rank"] for row in self.rows_}

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"method": self.method}
        if self.method in DEFAULT_NORMALIZATION:
            result["normalization"] = self.normalization or DEFAULT_NORMALIZATION[self.method]
        result["weights"] = self.weights_
        result["alternatives"] = self.rows_
        if self.method == "vikor":
            result["v"] = self.v
            result["compromise"] = self.compromise_
            result.update(self.conditions_)
        return result
