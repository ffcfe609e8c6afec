"""Iran's first factories (thesis, chapter 4) as reference data: every row has a source, a trade
of the vocabulary, a known place, and years that agree with the calendar libraries."""

from __future__ import annotations

import datetime

import pytest
from convertdate import islamic
from persiantools.jdatetime import JalaliDate

from kargah.errors import InputError
from kargah.registry import counties, provinces
from kargah.stats import factory_trades, first_factories, reference_tables, year_span
from kargah.stats._factories import CALENDARS, FATES


def test_every_row_has_a_source_a_trade_a_fate_and_names_in_both_languages() -> None:
    frame = first_factories()
    assert len(frame) >= 30 and frame["id"].is_unique
    trades = factory_trades()
    for row in frame.itertuples():
        assert row.source and row.source.startswith("Thesis 000, chapter 4"), row.id
        assert row.trade in trades and row.name_fa and row.name_en, row.id
        assert row.fate in FATES and (row.calendar or "unstated") in CALENDARS, row.id
        if row.fate == "closed":  # a closed works says why, or that the thesis does not
            assert row.reason_fa and row.reason_en, row.id
        if row.capital is not None:
            assert row.currency in {"lira", "toman", "franc"}, row.id


def test_places_are_todays_counties_and_provinces() -> None:
    known_provinces = {p.en for p in provinces()}
    known_counties = {(c.province, c.en) for c in counties()}
    places = reference_tables()["qajar_places"]
    for place in places.itertuples():
        assert (place.province, place.county) in known_counties, place.place
        assert 25 < place.latitude < 40 and 44 < place.longitude < 64, place.place
        assert place.source
    frame = first_factories()
    assert set(frame["place"].dropna()) <= set(places["place"])
    assert set(frame["province"].dropna()) <= known_provinces
    by_place = places.set_index("place")["province"]
    for row in frame[frame["place"].notna()].itertuples():
        assert by_place[row.place] == row.province, row.id


@pytest.mark.parametrize("row", first_factories().to_dict("records"), ids=lambda r: r["id"])
def test_years_agree_with_the_calendar_libraries(row: dict) -> None:
    year, calendar = row["year"], row["calendar"]
    stored = (row["gregorian_from"], row["gregorian_to"], row["jalali_from"], row["jalali_to"])
    if year is None or calendar == "unstated":
        assert stored == (None, None, None, None)  # nothing is guessed
        return
    if calendar == "lunar":  # 1 Muharram to the last day of Dhu al-Hijja
        first = datetime.date(*islamic.to_gregorian(year, 1, 1))
        last = datetime.date(*islamic.to_gregorian(year, 12, islamic.month_length(year, 12)))
        assert stored[1] - stored[0] <= 1  # about 354 days: at most two Gregorian years
    else:
        assert calendar == "solar"
        first = JalaliDate(year, 1, 1).to_gregorian()
        last = JalaliDate(year, 12, 29).to_gregorian()
        assert stored[2:] == (year, year)
    assert stored == (first.year, last.year, JalaliDate(first).year, JalaliDate(last).year)


def test_the_thesis_gregorian_years_fall_in_the_converted_ranges() -> None:
    """Where the thesis gives both (1308 AH "1891", 1313 AH "1896", 1321 AH "1903")."""
    frame = first_factories().set_index("id")
    for key, gregorian in [("18", 1891), ("17", 1896), ("25a", 1903)]:
        assert frame.at[key, "gregorian_from"] <= gregorian <= frame.at[key, "gregorian_to"]


def test_year_span() -> None:
    assert year_span(1313, "lunar") == ((1895, 1896), (1274, 1275))
    assert year_span(1276, "solar") == ((1897, 1898), (1276, 1276))
    assert year_span(1920, "gregorian") == ((1920, 1920), (1298, 1299))
    assert year_span(1278, "unstated") is None
    with pytest.raises(InputError):
        year_span(1300, "coptic")


def test_the_trades_name_todays_branches() -> None:
    from kargah.branches import title

    for trade, (fa, en, codes) in factory_trades().items():
        assert fa and en
        for code in codes:
            assert title(code, "isic4", "en"), (trade, code)
    reasons = reference_tables()["qajar_trades"]
    assert reasons["reasoning"].notna().all() and reasons["reasoning_fa"].notna().all()
