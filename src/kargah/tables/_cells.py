"""What a cell may hold: numbers with thousands separators and Persian or Arabic digits, Jalali or
Gregorian years, and the labels that mark a total row."""

from __future__ import annotations

import re

from kargah.text import ascii_digits

#: Thousands separators seen in official tables: comma, Arabic thousands sign and comma,
#: apostrophe, spaces (also no-break and thin).
SEPARATORS = re.compile(r"[,٬،'’\s\u00a0\u202f\u2009]")
#: Cells that mean "no figure": empty, dashes, and the suppression flags of census tables.
MISSING = frozenset(
    {"", "-", "–", "—", "na", "n/a", "nan", "null", "..", "…", "(d)", "(s)", "(x)", "*"}
)

TOTAL_LABELS = frozenset(
    {"total", "all", "--", "جمع", "کل", "جمع کل", "کل کشور", "all sizes", "all industries"}
)
_CODE_PREFIX = re.compile(r"^\s*\d+\s*:\s*")  # "01: Total" in the US SUSB file

#: A year below this is Jalali. 1353 ↔ 1974: the offset the thesis uses (1353–1375 = 1974–1996).
JALALI_BELOW = 1700
JALALI_OFFSET = 621


def is_blank(value: object) -> bool:
    """True for a cell that holds nothing: None, NaN (an empty cell read by pandas) or spaces.

    >>> is_blank(None), is_blank(float("nan")), is_blank("  "), is_blank(0), is_blank("-")
    (True, True, True, False, False)
    """
    return value is None or value != value or str(value).strip() == ""


def parse_number(text: object) -> float | None:
    """A cell as a number; None where the cell says there is no figure.

    >>> parse_number("1,405,950"), parse_number("۱٬۴۰۵٬۹۵۰"), parse_number("٣٫٥"), parse_number("-")
    (1405950.0, 1405950.0, 3.5, None)
    """
    if text is None:
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        return None if text != text else float(text)  # NaN is missing
    cleaned = SEPARATORS.sub("", ascii_digits(str(text)))
    if cleaned.lower() in MISSING:
        return None
    return float(cleaned)  # ValueError for the caller to report with file, row and column


def is_total_label(text: object) -> bool:
    """True for the labels of total rows: "Total", "01: Total", "--", "جمع", "کل".

    >>> is_total_label("01: Total"), is_total_label("جمع کل"), is_total_label("10-19")
    (True, True, False)
    """
    if text is None:
        return False
    label = _CODE_PREFIX.sub("", str(text)).strip().lower().replace("\u200c", " ")
    return label in TOTAL_LABELS


def is_jalali(year: int) -> bool:
    return year < JALALI_BELOW


def to_gregorian(year: int) -> int:
    """The Gregorian year of a Jalali one (by +621); a Gregorian year unchanged.

    >>> to_gregorian(1353), to_gregorian(1974)
    (1974, 1974)
    """
    return year + JALALI_OFFSET if is_jalali(year) else year


def to_jalali(year: int) -> int:
    """The Jalali year of a Gregorian one (by −621); a Jalali year unchanged.

    >>> to_jalali(1996), to_jalali(1375)
    (1375, 1375)
    """
    return year if is_jalali(year) else year - JALALI_OFFSET


def valid_year(year: float) -> bool:
    """Jalali 1200–1500 or Gregorian 1800–2200, whole."""
    return year == int(year) and (1200 <= year <= 1500 or 1800 <= year <= 2200)
