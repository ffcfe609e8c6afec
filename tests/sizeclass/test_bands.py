"""Size bands as published tables write them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kargah.sizeclass import (
    BandError,
    BandStraddleError,
    get_definition,
    is_total_band,
    load_definition,
    parse_band,
)


@pytest.mark.parametrize(
    ("label", "lo", "hi"),
    [
        ("<5 employees", 0, 4),
        ("02: <5 employees", 0, 4),
        ("03: 5-9 employees", 5, 9),
        ("10-19", 10, 19),
        ("10 – 19", 10, 19),
        ("500+", 500, None),
        ("09: 500+ employees", 500, None),
        ("1-4", 1, 4),
        ("under 10", 0, 9),
        ("less than 10", 0, 9),
        ("10 or more", 10, None),
        ("more than 50", 51, None),
        ("1,000+", 1000, None),
        ("۱۰ تا ۴۹ نفر", 10, 49),
        ("١٠ تا ٤٩ نفر", 10, 49),
        ("50 نفر و بیشتر", 50, None),
        ("۵۰ نفر و بیشتر", 50, None),
        ("کمتر از ۱۰ نفر", 0, 9),
        ("زیر ۱۰ نفر", 0, 9),
        ("بیش از ۵۰ نفر", 51, None),
        ("۱۰-۴۹", 10, 49),
        ("1 تا 9 نفر", 1, 9),
        ("5", 5, 5),
    ],
)
def test_parse_band(label: str, lo: int, hi: int | None) -> None:
    band = parse_band(label)
    assert (band.lo, band.hi, band.label) == (lo, hi, label)


@pytest.mark.parametrize("label", ["small", "10-", "19-10", "lots", ""])
def test_unreadable_bands_name_the_label(label: str) -> None:
    with pytest.raises(BandError, match="size band"):
        parse_band(label)


def test_totals_are_not_bands() -> None:
    assert is_total_band("01: Total") and is_total_band("جمع") and is_total_band("کل")
    assert not is_total_band("10-19")


def test_straddle_names_band_and_classes() -> None:
    with pytest.raises(BandStraddleError) as caught:
        get_definition("sci-iran").classify_band(20, 99, "06: 20-99 employees")
    message = str(caught.value)
    assert "'06: 20-99 employees'" in message and "medium and large" in message
    assert caught.value.classes == ["medium", "large"]


def test_band_inside_one_class_or_none() -> None:
    sci = get_definition("sci-iran")
    assert sci.classify_band(10, 19) == "medium"
    assert sci.classify_band(500, None) == "large"
    ministry = get_definition("ministry-of-industries")
    assert ministry.classify_band(0, 4) is None
    with pytest.raises(BandStraddleError, match="small and unclassified"):
        ministry.classify_band(5, 9)


def test_every_susb_band_parses_and_fits_a_user_definition(
    susb: Path, user_definition: Path
) -> None:
    with susb.open(encoding="utf-8-sig") as handle:
        labels = {row["Enterprise_Size"] for row in csv.DictReader(handle)}
    mine = load_definition(user_definition)
    classes = {}
    for label in labels:
        if is_total_band(label):
            continue
        band = parse_band(label)
        classes[label] = mine.classify_band(band.lo, band.hi, label)
    assert len(classes) == 6 and set(classes.values()) == {"small", "medium", "large"}
    with pytest.raises(BandStraddleError):
        band = parse_band("06: 20-99 employees")
        get_definition("sci-iran").classify_band(band.lo, band.hi, band.label)


@given(
    st.integers(0, 400),
    st.integers(0, 400),
    st.sampled_from(["sci-iran", "world-bank-es", "central-bank-1359"]),
)
def test_a_band_not_straddling_has_the_class_of_every_head_count_in_it(
    a: int, b: int, definition: str
) -> None:
    lo, hi = min(a, b), max(a, b)
    d = get_definition(definition)
    try:
        found = d.classify_band(lo, hi)
    except BandStraddleError:
        assert len({d.classify_values({"employees": n}) for n in range(lo, hi + 1)}) > 1
        return
    assert all(d.classify_values({"employees": n}) == found for n in range(lo, hi + 1))


def test_a_band_cannot_be_classified_by_capital() -> None:
    from kargah.errors import KargahError

    with pytest.raises(KargahError, match="uses more than head counts"):
        get_definition("jihad-sazandegi").classify_band(0, 9)
