"""Persian text made comparable: the same word typed on an Arabic keyboard, with a zero-width
non-joiner or without, with Persian or Arabic digits, must match itself.

Built on persiantools' character and digit tables (not hazm: see docs/decisions).
"""

from __future__ import annotations

import re
import unicodedata

from persiantools.characters import ar_to_fa
from persiantools.digits import AR_TO_FA_MAP, FA_TO_EN_MAP

#: Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII, the Persian decimal mark to ".", and the
#: minus sign to "-". Built from persiantools' own tables so both scripts are covered alike.
ASCII_DIGITS: dict[int, int | str] = {
    **FA_TO_EN_MAP,
    **{ar: FA_TO_EN_MAP[fa] for ar, fa in AR_TO_FA_MAP.items() if fa in FA_TO_EN_MAP},
    ord("٫"): ".",
    ord("−"): "-",
}


#: The digits alone (no decimal mark or minus sign), for ``persian_digits``.
_DIGITS = {k: v for k, v in ASCII_DIGITS.items() if chr(k).isdigit()}


def ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits as ASCII ones.

    >>> ascii_digits("۱۳۵۳ و ١٣٧٥")
    '1353 و 1375'
    """
    return text.translate(ASCII_DIGITS)


#: Harakat and other marks that do not change a word for searching: fatha … sukun, superscript
#: alef, and the tatweel that only stretches a line.
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
#: Zero-width non-joiner and its look-alikes; for search they count as a space.
_JOINERS = re.compile("[\u200c\u200d\u200e\u200f\u00ad]")
_SPACES = re.compile(r"\s+")
#: Arabic letter forms a Persian text should not hold (heh with hamza, teh marbuta, alef forms).
_LETTERS = str.maketrans({"ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و"})


def normalise(text: object) -> str:
    """A search key: Persian letters for Arabic ones, no diacritics, ZWNJ as a space, ASCII
    digits, lower case, single spaces.

    >>> normalise("كارگاه‌هاي  رشت ۱۲") == normalise("کارگاه های رشت 12")
    True
    """
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text))
    value = str(ar_to_fa(value)).translate(_LETTERS)
    value = _MARKS.sub("", value)
    value = _JOINERS.sub(" ", value)
    value = ascii_digits(value).lower()
    return _SPACES.sub(" ", value).strip()


def persian_digits(text: object) -> str:
    """ASCII (and Arabic-Indic) digits as Persian ones, for display in Persian.

    >>> persian_digits("1404/09/03"), persian_digits("۲۳٫۳")
    ('۱۴۰۴/۰۹/۰۳', '۲۳٫۳')
    """
    from persiantools.digits import en_to_fa

    # Digits only: a Persian decimal mark (٫) already in the text stays one.
    return str(en_to_fa(str(text).translate(_DIGITS)))
