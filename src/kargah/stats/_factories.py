"""Iran's first factories (the thesis, chapter 4): the late-Qajar works the thesis lists, as
reference data.

They live here, beside the census counts and the cross-country table, because they are the same
kind of thing: published facts with their source, shipped as CSV in ``kargah/data/reference``
and read through :func:`reference_tables` — a shelf of the thesis's figures that the statistics
read, not a part of their own with models or a workflow. Three tables:

- ``qajar_factories``: one row per factory (trade, names in fa/en, founders, place, capital,
  workers, the year as the thesis writes it and its calendar, that year as Gregorian and Jalali
  ranges, fate and reason, source);
- ``qajar_trades``: the trades' controlled vocabulary with fa/en labels and today's ISIC Rev.4
  classes for each, with the reasoning;
- ``qajar_places``: approximate coordinates of the places named, with their source.

Years are converted with maintained calendar libraries: ``persiantools`` (Jalali ↔ Gregorian)
and ``convertdate`` (the arithmetic Islamic calendar; ``hijridate``'s Umm al-Qura tables start
in 1343 AH, after every year here). A lunar year is about 354 days, so it spans two Gregorian
years, and two Jalali years: the ranges are stored, first and last.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from kargah.errors import InputError
from kargah.stats._reference import reference_tables

if TYPE_CHECKING:
    import pandas as pd

#: How the thesis writes a year: ``lunar`` (ه.ق), ``solar`` (ه.ش), ``gregorian`` (میلادی), or
#: ``unstated`` (a bare number: no conversion is guessed).
CALENDARS = ("lunar", "solar", "gregorian", "unstated")
FATES = ("closed", "working", "unknown")
#: Whole numbers that may be missing (pandas reads them as floats).
COUNTS = ("capital", "workers", "year", "gregorian_from", "gregorian_to", "jalali_from",
          "jalali_to")  # fmt: skip


def year_span(year: int, calendar: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The Gregorian and the Jalali years a year of ``calendar`` falls in: ``((first, last),
    (first, last))``, or None for a year whose calendar the source does not state."""
    from convertdate import islamic
    from persiantools.jdatetime import JalaliDate

    if calendar == "unstated":
        return None
    if calendar == "lunar":  # 1 Muharram of the year to the day before the next one
        first = datetime.date(*islamic.to_gregorian(year, 1, 1))
        last = datetime.date(*islamic.to_gregorian(year + 1, 1, 1)) - datetime.timedelta(days=1)
    elif calendar == "solar":
        first = JalaliDate(year, 1, 1).to_gregorian()
        last = JalaliDate(year + 1, 1, 1).to_gregorian() - datetime.timedelta(days=1)
    elif calendar == "gregorian":
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    else:
        raise InputError(f"unknown calendar {calendar!r}: one of {', '.join(CALENDARS)}")
    jalali = (JalaliDate(first).year, JalaliDate(last).year)
    return (first.year, last.year), jalali


def first_factories() -> pd.DataFrame:
    """The factories with their trade's labels and their place's county, province and
    coordinates (empty where the thesis names no town), in the thesis's order."""
    tables = reference_tables()
    trades = tables["qajar_trades"][["trade", "trade_fa", "trade_en", "isic4"]]
    places = tables["qajar_places"][["place", "place_fa", "county", "latitude", "longitude"]]
    frame = tables["qajar_factories"].merge(trades, on="trade", how="left")
    frame = frame.merge(places, on="place", how="left")
    frame = frame.astype({c: "Int64" for c in COUNTS})
    return frame.astype(object).where(frame.notna(), None)


def factory_trades() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Each trade: (Persian label, English label, today's ISIC Rev.4 class prefixes)."""
    return {
        r.trade: (r.trade_fa, r.trade_en, tuple(str(r.isic4).split()) if r.isic4 == r.isic4 else ())
        for r in reference_tables()["qajar_trades"].itertuples()
    }
