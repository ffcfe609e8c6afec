"""Machine suggestions for coding, against the bar the issue names, on real Persian short texts.

    python benchmarks/coding_suggest.py [--quick] [--json] [--seed N]

Reads ``shared/data/parsinlu-food-aspects.jsonl`` (1,355 Persian food reviews, each with the
themes a person found in it; looked for in a ``shared/data`` folder beside the clone or above
it, or in $KARGAH_SHARED_DATA) and splits it 70/30 at random (``--seed``). Both models learn on
the 70% alone and are measured on the 30%:

- baseline: character 2–5-gram TF-IDF + one-vs-rest logistic regression (C = 1 and C = 10,
  the better one kept), at its best threshold — C and threshold both chosen on the measured part,
  so the bar is the baseline's best case;
- kargah: ``kargah.coding.ThemeSuggester`` at its default threshold, which it chose by
  cross-validation on the 70% (the measured part is never seen before measuring).

Prints micro precision, recall and F1, the best recall each reaches at ≥ 0.90 precision (on the
measured part: for comparison only), the time to learn, the time to suggest for 10,000 answers,
and one round of rejections: the wrong suggestions on one half of the measured part are rejected,
the model learns again, and precision and recall on the other half are compared. Then the
verdicts against the targets: micro-F1 above the baseline's best; precision ≥ 0.90 with recall
≥ 0.80 at the default threshold; 10,000 answers in ≤ 10 s. ``--quick`` (300 reviews to learn,
150 to measure, 1,000 answers timed) is what the test suite runs; ``--json`` prints one JSON
object, last. Without the data file it says so and exits 0 (``"skipped"`` in the JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = "parsinlu-food-aspects.jsonl"
GRID = np.round(np.arange(0.05, 0.96, 0.01), 2)


def find_data() -> Path | None:
    places = [Path(os.environ["KARGAH_SHARED_DATA"])] if "KARGAH_SHARED_DATA" in os.environ else []
    places += [folder / "shared" / "data" for folder in [ROOT, *ROOT.parents]]
    return next((p / DATA for p in places if (p / DATA).is_file()), None)


def scores(truth: np.ndarray, chosen: np.ndarray) -> dict[str, float]:
    hits = float((chosen & (truth == 1)).sum())
    precision = hits / chosen.sum() if chosen.sum() else 1.0
    recall = hits / truth.sum() if truth.sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def best(truth: np.ndarray, confidence: np.ndarray) -> dict[str, Any]:
    """The best F1 over the grid, and the best recall with precision ≥ 0.90."""
    table = [(float(t), scores(truth, confidence >= t)) for t in GRID]
    at, top = max(table, key=lambda row: row[1]["f1"])
    precise = [s["recall"] for _, s in table if s["precision"] >= 0.90]
    return {**top, "threshold": at, "recall_at_p90": max(precise, default=0.0)}


def baseline(train: list[str], test: list[str], y: np.ndarray, truth: np.ndarray) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    from kargah.text import normalise

    found = []
    for c in (1.0, 10.0):
        started = time.perf_counter()
        grams = TfidfVectorizer(analyzer="char", ngram_range=(2, 5), sublinear_tf=True)
        x = grams.fit_transform([normalise(t) for t in train])
        model = OneVsRestClassifier(LogisticRegression(C=c, solver="liblinear")).fit(x, y)
        seconds = time.perf_counter() - started
        confidence = model.predict_proba(grams.transform([normalise(t) for t in test]))
        found.append({"C": c, **best(truth, confidence), "fit_s": round(seconds, 2)})
    return max(found, key=lambda r: r["f1"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seed", type=int, default=1353)
    args = parser.parse_args()
    path = find_data()
    if path is None:
        reason = f"{DATA} not found in a shared/data folder beside or above {ROOT}"
        print(json.dumps({"skipped": reason}) if args.json else f"skipped: {reason}")
        return 0
    figures = run(path, args.quick, args.seed)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


def run(path: Path, quick: bool, seed: int) -> dict[str, Any]:
    import pandas as pd

    from kargah.coding import ThemeSuggester

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    order = np.random.default_rng(seed).permutation(len(rows))
    cut = int(0.7 * len(rows))
    train, test = order[:cut], order[cut:]
    if quick:
        train, test = train[:300], test[:150]
    themes = sorted({a for r in rows for a in r["aspects"]})
    labels = np.array([[int(t in r["aspects"]) for t in themes] for r in rows])
    texts = [r["review"] for r in rows]
    coded = pd.DataFrame(
        [
            {"segment": int(i), "text": texts[i], "theme": theme}
            for i in train
            for theme in (rows[i]["aspects"] or [None])
        ]
    )
    started = time.perf_counter()
    model = ThemeSuggester().fit(coded)
    fit_s = time.perf_counter() - started
    truth = labels[test][:, [themes.index(t) for t in model.themes_]]
    confidence = model.confidences([texts[i] for i in test]).to_numpy()
    ours: dict[str, Any] = {
        **scores(truth, confidence >= model.threshold_),
        "threshold": model.threshold_,
        "cv_precision": round(model.cv_precision_, 4),
        "cv_recall": round(model.cv_recall_, 4),
        "best_on_test": best(truth, confidence),
        "fit_s": round(fit_s, 2),
    }
    base = baseline(
        [texts[i] for i in train], [texts[i] for i in test], labels[train], labels[test]
    )
    many = 1_000 if quick else 10_000
    answers = pd.DataFrame(
        {"segment": range(many), "text": [texts[test[i % len(test)]] for i in range(many)]}
    )
    started = time.perf_counter()
    model.suggest(answers)
    ours["suggest_s"] = round(time.perf_counter() - started, 2)
    ours["suggest_n"] = many
    rejections = rejection_round(model, coded, test, texts, truth)
    f1_target = bool(ours["f1"] > base["f1"])
    quality = bool(ours["precision"] >= 0.90 and ours["recall"] >= 0.80)
    speed = bool(ours["suggest_s"] * 10_000 / many <= 10)
    return {
        "data": path.name,
        "seed": seed,
        "quick": quick,
        "train": len(train),
        "test": len(test),
        "themes": model.themes_,
        "baseline": base,
        "kargah": ours,
        "rejections": rejections,
        "targets": {
            "f1_above_baseline_best": f1_target,
            "precision_090_recall_080": quality,
            "10000_answers_10s": speed,
        },
    }


def rejection_round(model: Any, coded: Any, test: np.ndarray, texts: list, truth: np.ndarray):
    """Reject the wrong suggestions on one half of the measured part, learn again, and compare
    precision and recall on the other half before and after."""
    import pandas as pd

    from kargah.coding import ThemeSuggester

    half = len(test) // 2
    first, other = test[:half], test[half:]
    shown = model.confidences([texts[i] for i in first]).to_numpy() >= model.threshold_
    wrong = shown & (truth[:half] == 0)
    rejected = pd.DataFrame(
        [
            {"segment": int(first[r]), "text": texts[first[r]], "theme": model.themes_[k]}
            for r, k in zip(*np.nonzero(wrong), strict=True)
        ]
    )
    again = ThemeSuggester().fit(coded, rejected)
    before = model.confidences([texts[i] for i in other]).to_numpy() >= model.threshold_
    after = again.confidences([texts[i] for i in other]).to_numpy() >= again.threshold_
    return {
        "rejected": len(rejected),
        "before": scores(truth[half:], before),
        "after": scores(truth[half:], after),
    }


if __name__ == "__main__":
    sys.exit(main())
