"""How much the ranking depends on the weights: the interval each weight can move in before the
first-ranked alternative changes, one-at-a-time sweeps, and leave-one-criterion-out.

When one weight moves to w, the others are rescaled proportionally so all still add up to 1
(if they were all 0 they share 1 − w equally)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from kargah.errors import InputError
from kargah.priorities._methods import Criterion, check_method, decision_matrix, scores

#: Grid of the first look for where the top alternative changes, then bisection to this width.
_GRID, _TOLERANCE = 50, 1e-4


def moved(weights: np.ndarray, j: int, w: float) -> np.ndarray:
    """The weights with weight j set to w and the others rescaled to fill 1 − w."""
    others = weights.sum() - weights[j]
    out = (
        weights * ((1 - w) / others)
        if others > 0
        else np.full_like(weights, (1 - w) / max(len(weights) - 1, 1))
    )
    out[j] = w
    return out


class Stability:
    """Weight stability of one method's ranking (settings as :class:`Ranking`'s, plus the number
    of points of each sweep)."""

    weight_ranges_: dict[str, tuple[float, float]]
    rank_ranges_: dict[str, tuple[float, float]]
    sweeps_: dict[str, list[dict[str, Any]]]
    leave_one_out_: dict[str, list[dict[str, Any]]]

    def __init__(
        self,
        method: str = "topsis",
        normalization: str | None = None,
        v: float = 0.5,
        steps: int = 21,
    ) -> None:
        check_method(method, normalization, v)
        if steps < 2:
            raise InputError("a sweep needs at least 2 steps")
        self.method, self.normalization, self.v, self.steps = method, normalization, v, steps

    def _kept(self, weights: np.ndarray, whole: bool) -> tuple[int, ...]:
        """What must not change: the first-ranked alternatives, or (``whole``) every rank."""
        _, rank, _ = scores(
            self.method,
            self._matrix,
            weights,
            self._types,
            self._criteria,
            self.normalization,
            self.v,
        )
        return tuple(int(r) for r in rank) if whole else tuple(np.flatnonzero(rank == 1))

    def _range(self, j: int, whole: bool) -> tuple[float, float]:
        """Walk a grid from the current weight to each end; at the first change, bisect."""
        w0 = float(self._weights[j])
        kept = self._kept(self._weights, whole)

        def same(w: float) -> bool:
            return self._kept(moved(self._weights, j, w), whole) == kept

        bounds = []
        for end in (0.0, 1.0):
            inside = w0
            for w in map(float, np.linspace(w0, end, _GRID + 1)[1:]):
                if not same(w):
                    outside = w
                    while abs(outside - inside) > _TOLERANCE:
                        middle = (inside + outside) / 2
                        inside, outside = (middle, outside) if same(middle) else (inside, middle)
                    break
                inside = w
            bounds.append(inside)
        return bounds[0], bounds[1]

    def rank(
        self, values: Mapping[str, Mapping[str, float]], criteria: Sequence[Criterion]
    ) -> Stability:
        alternatives, self._matrix, self._weights, self._types = decision_matrix(values, criteria)
        self._criteria = list(criteria)
        names = [c.name for c in criteria]
        self.weights_ = dict(zip(names, map(float, self._weights), strict=True))
        self.weight_ranges_, self.rank_ranges_ = {}, {}
        self.sweeps_, self.leave_one_out_ = {}, {}
        for j, name in enumerate(names):
            self.weight_ranges_[name] = self._range(j, whole=False)
            self.rank_ranges_[name] = self._range(j, whole=True)
            records = []
            for w in np.linspace(0, 1, self.steps):
                _, rank, _ = scores(
                    self.method,
                    self._matrix,
                    moved(self._weights, j, float(w)),
                    self._types,
                    self._criteria,
                    self.normalization,
                    self.v,
                )
                records += [
                    {"weight": float(w), "alternative": a, "rank": int(rank[i])}
                    for i, a in enumerate(alternatives)
                ]
            self.sweeps_[name] = records
            if len(names) > 1:
                self.leave_one_out_[name] = self._without(j, alternatives)
        return self

    def _without(self, j: int, alternatives: list[str]) -> list[dict[str, Any]]:
        keep = [k for k in range(len(self._criteria)) if k != j]
        weights = self._weights[keep]
        if weights.sum() <= 0:
            weights = np.full(len(keep), 1 / len(keep))
        criteria = [replace(self._criteria[k]) for k in keep]
        _, rank, _ = scores(
            self.method,
            self._matrix[:, keep],
            weights / weights.sum(),
            self._types[keep],
            criteria,
            self.normalization,
            self.v,
        )
        return [{"alternative": a, "rank": int(rank[i])} for i, a in enumerate(alternatives)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "weights": self.weights_,
            "rank_ranges": {
                k: {"low": lo, "high": hi} for k, (lo, hi) in self.rank_ranges_.items()
            },
            "weight_ranges": {
                k: {"low": lo, "high": hi} for k, (lo, hi) in self.weight_ranges_.items()
            },
            "sweeps": self.sweeps_,
            "leave_one_out": self.leave_one_out_,
        }
