"""Machine suggestions for coding: themes for uncoded answers, each with a confidence, learnt
from the codings people made — on the CPU, from scikit-learn alone, no text leaving the machine.

The method was picked by measurement (``benchmarks/coding_suggest.py``, docs/benchmarks.md):
character 2–5-grams inside word boundaries on Persian-normalised text (punctuation as spaces,
stretched letters as one); per theme, the mean of two Platt-calibrated linear SVMs, one on the
n-grams' TF-IDF, one on their presence scaled by naive-Bayes log-count ratios (NB-SVM). Each
answer is read whole and clause by clause (``_clauses``: split at punctuation and at joining
words): a theme's model also learns the clauses of answers not of that theme as negatives, and an
answer's confidence is the mean of its whole text's and its most confident clause's — a theme
said in one clause of a long answer is found (recall at 0.90 precision 0.780 → 0.810, twelve
splits). Against the bar the issue names (character 2–5-gram TF-IDF + one-vs-rest logistic
regression at its best threshold) it gains 0.04–0.07 micro-F1 on ParsiNLU's food reviews. At the
default threshold precision is 0.86–0.94 and recall 0.78–0.84 (means 0.895 / 0.814): the target
of 0.90 with 0.80 is met together on three splits in twelve — the model sits on that line, and
the measured part's sampling error (±0.015 in precision) decides. Tried and measured, not kept
(docs/coding.md): word n-grams, isotonic calibration, per-theme thresholds, rank-aware
decisions, a stacked second stage, balanced class weights, averaging with logistic regression,
SGD or complement NB, windows of words instead of clauses, the clauses' maximum instead of the
mean, a clause chosen per positive answer as a positive (multiple-instance), the fold models'
mean instead of a model on all codings (precision on target, recall lower).

The default threshold is chosen at ``fit`` by cross-validation on the training codings only:
every coded segment gets a confidence from a model that did not see it (``folds`` folds), and the
threshold is the one on a 0.01 grid of most pooled recall among those whose pooled precision
reaches ``target_precision``, the highest of equals (if none reaches it, the one of highest
precision). It is stored with the model (``threshold_``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Self

import numpy as np
import pandas as pd

from kargah.coding._clauses import prepare, read
from kargah.coding._learners import CALIBRATION_FOLDS, Parts, ThemeModel, Views
from kargah.errors import InputError

#: Columns of a coded-segments file for suggestions (one row per segment and theme; a segment
#: with no theme has an empty ``theme``), and of the answers to suggest for.
CODED_COLUMNS = ("segment", "text", "theme")
ANSWER_COLUMNS = ("segment", "text")
#: Thresholds tried when choosing the default.
GRID = np.round(np.arange(0.05, 0.96, 0.01), 2)
_WHOLE = re.compile(r"-?(0|[1-9][0-9]*)")


class ThemeSuggester:
    """Suggest themes for new texts from coded ones (scikit-learn style: settings here, what
    ``fit`` learns in attributes ending with ``_``).

    - ``target_precision``: the share of suggestions that should be right at the default
      threshold (chosen by cross-validation, see the module's doc);
    - ``threshold``: a fixed default instead (the cross-validated figures are still computed);
    - ``min_examples``: fewer coded segments than this for a theme is an error at ``fit``;
    - ``folds``: cross-validation folds for the threshold; ``C``: the SVMs' regularisation;
    - ``rejection_weight``: how much a rejected suggestion counts, against a coded segment, as
      evidence that its text is not of that theme.

    Learnt by ``fit``: ``themes_`` (sorted), ``threshold_`` (the default), ``cv_precision_`` and
    ``cv_recall_`` (pooled over themes, at ``threshold_``), ``cv_confidences_`` (each coded
    segment's out-of-fold confidences), ``examples_`` (coded segments per theme), ``segments_``,
    ``rejections_`` (rejections used), ``vectoriser_`` and ``models_``.

    >>> coded = pd.DataFrame({"segment": range(12), "theme": ["price"] * 6 + ["taste"] * 6,
    ...     "text": ["قیمت مناسب بود"] * 6 + ["طعم خوبی داشت"] * 6})
    >>> model = ThemeSuggester(threshold=0.5).fit(coded)
    >>> model.suggest(pd.DataFrame({"segment": [1], "text": ["قیمتش مناسبه"]}))[0]["suggestions"][0]
    {'theme': 'price', 'confidence': ...}
    """

    def __init__(
        self,
        *,
        target_precision: float = 0.90,
        threshold: float | None = None,
        min_examples: int = 5,
        folds: int = 5,
        C: float = 1.0,
        rejection_weight: float = 3.0,
        random_state: int = 0,
    ) -> None:
        self.target_precision = target_precision
        self.threshold = threshold
        self.min_examples = min_examples
        self.folds = folds
        self.C = C
        self.rejection_weight = rejection_weight
        self.random_state = random_state

    def fit(
        self,
        coded: pd.DataFrame,
        rejected: pd.DataFrame | None = None,
        *,
        source: str | Path | None = None,
    ) -> Self:
        """Learn from ``coded`` (columns segment, text, theme: one row per segment and theme,
        an empty theme for a segment with none) and from ``rejected`` suggestions (columns
        segment, text, theme), each a negative example for its theme alone. Errors name
        ``source`` and the frame's index as the row (the readers keep the file's row numbers)."""
        from threadpoolctl import threadpool_limits

        # The problems are tiny: more BLAS threads only wait on each other (a fit took 9 s with
        # them and 4 s without on 2 busy cores).
        with threadpool_limits(limits=1):
            return self._fit(coded, rejected, source)

    def _fit(self, coded: pd.DataFrame, rejected: pd.DataFrame | None, source: Any) -> Self:
        segments, texts, labels, themes = _segments(coded, source, self.min_examples)
        extra_texts, extra = _rejections(rejected, set(segments), themes)
        self.vectoriser_ = Views()
        wholes, found = read(texts)
        features = self.vectoriser_.fit_transform([*wholes, *prepare(extra_texts)])
        coded_x, rejected_x = features[: len(texts)], features[len(texts) :]
        parts = Parts(self.vectoriser_, found)
        oof = self._out_of_fold(coded_x, labels, rejected_x, extra, parts)
        self.themes_ = themes
        self.examples_ = {t: int(n) for t, n in zip(themes, labels.sum(axis=0), strict=True)}
        self.segments_ = len(segments)
        self.rejections_ = len(extra)
        every = np.arange(len(texts))
        self.models_ = [
            self._fit_theme(
                coded_x, labels[:, k], rejected_x, extra, k, parts.negatives(every, labels[:, k])
            )
            for k in range(len(themes))
        ]
        chosen = _choose(oof, labels, self.target_precision)
        self.threshold_ = chosen if self.threshold is None else float(self.threshold)
        self.cv_precision_, self.cv_recall_ = _scores(oof, labels, self.threshold_)
        self.cv_confidences_ = pd.DataFrame(oof, index=pd.Index(segments), columns=themes)
        return self

    def confidences(self, texts: Sequence[object]) -> pd.DataFrame:
        """Each text's confidence (0–1) for each theme: one row per text, one column per theme."""
        from threadpoolctl import threadpool_limits

        self._check_fitted()
        wholes, found = read(texts)
        features = self.vectoriser_.transform(wholes)
        parts = Parts(self.vectoriser_, found)
        with threadpool_limits(limits=1):
            columns = [parts.confidence(m, features) for m in self.models_]
        data = np.column_stack(columns) if columns else np.zeros((len(texts), 0))
        return pd.DataFrame(data, columns=self.themes_)

    def suggest(
        self, answers: pd.DataFrame, threshold: float | None = None
    ) -> list[dict[str, Any]]:
        """For each answer (columns segment, text), the themes at or above ``threshold`` (the
        stored default if None), most confident first:
        ``[{"segment": …, "suggestions": [{"theme": …, "confidence": …}, …]}, …]``."""
        cut = self.threshold_ if threshold is None else threshold
        scores = self.confidences(list(answers["text"])).to_numpy()
        result = []
        for segment, row in zip(answers["segment"], scores, strict=True):
            order = [k for k in np.argsort(-row, kind="stable") if row[k] >= cut]
            result.append(
                {
                    "segment": _plain(segment),
                    "suggestions": [
                        {"theme": self.themes_[k], "confidence": round(float(row[k]), 4)}
                        for k in order
                    ],
                }
            )
        return result

    def _fit_theme(
        self, x: Any, y: np.ndarray, rx: Any, extra: list[int], k: int, clauses_x: Any
    ) -> Any:
        """Theme ``k``'s model from coded texts ``x`` (``y`` 1 where of the theme), the
        rejections of ``k`` among ``rx``, and ``clauses_x``, clauses of texts not of ``k``."""
        from scipy.sparse import vstack

        mine = [i for i, theme in enumerate(extra) if theme == k]
        x = vstack([x, clauses_x, rx[mine]], format="csr")
        y = np.concatenate([y, np.zeros(clauses_x.shape[0] + len(mine), dtype=y.dtype)])
        weight = np.ones(len(y))
        weight[len(y) - len(mine) :] = self.rejection_weight
        positives, negatives = int(y.sum()), int(len(y) - y.sum())
        cv = min(CALIBRATION_FOLDS, positives, negatives)
        if cv < 2:  # too few in a cross-validation fold to learn: a constant guess
            return float(positives / max(len(y), 1))
        model = ThemeModel(self.vectoriser_.split, self.C, cv, self.random_state)
        return model.fit(x, y, weight)

    def _out_of_fold(
        self, x: Any, labels: np.ndarray, rx: Any, extra: list[int], parts: Parts
    ) -> np.ndarray:
        """Every coded segment's confidences from models that did not see it; rejections always
        train, never measure."""
        from sklearn.model_selection import KFold

        oof = np.zeros(labels.shape)
        folds = min(self.folds, labels.shape[0])
        if folds < 2:
            return oof
        split = KFold(folds, shuffle=True, random_state=self.random_state).split(labels)
        for train, held in split:
            for k in range(labels.shape[1]):
                negatives = parts.negatives(train, labels[:, k])
                model = self._fit_theme(x[train], labels[train, k], rx, extra, k, negatives)
                oof[held, k] = parts.confidence(model, x[held], held)
        return oof

    def _check_fitted(self) -> None:
        if not hasattr(self, "models_"):
            raise InputError("the suggester has not learnt anything yet: call fit first")


def _scores(oof: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float, float]:
    chosen = oof >= threshold
    hits = float((chosen & (labels == 1)).sum())
    precision = hits / chosen.sum() if chosen.sum() else 1.0
    recall = hits / labels.sum() if labels.sum() else 0.0
    return float(precision), float(recall)


def _choose(oof: np.ndarray, labels: np.ndarray, target: float) -> float:
    """The grid threshold of most pooled recall among those whose pooled precision reaches
    ``target`` — the highest of them where several find as much (on easy data a low threshold
    adds nothing but risk); if none reaches it, the one of highest precision."""
    table = [(float(t), *_scores(oof, labels, t)) for t in GRID]
    reaching = [row for row in table if row[1] >= target and row[2] > 0]
    if reaching:
        most = max(row[2] for row in reaching)
        return max(row[0] for row in reaching if row[2] == most)
    return max(table, key=lambda row: (row[1], -row[0]))[0]


def _segments(
    coded: pd.DataFrame, source: str | Path | None, min_examples: int
) -> tuple[list[object], list[str], np.ndarray, list[str]]:
    """Rows (one per segment and theme) → segments, their texts, a 0/1 matrix of themes, the
    themes; every problem named by row and column."""
    from kargah.tables import is_blank

    missing = [c for c in CODED_COLUMNS if c not in coded.columns]
    if missing:
        raise InputError(f"missing column(s): {', '.join(missing)}", file=source)
    if coded.empty:
        raise InputError("no coded segments to learn from", file=source)
    texts: dict[object, str] = {}
    themes: dict[str, list[object]] = {}  # theme → its segments, in the order met
    first_row: dict[str, int] = {}
    for row, segment, text, theme in zip(
        coded.index, coded["segment"], coded["text"], coded["theme"], strict=True
    ):
        key = _plain(segment)
        texts.setdefault(key, "" if is_blank(text) else str(text))
        if not is_blank(theme):
            name = str(theme).strip()
            first_row.setdefault(name, int(row))
            if key not in themes.setdefault(name, []):
                themes[name].append(key)
    if not themes:
        raise InputError("no segment has a theme: code some first", file=source, column="theme")
    order = sorted(themes)
    few = [
        InputError(
            f"theme '{t}' has {len(themes[t])} coded segment(s); at least {min_examples} "
            "are needed to learn it",
            file=source, row=first_row[t], column="theme",
        )
        for t in order
        if len(themes[t]) < min_examples
    ]  # fmt: skip
    everywhere = [
        InputError(
            f"theme '{t}' is on every segment: nothing to tell it from",
            file=source, row=first_row[t], column="theme",
        )
        for t in order
        if len(themes[t]) == len(texts)
    ]  # fmt: skip
    problems = few + everywhere
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise InputError(f"{len(problems)} theme(s) cannot be learnt", source, problems=problems)
    segments = list(texts)
    position = {s: i for i, s in enumerate(segments)}
    labels = np.zeros((len(segments), len(order)), dtype=np.int64)
    for k, theme in enumerate(order):
        labels[[position[s] for s in themes[theme]], k] = 1
    return segments, [texts[s] for s in segments], labels, order


def _rejections(
    rejected: pd.DataFrame | None, coded: set[object], themes: list[str]
) -> tuple[list[str], list[int]]:
    """Rejected (segment, text, theme) → texts and theme positions. A segment since coded says
    all there is about it, and a theme no longer coded teaches nothing: both are left out."""
    if rejected is None or rejected.empty:
        return [], []
    index = {t: k for k, t in enumerate(themes)}
    texts, which = [], []
    for segment, text, theme in zip(
        rejected["segment"], rejected["text"], rejected["theme"], strict=True
    ):
        name = str(theme).strip()
        if _plain(segment) in coded or name not in index:
            continue
        texts.append(str(text))
        which.append(index[name])
    return texts, which


def _plain(value: object) -> object:
    """A segment id as JSON takes it: numpy scalars as Python ones, whole numbers (a CSV's "12",
    a spreadsheet's 12.0) as ints."""
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value)
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def read_coded_texts(path: str | Path) -> pd.DataFrame:
    """A coded-segments file for suggestions (CSV/XLSX, columns segment, text, theme; one row
    per segment and theme, an empty theme for a segment with none), checked, all or nothing.
    The index is the file's row numbers, so that ``fit`` names them."""
    from kargah.coding._files import read_columns

    frame, problems = read_columns(path, CODED_COLUMNS, required=("segment", "text"))
    if problems:
        raise InputError(f"{len(problems)} empty cell(s)", file=path, problems=problems)
    if frame.empty:
        raise InputError("no coded segments to learn from", file=path)
    return frame


def read_texts(path: str | Path) -> pd.DataFrame:
    """The answers to suggest themes for (CSV/XLSX, columns segment, text)."""
    from kargah.coding._files import read_columns

    frame, problems = read_columns(path, ANSWER_COLUMNS, required=ANSWER_COLUMNS)
    if problems:
        raise InputError(f"{len(problems)} empty cell(s)", file=path, problems=problems)
    return frame
