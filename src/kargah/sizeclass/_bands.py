"""Size bands as published tables label them: "<5 employees", "10-19", "500+", "۱۰ تا ۴۹ نفر",
"50 نفر و بیشتر". Each is parsed into a range of persons (both ends included)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kargah.errors import KargahError
from kargah.tables import is_total_label
from kargah.text import ascii_digits


class BandError(KargahError):
    """A size band label that cannot be read as a range of persons."""


class BandStraddleError(KargahError):
    """A band that lies across two classes of a definition: its rows cannot be given to one."""

    def __init__(self, band: str, definition: str, classes: list[str]) -> None:
        self.band, self.definition, self.classes = band, definition, classes
        super().__init__(
            f"size band '{band}' straddles the classes {' and '.join(classes)} of definition "
            f"'{definition}': the table cannot be classified under it (choose a definition whose "
            "limits fall between the bands)"
        )


@dataclass(frozen=True)
class EmployeeBand:
    lo: int
    hi: int | None  # None: open-ended ("500+")
    label: str

    def __str__(self) -> str:
        return f"{self.lo}+" if self.hi is None else f"{self.lo}–{self.hi}"


_PREFIX = re.compile(r"^\s*\d+\s*:\s*")  # "03: 5-9 employees" (US SUSB)
_WORDS = re.compile(
    r"employees?|persons?|workers?|people|staff|نفره|نفر|کارکن|شاغل|کارگر", re.IGNORECASE
)
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\d+)\s*(?:-|–|—|to|تا)\s*(\d+)$"), "range"),
    (re.compile(r"^(?:<|under|less than|fewer than|below|کمتر از|زیر)\s*(\d+)$"), "under"),
    (re.compile(r"^(?:<=|≤|up to|at most|حداکثر|تا)\s*(\d+)$"), "upto"),
    (
        re.compile(r"^(\d+)\s*(?:\+|or more|and more|and over|or over|و بیشتر|و بالاتر|به بالا)$"),
        "from",
    ),
    (re.compile(r"^(?:>=|≥|at least|حداقل)\s*(\d+)$"), "from"),
    (re.compile(r"^(?:>|more than|over|above|بیش از|بیشتر از)\s*(\d+)$"), "over"),
    (re.compile(r"^(\d+)$"), "single"),
]


def is_total_band(label: object) -> bool:
    return is_total_label(label)


def parse_band(label: str) -> EmployeeBand:
    """The range of persons a band label stands for.

    >>> str(parse_band("02: <5 employees")), str(parse_band("۱۰ تا ۴۹ نفر"))
    ('0–4', '10–49')
    >>> parse_band("50 نفر و بیشتر")
    EmployeeBand(lo=50, hi=None, label='50 نفر و بیشتر')
    """
    text = _WORDS.sub(" ", _PREFIX.sub("", ascii_digits(str(label)))).replace(",", "")
    text = " ".join(text.replace("\u200c", " ").split()).lower()
    for pattern, kind in _PATTERNS:
        found = pattern.match(text)
        if not found:
            continue
        n = int(found.group(1))
        if kind == "range":
            hi = int(found.group(2))
            if hi < n:
                raise BandError(f"size band '{label}': the range runs backwards ({n} to {hi})")
            return EmployeeBand(n, hi, str(label))
        lo, hi_ = {
            "under": (0, n - 1),
            "upto": (0, n),
            "from": (n, None),
            "over": (n + 1, None),
            "single": (n, n),
        }[kind]
        return EmployeeBand(lo, hi_, str(label))
    raise BandError(
        f"size band '{label}' is not a range of persons Kargah can read "
        "(forms it reads: '10-19', '<5', '500+', '۱۰ تا ۴۹ نفر', '50 نفر و بیشتر', "
        "'کمتر از ۱۰ نفر')"
    )
