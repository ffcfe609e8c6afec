"""Cells as official tables write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kargah.tables import is_jalali, is_total_label, parse_number, to_gregorian, to_jalali


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,405,950", 1405950.0),
        ('"6,294,604"'.strip('"'), 6294604.0),
        ("۱٬۴۰۵٬۹۵۰", 1405950.0),
        ("١٤٠٥٩٥٠", 1405950.0),
        ("۲۶٫۹", 26.9),
        ("26.9", 26.9),
        ("1 405 950", 1405950.0),
        ("1\u00a0405\u00a0950", 1405950.0),
        ("1'405'950", 1405950.0),
        ("۱،۰۰۰", 1000.0),
        ("0", 0.0),
        ("-3", -3.0),
        (12, 12.0),
        (3.5, 3.5),
    ],
)
def test_numbers(text: object, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", " ", "-", "—", "NA", "n/a", "(D)", "(S)", "..", None])
def test_missing(text: object) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["12x", "abc", "1.2.3", "۱۲ نفر"])
def test_not_numbers_raise(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@given(st.text(max_size=12))
def test_any_text_is_a_number_a_gap_or_a_value_error(text: str) -> None:
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert value is None or isinstance(value, float)


@pytest.mark.parametrize(
    "label", ["Total", "01: Total", "total", "--", "جمع", "کل", "جمع کل", " جمع "]
)
def test_total_labels(label: str) -> None:
    assert is_total_label(label)


@pytest.mark.parametrize("label", ["10-19", "02: <5 employees", "31", "small", None, "کلاس"])
def test_not_total_labels(label: object) -> None:
    assert not is_total_label(label)


def test_years_in_both_calendars() -> None:
    assert is_jalali(1353) and not is_jalali(1974)
    assert to_gregorian(1353) == 1974 and to_gregorian(1375) == 1996
    assert to_jalali(1974) == 1353 and to_jalali(1400) == 1400


@given(st.integers(min_value=1200, max_value=1500))
def test_jalali_round_trip(year: int) -> None:
    assert to_jalali(to_gregorian(year)) == year
