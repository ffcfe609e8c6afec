"""Paired tests of H3/H4-style hypotheses."""

from __future__ import annotations

import re

import ibis
import numpy as np
import pandas as pd
import pytest
from scipy.stats import wilcoxon

from kargah.errors import InputError
from kargah.stats import Comparison


def branches(n: int, small_jobs: list[float], large_jobs: list[float]) -> ibis.Table:
    rows = []
    for i in range(n):
        rows.append((f"{10 + i}", "small", small_jobs[i], 100.0))
        rows.append((f"{10 + i}", "large", large_jobs[i], 100.0))
    return ibis.memtable(
        pd.DataFrame(rows, columns=["branch", "size_class", "employees", "capital"])
    )


def test_small_create_more_jobs_per_capital_supported() -> None:
    rng = np.random.default_rng(1)
    large = list(rng.uniform(10, 20, 12))
    small = [x * 2 + 1 for x in large]
    result = Comparison(indicator="employees_per_capital", expect="greater").compute(
        branches(12, small, large)
    )
    assert result.n == 12 and result.n_higher == 12
    assert result.direction == "greater"
    assert result.effect_size == pytest.approx(1.0)
    assert result.ci_low is not None and result.ci_low > 0
    diff = (np.array(small) - np.array(large)) / 100
    assert result.p_value == pytest.approx(wilcoxon(diff).pvalue)
    assert "supported" in result.verdict_en and "not supported" not in result.verdict_en
    assert "تأیید می‌شود" in result.verdict_fa
    assert "۱۲" in result.verdict_fa  # Persian digits


def test_noise_is_no_difference_and_hypothesis_not_supported() -> None:
    rng = np.random.default_rng(7)
    a, b = list(rng.normal(50, 5, 10)), list(rng.normal(50, 5, 10))
    result = Comparison(indicator="employees_per_capital", expect="greater").compute(
        branches(10, a, b)
    )
    assert result.direction == "no difference"
    assert "not supported" in result.verdict_en


def test_too_few_pairs_says_so() -> None:
    result = Comparison(indicator="employees_per_capital").compute(
        branches(3, [1, 2, 3], [3, 2, 1])
    )
    assert result.p_value is None and "Too little" in result.verdict_en


def test_unknown_class_is_named() -> None:
    with pytest.raises(InputError, match="medium"):
        Comparison(indicator="employees_per_capital", classes=("medium", "large")).compute(
            branches(6, [1] * 6, [2] * 6)
        )


def test_unknown_indicator_is_named() -> None:
    with pytest.raises(InputError, match="jobs_per_rial"):
        Comparison(indicator="jobs_per_rial").compute(branches(6, [1] * 6, [2] * 6))


def test_persian_verdict_writes_tiny_numbers_without_e_notation() -> None:
    # Workers per rial of capital differ by ~1e-10: the report's Persian verdict read
    # "-۵٫۱۰۳e-۱۰", its pieces reordered by the right-to-left line (in the PDF too).
    rng = np.random.default_rng(7)
    a, b = list(rng.normal(50, 5, 10)), list(rng.normal(50, 5, 10))
    table = branches(10, a, b).mutate(capital=ibis.literal(1e11))
    verdict = Comparison(indicator="employees_per_capital").compute(table).verdict_fa
    assert not re.search(r"[\d۰-۹][e×^]", verdict) and "-" not in verdict, verdict
    numbers = re.findall("\u2066([^\u2069]*)\u2069", verdict)  # each number isolated, LTR
    assert len(numbers) >= 4 and numbers[0].startswith("−۰٫۰۰۰۰۰۰۰۰۰"), numbers
    assert len(numbers[0]) == len("−۰٫") + 12 + 4, numbers  # four significant digits
