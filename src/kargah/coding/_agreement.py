"""Agreement between coders: Cohen's kappa (two coders, every unit coded by both) and
Krippendorff's alpha for nominal data (any number of coders, missing codings allowed).

Written from the definitions (Cohen 1960; Krippendorff 2011, "Computing Krippendorff's
Alpha-Reliability") so the web site needs no numerical library to show them; the tests check
both against scikit-learn's ``cohen_kappa_score`` and the ``krippendorff`` package.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kargah.errors import InputError

Code = Hashable


def cohen_kappa(first: Sequence[Code], second: Sequence[Code]) -> float:
    """Cohen's kappa of two coders' codes for the same units, in the same order.

    >>> cohen_kappa(["a", "a", "b", "b"], ["a", "a", "b", "a"])
    0.5
    """
    if len(first) != len(second):
        raise InputError("the two coders must code the same units")
    n = len(first)
    if n == 0:
        raise InputError("no units coded by both coders")
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    left, right = Counter(first), Counter(second)
    expected = sum(left[c] * right[c] for c in left) / (n * n)
    if expected == 1:
        return 1.0  # both coders used one and the same code throughout: nothing to disagree on
    return (observed - expected) / (1 - expected)


def percent_agreement(first: Sequence[Code], second: Sequence[Code]) -> float:
    """The share of units two coders gave the same code (same units, same order).

    >>> percent_agreement(["a", "a", "b", "b"], ["a", "a", "b", "a"])
    0.75
    """
    if len(first) != len(second):
        raise InputError("the two coders must code the same units")
    if not first:
        raise InputError("no units coded by both coders")
    return sum(a == b for a, b in zip(first, second, strict=True)) / len(first)


def code_agreement(first: Sequence[Code], second: Sequence[Code]) -> list[dict[str, Any]]:
    """Agreement per code of two coders on the same units: how often each used it, how often
    both did on one unit, and the proportion of specific agreement 2·both / (first + second)
    (Uebersax 1982), most used codes first.

    >>> [(r["code"], r["both"], r["specific"]) for r in code_agreement("aab", "abb")]
    [('a', 1, 0.6666666666666666), ('b', 1, 0.6666666666666666)]
    """
    if len(first) != len(second):
        raise InputError("the two coders must code the same units")
    left, right = Counter(first), Counter(second)
    both = Counter(a for a, b in zip(first, second, strict=True) if a == b)
    rows = [
        {"code": code, "first": left[code], "second": right[code], "both": both[code],
         "specific": 2 * both[code] / (left[code] + right[code])}
        for code in left | right
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (-(r["first"] + r["second"]), str(r["code"])))


def krippendorff_alpha(units: Mapping[Hashable, Iterable[Code | None]] | Iterable[Any]) -> float:
    """Krippendorff's alpha, nominal: ``units`` maps each unit to the codes its coders gave
    (None for a coder who did not code it), or is a list of such lists.

    Units with fewer than two codes are not pairable and drop out, as the definition says.

    >>> round(krippendorff_alpha([["a", "a"], ["b", "b"], ["a", "b"]]), 3)
    0.444
    """
    values: Iterable[Any] = units.values() if isinstance(units, Mapping) else units
    coincidence: dict[tuple[Code, Code], float] = defaultdict(float)
    for codes in values:
        present = [c for c in codes if c is not None]
        m = len(present)
        if m < 2:
            continue
        counts = Counter(present)
        for c, nc in counts.items():
            for k, nk in counts.items():
                pairs = nc * (nk - 1) if c == k else nc * nk
                coincidence[c, k] += pairs / (m - 1)
    totals: dict[Code, float] = defaultdict(float)
    for (c, _), value in coincidence.items():
        totals[c] += value
    n = sum(totals.values())
    if n <= 1:
        raise InputError("no unit was coded by two or more coders")
    observed = sum(v for (c, k), v in coincidence.items() if c != k)
    expected = n * n - sum(t * t for t in totals.values())  # pairs of different codes, × n - 1
    if expected == 0:
        return 1.0  # a single code used everywhere: perfect agreement, alpha undefined otherwise
    return 1 - (n - 1) * observed / expected


@dataclass(frozen=True)
class Agreement:
    """Agreement over a set of codings (rows of unit, coder, code)."""

    units: int
    coders: int
    krippendorff_alpha_nominal: float | None
    cohen_kappa: float | None
    #: units that both of two coders coded (the ones kappa is computed on)
    paired_units: int

    @classmethod
    def compute(
        cls, codings: Iterable[tuple[Any, ...]], *, without_assisted: bool = False
    ) -> Agreement:
        """From (unit, coder, code) triples; a missing code (None or "") means not coded.
        Kappa is given only for exactly two coders, on the units both coded. A fourth item,
        true for a coding made by accepting a machine suggestion, lets ``without_assisted``
        leave such codings out (the coder then counts as not having coded that unit)."""
        by_unit: dict[Hashable, dict[Hashable, Code]] = defaultdict(dict)
        coders: set[Hashable] = set()
        for unit, coder, code, *assisted in codings:
            if without_assisted and assisted and assisted[0]:
                code = None
            coders.add(coder)
            if code is None or code == "":
                by_unit.setdefault(unit, {})
                continue
            by_unit[unit][coder] = code
        order = sorted(coders, key=str)
        table = [[codes.get(c) for c in order] for codes in by_unit.values()]
        try:
            alpha: float | None = krippendorff_alpha(table)
        except InputError:
            alpha = None
        kappa = None
        paired = [row for row in table if all(v is not None for v in row)]
        if len(order) == 2 and paired:
            kappa = cohen_kappa([r[0] for r in paired], [r[1] for r in paired])
        return cls(len(by_unit), len(order), alpha, kappa, len(paired))

    def as_dict(self) -> dict[str, Any]:
        return {
            "units": self.units,
            "coders": self.coders,
            "krippendorff_alpha_nominal": self.krippendorff_alpha_nominal,
            "cohen_kappa": self.cohen_kappa,
        }


def read_codings(
    path: str | Path, *, without_assisted: bool = False
) -> list[tuple[str, str, str | None]]:
    """A CSV/XLSX with columns ``unit, coder, code`` (code may be empty) as triples; names the
    row of every bad line. An optional column ``assisted`` (1, true, yes, بله) marks codings made
    by accepting a machine suggestion: ``without_assisted`` reads them as not coded."""
    from kargah.coding._files import read_columns
    from kargah.text import yes_no

    frame, problems = read_columns(
        path, ("unit", "coder", "code"), required=("unit", "coder"), optional=("assisted",)
    )
    # An unreadable flag is not a suggestion's: the coding counts like any other.
    flags = (
        [yes_no(v) is True for v in frame["assisted"]]
        if "assisted" in frame
        else [False] * len(frame)
    )
    rows: list[tuple[str, str, str | None]] = []
    for (unit, coder, code), assisted in zip(
        frame[["unit", "coder", "code"]].itertuples(index=False), flags, strict=True
    ):
        unit, coder = _text(unit), _text(coder)
        if unit is not None and coder is not None:
            rows.append((unit, coder, None if without_assisted and assisted else _text(code)))
    if problems:
        raise InputError(f"{len(problems)} bad cell(s)", file=path, problems=problems)
    seen: dict[tuple[str, str], str | None] = {}
    for unit, coder, code in rows:
        if (unit, coder) in seen and seen[unit, coder] != code:
            raise InputError(f"coder '{coder}' gives unit '{unit}' two different codes", file=path)
        seen[unit, coder] = code
    return rows


def _text(value: object) -> str | None:
    from kargah.tables import is_blank
    from kargah.text import normalise

    # Codes compare as their normalised form: "بانك" and "بانک" are one code.
    return None if is_blank(value) else normalise(value)
