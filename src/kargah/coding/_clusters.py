"""Before anything is coded: an area's answers grouped into candidate codes, each with the words
that characterise it, for the analyst to rename and adopt.

Answers are compared by their words (TF-IDF, Persian-normalised, function words left out),
reduced by LSA and grouped by k-means on unit vectors (cosine). Words, not character n-grams:
on short answers the n-grams of long filler phrases outweighed a short subject word such as وام.
Without a number of groups, the one of best silhouette between 2 and 8 is taken. A group's words
are those whose TF-IDF weight inside it most exceeds their weight outside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kargah.errors import InputError

#: Persian and English function words: they tell no group from another.
STOP_WORDS = frozenset(
    "و در به از که این آن را با است برای هم یا تا بود شد می ها های ای یک هر نه اما ولی اگر "
    "خیلی بسیار کاملا کمی هست نیست بودن شده کرد کرده کنم کنید کند داره دارد داشت باشه باشد "
    "من ما شما او اون این ایشون خود خودش همه چون پس بر دیگه دیگر ام اش رو هاش "
    "the a an and or of to in is it for on with this that was are be not".split()
)


@dataclass
class CandidateCode:
    """One group of answers: a provisional ``name`` (its first words), its characteristic
    ``words`` and the positions (or segment ids) of its ``answers``."""

    name: str
    words: list[str]
    answers: list[Any] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "words": self.words, "answers": self.answers}


def cluster_answers(
    texts: Sequence[object],
    n_codes: int | None = None,
    *,
    segments: Sequence[Any] | None = None,
    words: int = 8,
    random_state: int = 0,
) -> list[CandidateCode]:
    """Group ``texts`` into ``n_codes`` candidate codes (chosen by silhouette if None), largest
    first; ``answers`` lists each group's ``segments`` (positions in ``texts`` if None).

    >>> codes = cluster_answers(["وام بانکی گران است", "وام بانک دیر می‌رسد", "بیمه کارگران گران",
    ...     "بیمه سنگین است", "وام با بهره بالا", "حق بیمه بالاست"], 2)
    >>> sorted(sorted(c.answers) for c in codes)
    [[0, 1, 4], [2, 3, 5]]
    """
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    from kargah.coding._suggest import _plain
    from kargah.text import normalise

    ids = list(range(len(texts))) if segments is None else [_plain(s) for s in segments]
    if len(ids) != len(texts):
        raise InputError(f"{len(texts)} texts but {len(ids)} segments")
    clean = [normalise(t) for t in texts]
    if sum(bool(t) for t in clean) < 4:
        raise InputError("at least 4 answers with text are needed to find groups in them")
    vocabulary = TfidfVectorizer(
        analyzer="word", token_pattern=r"(?u)\b\w\w+\b", stop_words=list(STOP_WORDS)
    )
    weights = vocabulary.fit_transform(clean)
    points = _reduced(weights, random_state)
    if n_codes is None:
        labels = _best_grouping(points, random_state)
    else:
        if not 2 <= n_codes <= len(clean) - 1:
            raise InputError(f"the number of codes must be between 2 and {len(clean) - 1}")
        labels = KMeans(n_codes, n_init=10, random_state=random_state).fit_predict(points)
    weights = weights.toarray()
    names = vocabulary.get_feature_names_out()
    codes = []
    for label in np.unique(labels):
        inside = labels == label
        gain = weights[inside].mean(axis=0) - weights[~inside].mean(axis=0)
        top = [str(names[i]) for i in np.argsort(-gain, kind="stable")[:words] if gain[i] > 0]
        members = [ids[i] for i in np.flatnonzero(inside)]
        codes.append(CandidateCode(" ".join(top[:2]) or f"group {label + 1}", top, members))
    return sorted(codes, key=lambda c: -len(c.answers))


def _reduced(matrix: Any, random_state: int) -> np.ndarray:
    """LSA to at most 100 dimensions, rows of unit length (k-means on them is cosine)."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    size = min(100, matrix.shape[0] - 1, matrix.shape[1] - 1)
    if size >= 2:
        matrix = TruncatedSVD(size, random_state=random_state).fit_transform(matrix)
    else:
        matrix = matrix.toarray()
    return np.asarray(normalize(matrix))


def _best_grouping(points: np.ndarray, random_state: int) -> np.ndarray:
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    best: tuple[float, np.ndarray] | None = None
    for k in range(2, min(8, len(points) - 1) + 1):
        labels = KMeans(k, n_init=10, random_state=random_state).fit_predict(points)
        if len(set(labels)) < 2:
            continue
        score = float(silhouette_score(points, labels, metric="cosine"))
        if best is None or score > best[0]:
            best = (score, labels)
    if best is None:
        return np.zeros(len(points), dtype=int)
    return best[1]
