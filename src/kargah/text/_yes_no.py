"""Yes or no as people type it in a spreadsheet: English or Persian words, 1/0 in any script."""

from __future__ import annotations

from kargah.text._normalise import normalise

#: The spellings, as search keys (so "۱", "١" and "1", "YES" and "yes" are one). "1.0"/"0.0": a
#: spreadsheet's number column read as floats.
_YES = frozenset(normalise(w) for w in ("1", "1.0", "true", "yes", "y", "بله", "بلی", "آری"))
_NO = frozenset(normalise(w) for w in ("0", "0.0", "false", "no", "n", "خیر", "نه"))


def yes_no(value: object) -> bool | None:
    """True for a yes (1, true, yes, y, بله, آری, ۱), False for a no (0, false, no, n, خیر, نه, ۰),
    None for anything else, blank included: the caller says what a blank or a typo means.

    >>> yes_no("بله"), yes_no("۰"), yes_no(" YES "), yes_no("maybe")
    (True, False, True, None)
    """
    key = normalise(value)
    return True if key in _YES else False if key in _NO else None
