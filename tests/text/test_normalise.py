"""One word, many keyboards: one search key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kargah.text import ascii_digits, normalise, persian_digits


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("كارخانه", "کارخانه"),  # Arabic kaf
        ("علي", "علی"),  # Arabic yeh
        ("كارگاه‌ها", "کارگاه ها"),  # ZWNJ against a space
        ("رشت ۱۲", "رشت 12"),
        ("رشت ١٢", "رشت 12"),  # Arabic-Indic digits
        ("مَدرِسه", "مدرسه"),  # diacritics
        ("خانة", "خانه"),  # teh marbuta
        ("  Rasht   County ", "rasht county"),
    ],
)
def test_same_key(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


def test_different_words_stay_different() -> None:
    assert normalise("رشت") != normalise("لاهیجان")


@given(st.text(max_size=30))
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


def test_digits_both_ways() -> None:
    assert ascii_digits("۱۴۰۴٫۵") == "1404.5"
    assert persian_digits("1404") == "۱۴۰۴"
    assert normalise(None) == ""
