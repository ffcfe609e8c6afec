"""Weights by the Analytic Hierarchy Process: principal eigenvector, λmax, CI and CR.

With several experts the group matrix is the element-wise geometric mean of their judgements
(Aczél & Saaty 1983): it is reciprocal by construction, though its cells are no longer integers —
so it is computed here, not through pymcdm, whose validator refuses such matrices.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from kargah.errors import InputError, OptionError
from kargah.priorities._pairwise import Pairwise

#: Random consistency indices by matrix size (index 0 = one criterion).
RANDOM_INDICES: dict[str, tuple[str, tuple[float, ...]]] = {
    "saaty": (
        "Saaty (1980), The Analytic Hierarchy Process, random index RI for n = 1…15",
        (0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59),
    ),
    "alonso-lamata": (
        "Alonso & Lamata (2006), Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems "
        "14(4), random index RI for n = 1…15",
        (
            *(0, 0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854),
            *(1.5141, 1.5365, 1.5551, 1.5713, 1.5838),
        ),
    ),
}
#: Saaty's threshold: above it the judgements should be revised.
CR_LIMIT = 0.10
#: The values a judgement may be moved to: Saaty's scale and its reciprocals.
SCALE = tuple(sorted({*(float(k) for k in range(1, 10)), *(1 / k for k in range(2, 10))}))


def principal(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """The principal right eigenvector (summing to 1) and its eigenvalue λmax."""
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    k = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, k].real)
    return vector / vector.sum(), float(eigenvalues[k].real)


class AHP:
    """AHP weights from one or more pairwise matrices (scikit-learn style: settings here,
    results in the attributes ending in ``_`` after :meth:`weigh`)."""

    weights_: dict[str, float]
    lambda_max_: float
    ci_: float
    cr_: float
    random_index_: float
    random_index_table_: str
    experts_: list[dict[str, Any]]
    revise_: tuple[str, str, float] | None
    #: revise_ with the judgement's current value and the CR the change would give.
    revision_: dict[str, Any] | None

    def __init__(self, random_index: str = "saaty") -> None:
        if random_index not in RANDOM_INDICES:
            raise OptionError(
                f"unknown random index table '{random_index}': {', '.join(RANDOM_INDICES)}"
            )
        self.random_index = random_index

    def _ri(self, n: int) -> float:
        table = RANDOM_INDICES[self.random_index][1]
        if n > len(table):
            raise InputError(f"{n} criteria: the random index table stops at {len(table)}")
        return table[n - 1]

    def consistency(self, matrix: np.ndarray) -> dict[str, Any]:
        """Weights, λmax, CI and CR of one matrix (CR = 0 where RI is 0: n ≤ 2)."""
        n = matrix.shape[0]
        weights, lambda_max = principal(matrix)
        ci = (lambda_max - n) / (n - 1) if n > 1 else 0.0
        ci = max(ci, 0.0)  # rounding can put λmax a hair below n
        ri = self._ri(n)
        return {
            "weights": weights,
            "lambda_max": lambda_max,
            "ci": ci,
            "cr": ci / ri if ri else 0.0,
        }

    def revision(self, matrix: np.ndarray) -> tuple[int, int, float, float]:
        """The judgement (i < j) and the scale value to move it to that lower CR most, with the
        CR it would give: each upper cell tried at each of the 17 values of the scale."""
        best = (0, 0, float(matrix[0, 0]), self.consistency(matrix)["cr"])
        n = matrix.shape[0]
        for i in range(n):
            for j in range(i + 1, n):
                for value in SCALE:
                    trial = matrix.copy()
                    trial[i, j], trial[j, i] = value, 1 / value
                    cr = self.consistency(trial)["cr"]
                    if cr < best[3] - 1e-12:
                        best = (i, j, value, cr)
        return best

    def _one(self, pairwise: Pairwise, matrix: np.ndarray) -> dict[str, Any]:
        result = self.consistency(matrix)
        revise, revision = None, None
        if result["cr"] > CR_LIMIT:
            i, j, value, cr_after = self.revision(matrix)
            revise = (pairwise.criteria[i], pairwise.criteria[j], value)
            revision = {
                "row": revise[0],
                "column": revise[1],
                "value": value,
                "current": float(matrix[i, j]),
                "cr_after": cr_after,
            }
        return {
            "file": pairwise.file,
            "weights": dict(zip(pairwise.criteria, map(float, result["weights"]), strict=True)),
            "lambda_max": result["lambda_max"],
            "ci": result["ci"],
            "cr": result["cr"],
            "revise": revise,
            "revision": revision,
        }

    def weigh(self, matrices: Sequence[Pairwise] | Pairwise) -> AHP:
        """Weigh one expert's matrix, or a group's by the geometric mean of their judgements;
        ``revise_`` is set (for the matrix the weights come from) when its CR is over 0.10."""
        if isinstance(matrices, Pairwise):
            matrices = [matrices]
        if not matrices:
            raise InputError("no pairwise matrix to weigh")
        criteria = list(matrices[0].criteria)
        stacked = [m.reordered(criteria) for m in matrices]
        arrays = [np.array(m.values, dtype=float) for m in stacked]
        self.experts_ = [self._one(m, a) for m, a in zip(stacked, arrays, strict=True)]
        group = np.exp(np.mean([np.log(a) for a in arrays], axis=0))
        result = self._one(Pairwise(criteria, group.tolist(), "group"), group)
        self.weights_ = result["weights"]
        self.lambda_max_, self.ci_, self.cr_ = result["lambda_max"], result["ci"], result["cr"]
        self.random_index_ = self._ri(len(criteria))
        self.random_index_table_ = RANDOM_INDICES[self.random_index][0]
        self.revise_ = result["revise"]
        self.revision_ = result["revision"]
        self.group_matrix_ = group.tolist()
        return self

    def as_dict(self) -> dict[str, Any]:
        """What ``kargah priorities ahp --json`` prints."""

        return {
            "weights": self.weights_,
            "lambda_max": self.lambda_max_,
            "ci": self.ci_,
            "cr": self.cr_,
            "consistent": self.cr_ <= CR_LIMIT,
            "random_index": self.random_index_,
            "random_index_table": self.random_index_table_,
            "revise": self.revision_,
            "experts": [
                {
                    "file": e["file"],
                    "weights": e["weights"],
                    "lambda_max": e["lambda_max"],
                    "ci": e["ci"],
                    "cr": e["cr"],
                    "revise": e["revision"],
                }
                for e in self.experts_
            ],
        }
