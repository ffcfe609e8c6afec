"""The per-theme learners behind :class:`kargah.coding.ThemeSuggester` (``_suggest``): the
n-gram views of a text, one theme's model, and the clauses of texts (``_clauses``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

#: Platt-calibration folds inside each theme's model.
CALIBRATION_FOLDS = 5


class Views:
    """Two views of the same character 2–5-grams (inside word boundaries), side by side in one
    matrix: TF-IDF weights, and presence (0/1, unit length) for the naive-Bayes-scaled model.
    n-grams seen once are dropped: they cannot generalise, and it halves the vocabulary."""

    def fit_transform(self, texts: list[str]) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        common = {"analyzer": "char_wb", "ngram_range": (2, 5), "min_df": 2, "dtype": np.float32}
        self.weights = TfidfVectorizer(sublinear_tf=True, **common)
        self.presence = TfidfVectorizer(binary=True, use_idf=False, **common)
        first = self.weights.fit_transform(texts)
        self.split = first.shape[1]
        return self._join(first, self.presence.fit_transform(texts))

    def transform(self, texts: list[str]) -> Any:
        return self._join(self.weights.transform(texts), self.presence.transform(texts))

    @staticmethod
    def _join(first: Any, second: Any) -> Any:
        from scipy.sparse import hstack

        return hstack([first, second], format="csr")


class ThemeModel:
    """One theme's model: the mean of two Platt-calibrated linear SVMs, one on the TF-IDF view,
    one on the presence view scaled by each n-gram's naive-Bayes log-count ratio (NB-SVM, Wang
    and Manning 2012). Each alone was about as good; their mean was better (docs/coding.md)."""

    def __init__(self, split: int, C: float, folds: int, random_state: int) -> None:
        self.split, self.C, self.folds, self.random_state = split, C, folds, random_state

    def fit(self, x: Any, y: np.ndarray, weight: np.ndarray) -> ThemeModel:
        presence = x[:, self.split :]
        on = weight * (y == 1)
        p = np.asarray(presence.T @ on).ravel() + 1.0
        q = np.asarray(presence.T @ (weight - on)).ravel() + 1.0
        self.ratio = np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)
        self.models = [self._svm().fit(v, y, sample_weight=weight) for v in self._views(x)]
        return self

    def predict_proba(self, x: Any) -> np.ndarray:
        views = self._views(x)
        return np.mean([m.predict_proba(v) for m, v in zip(self.models, views, strict=True)], 0)

    def _views(self, x: Any) -> list[Any]:
        return [x[:, : self.split], x[:, self.split :].multiply(self.ratio).tocsr()]

    def _svm(self) -> Any:
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import LinearSVC

        svm = LinearSVC(C=self.C, random_state=self.random_state)
        return CalibratedClassifierCV(svm, cv=self.folds, method="sigmoid")


class Parts:
    """The clauses of some texts (``_clauses``) as features, each knowing its text's row: a
    theme's model learns the clauses of texts not of the theme as more negatives (short texts,
    as clauses are), and a text's confidence is the mean of its whole text's and its most
    confident clause's."""

    def __init__(self, views: Views, found: Sequence[list[str]]) -> None:
        """``found``: each text's prepared clauses (``_clauses.read``)."""
        self.rows = len(found)
        self.owner = np.repeat(np.arange(len(found)), [len(c) for c in found])
        self.x = views.transform([c for parts in found for c in parts])

    def negatives(self, rows: np.ndarray, y: np.ndarray) -> Any:
        """The clauses of the texts at ``rows`` whose ``y`` (by row) is 0."""
        outside = np.zeros(self.rows, dtype=bool)
        outside[rows] = y[rows] == 0
        return self.x[outside[self.owner]]

    def confidence(self, model: Any, x: Any, rows: np.ndarray | None = None) -> np.ndarray:
        """``model``'s confidence for the texts at ``rows`` (all if None), whose features are
        ``x``: the mean of the whole text's and its most confident clause's."""
        rows = np.arange(self.rows) if rows is None else rows
        keep = np.zeros(self.rows, dtype=bool)
        keep[rows] = True
        mine = keep[self.owner]
        top = np.zeros(self.rows)
        np.maximum.at(top, self.owner[mine], confidence(model, self.x[mine]))
        return (confidence(model, x) + top[rows]) / 2


def confidence(model: Any, x: Any) -> np.ndarray:
    if isinstance(model, float):
        return np.full(x.shape[0], model)
    return np.asarray(model.predict_proba(x)[:, 1])
