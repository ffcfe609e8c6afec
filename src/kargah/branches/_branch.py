"""Branch codes: ISIC revisions checked against their list, NAICS and NACE checked by shape."""

from __future__ import annotations

import re

from kargah.branches._isic import SECTIONS, items
from kargah.errors import OptionError
from kargah.text import ascii_digits

_SHAPES = {
    "naics": re.compile(r"^\d{2,6}(-\d{2,6})?$"),  # "23", "31-33", "3361"
    "nace": re.compile(r"^[A-U](\d{2}(\.\d{1,2})?)?$|^\d{2}(\.\d{1,2})?$"),
}


def systems() -> list[str]:
    return [*SECTIONS, *_SHAPES]


def canonical_code(code: object) -> str:
    """Persian digits to ASCII, spaces trimmed: "۱۳" → "13"."""
    return ascii_digits(str(code)).strip()


def is_valid(code: object, system: str = "isic4") -> bool:
    """Whether a code belongs to the classification.

    >>> is_valid("1311"), is_valid("13"), is_valid("C"), is_valid("9999")
    (True, True, True, False)
    >>> is_valid("31-33", "naics")
    True
    """
    text = canonical_code(code)
    if system in SECTIONS:
        return text in items(system)
    if system in _SHAPES:
        return bool(_SHAPES[system].match(text))
    raise OptionError(f"unknown branch system '{system}'; known: {', '.join(systems())}")


def codes(system: str = "isic4") -> list[str]:
    """Every code of an ISIC revision (sections, divisions, groups, classes and Iran's
    five-digit activities), in order; empty for NAICS and NACE (checked by shape, not listed).

    >>> "1079" in codes() and "C" in codes()
    True
    """
    if system in SECTIONS:
        return sorted(items(system))
    if system in _SHAPES:
        return []
    raise OptionError(f"unknown branch system '{system}'; known: {', '.join(systems())}")


def title(code: object, system: str = "isic4", lang: str = "en") -> str | None:
    """The title of an ISIC code in English or Persian, None if unknown (or not shipped: NAICS
    and NACE have no titles here)."""
    if system not in SECTIONS:
        return None
    titles = items(system).get(canonical_code(code))
    return None if titles is None else titles.get(lang) or titles.get("en")


__all__ = ["canonical_code", "codes", "is_valid", "systems", "title"]
