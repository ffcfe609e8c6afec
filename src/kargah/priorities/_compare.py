"""Several methods side by side, with Spearman's ρ and Kendall's τ-b between their ranks."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from kargah.priorities._methods import METHODS, Criterion, Ranking, check_method


class MethodComparison:
    """Every method of ``methods`` on the same decision; ``spearman_`` and ``kendall_`` are
    method × method correlations of the ranks (None where a method ranks all alike)."""

    rankings_: dict[str, Ranking]
    spearman_: dict[str, dict[str, float | None]]
    kendall_: dict[str, dict[str, float | None]]

    def __init__(
        self, methods: Sequence[str] = METHODS, normalization: str | None = None, v: float = 0.5
    ) -> None:
        for method in methods:
            check_method(method, normalization, v)
        self.methods, self.normalization, self.v = tuple(methods), normalization, v

    def rank(
        self, values: Mapping[str, Mapping[str, float]], criteria: Sequence[Criterion]
    ) -> MethodComparison:
        from scipy.stats import kendalltau, spearmanr

        self.rankings_ = {
            m: Ranking(m, self.normalization, self.v).rank(values, criteria) for m in self.methods
        }
        alternatives = list(values)
        vectors = {m: [r.ranks_[a] for a in alternatives] for m, r in self.rankings_.items()}

        def clean(value: float) -> float | None:
            return None if math.isnan(value) else float(value)

        self.spearman_, self.kendall_ = {}, {}
        for a in self.methods:
            self.spearman_[a], self.kendall_[a] = {}, {}
            for b in self.methods:
                if a == b:
                    self.spearman_[a][b] = self.kendall_[a][b] = 1.0
                    continue
                if len(alternatives) < 2 or len(set(vectors[a])) < 2 or len(set(vectors[b])) < 2:
                    self.spearman_[a][b] = self.kendall_[a][b] = None
                    continue
                self.spearman_[a][b] = clean(spearmanr(vectors[a], vectors[b]).statistic)
                self.kendall_[a][b] = clean(kendalltau(vectors[a], vectors[b]).statistic)
        return self

    def as_dict(self) -> dict[str, Any]:
        """What ``kargah priorities rank --method all --json`` prints."""
        return {
            "methods": {m: r.as_dict() for m, r in self.rankings_.items()},
            "spearman": self.spearman_,
            "kendall": self.kendall_,
        }
