"""Paired comparison of two size classes over branches (or regions, years): the thesis's H3
(small industries create more jobs per unit of capital) and H4 (their capital–output ratio is
lower) as one general test.

Each branch gives a pair (the indicator for class A, for class B); the Wilcoxon signed-rank test
asks whether the differences lean one way, and a bootstrap gives a confidence interval of the
median difference, so the verdict carries its size as well as its p-value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from kargah.errors import InputError
from kargah.stats._classified import source_of
from kargah.stats._indicators import Indicators

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pandas as pd

    from kargah.sizeclass import Definition
    from kargah.tables import Dataset

Expect = Literal["greater", "less"] | None
#: Fewer pairs than this and the signed-rank test cannot reach p < 0.05 at all.
MIN_PAIRS = 6


@dataclass
class ComparisonResult:
    indicator: str
    classes: tuple[str, str]
    over: tuple[str, ...]
    n: int
    n_higher: int
    median_difference: float | None
    ci_low: float | None
    ci_high: float | None
    statistic: float | None
    p_value: float | None
    effect_size: float | None
    direction: str
    verdict_en: str
    verdict_fa: str
    pairs: pd.DataFrame | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("pairs")
        out["classes"] = list(self.classes)
        out["over"] = list(self.over)
        return out


class Comparison:
    """Compare an indicator between two size classes, paired over ``over``.

    ``expect`` ("greater" or "less": class A against class B) turns the verdict into a
    hypothesis test: H3 is ``Comparison(indicator="employees_per_capital", expect="greater")``,
    H4 ``Comparison(indicator="capital_output_ratio", expect="less")``.
    """

    def __init__(
        self,
        *,
        indicator: str,
        classes: tuple[str, str] = ("small", "large"),
        over: Sequence[str] = ("branch",),
        definition: str | Definition | None = None,
        expect: Expect = None,
        alpha: float = 0.05,
        n_boot: int = 10_000,
        seed: int = 0,
    ) -> None:
        self.indicator = indicator
        self.classes = classes
        self.over = over
        self.definition = definition
        self.expect = expect
        self.alpha = alpha
        self.n_boot = n_boot
        self.seed = seed

    def compute(self, data: Dataset | ir.Table) -> ComparisonResult:
        import numpy as np

        pairs = self._pairs(data)
        a, b = self.classes
        diff = (pairs[a] - pairs[b]).to_numpy(dtype=float)
        n = len(diff)
        base: dict[str, Any] = {
            "indicator": self.indicator,
            "classes": (a, b),
            "over": tuple(self.over),
            "n": n,
            "n_higher": int((diff > 0).sum()),
            "pairs": pairs,
        }
        if n < MIN_PAIRS or not np.any(diff):
            reason = f"{n} pairs" if n < MIN_PAIRS else "all differences are zero"
            return ComparisonResult(
                **base,
                median_difference=float(np.median(diff)) if n else None,
                ci_low=None,
                ci_high=None,
                statistic=None,
                p_value=None,
                effect_size=None,
                direction="undetermined",
                verdict_en=f"Too little to test ({reason}; at least {MIN_PAIRS} needed).",
                verdict_fa=_fa(f"داده برای آزمون کافی نیست ({n} جفت؛ دست‌کم {MIN_PAIRS} لازم است)."),
            )
        from scipy.stats import rankdata, wilcoxon

        statistic, p_value = wilcoxon(diff)
        nonzero = diff[diff != 0]
        ranks = rankdata(np.abs(nonzero))
        effect = float((ranks[nonzero > 0].sum() - ranks[nonzero < 0].sum()) / ranks.sum())
        rng = np.random.default_rng(self.seed)
        medians = np.median(diff[rng.integers(0, n, size=(self.n_boot, n))], axis=1)
        low, high = (float(x) for x in np.percentile(medians, [2.5, 97.5]))
        median = float(np.median(diff))
        significant = p_value < self.alpha and (low > 0 or high < 0)
        direction = ("greater" if median > 0 else "less") if significant else "no difference"
        en, fa = self._verdict(
            n, int((diff > 0).sum()), median, low, high, float(p_value), direction
        )
        return ComparisonResult(
            **base,
            median_difference=median,
            ci_low=low,
            ci_high=high,
            statistic=float(statistic),
            p_value=float(p_value),
            effect_size=effect,
            direction=direction,
            verdict_en=en,
            verdict_fa=fa,
        )

    def _pairs(self, data: Dataset | ir.Table) -> pd.DataFrame:
        over = list(self.over)
        table = Indicators(by=over, definition=self.definition).compute(data)
        if self.indicator not in table.columns:
            raise InputError(
                f"unknown indicator '{self.indicator}' for this input; it has "
                + ", ".join(c for c in table.columns if c not in {*over, "size_class"}),
                file=source_of(data),
            )
        frame = table.select(*over, "size_class", self.indicator).to_pandas()
        present = set(frame["size_class"])
        missing = [c for c in self.classes if c not in present]
        if missing:
            raise InputError(
                f"size class {', '.join(missing)} is not in the input under this definition "
                f"(it has {', '.join(sorted(present))}); choose with --classes",
                file=source_of(data),
            )
        wide = frame.pivot_table(
            index=over, columns="size_class", values=self.indicator, aggfunc="first"
        )
        return wide[list(self.classes)].dropna().reset_index()

    def _label(self, name: str) -> str:
        """A class's Persian label from its definition, where it has one."""
        from kargah.stats._classified import resolve_definition

        definition = resolve_definition(self.definition)
        if definition is not None:
            for size_class in definition.classes:
                if size_class.name == name:
                    return size_class.title("fa")
        return name

    def _verdict(
        self, n: int, higher: int, median: float, low: float, high: float, p: float, direction: str
    ) -> tuple[str, str]:
        a, b = self.classes
        a_fa, b_fa = (self._label(c) for c in self.classes)
        over = " × ".join(self.over)
        numbers = (
            f"median difference {median:.4g} (95% CI {low:.4g} to {high:.4g}), "
            f"Wilcoxon p = {p:.3g}, n = {n}"
        )
        numbers_fa = (
            f"میانهٔ تفاوت {_fa_number(median)} (بازهٔ اطمینان ۹۵٪: {_fa_number(low)} تا "
            f"{_fa_number(high)})، p ویلکاکسون = {_fa_number(p, 3)}، n = {n}"
        )
        if direction == "no difference":
            en = f"No clear difference in {self.indicator} between {a} and {b} over {over}"
            fa = f"تفاوت روشنی در {self.indicator} میان {a_fa} و {b_fa} در {over} دیده نمی‌شود"
        else:
            word = "higher" if direction == "greater" else "lower"
            word_fa = "بیشتر" if direction == "greater" else "کمتر"
            en = f"{self.indicator} is {word} for {a} than for {b} ({higher} of {n} {over} higher)"
            fa = f"{self.indicator} در {a_fa} از {b_fa} {word_fa} است ({higher} از {n} مورد بیشتر)"
        if self.expect is not None:
            supported = direction == self.expect
            en += ": hypothesis supported" if supported else ": hypothesis not supported"
            fa += "؛ فرضیه تأیید می‌شود" if supported else "؛ فرضیه تأیید نمی‌شود"
        return f"{en}; {numbers}.", _fa(f"{fa}؛ {numbers_fa}.")


def _fa_number(value: float, significant: int = 4) -> str:
    """A number for a Persian sentence: plain decimals however small (in a right-to-left line
    the neutral pieces of ``5.1e-10`` come out reversed, and WeasyPrint honours no isolate), a
    real minus sign, isolated left to right for readers that do honour it."""
    if value == 0 or not math.isfinite(value):
        text = f"{value:g}"
    else:
        places = max(0, significant - 1 - math.floor(math.log10(abs(value))))
        text = f"{value:.{places}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    return "\u2066" + text.replace("-", "−") + "\u2069"


def _fa(text: str) -> str:
    """Persian digits, and the Persian decimal mark between digits."""
    import re

    from persiantools.digits import en_to_fa

    return str(en_to_fa(re.sub(r"(?<=\d)\.(?=\d)", "٫", text)))
