"""The history page's charts: Iran's first factories on a timeline (Jalali years on Persian
pages, Gregorian on English ones), and on a map over today's workshops of one trade."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kargah.web.charts._base import PERSIAN_NUMBERS, Chart, _altair, _inline, _spec, _table


def factory_timeline(factories: Iterable[dict[str, Any]], title: str) -> Chart:
    """The dated factories (``first_factories`` records, labels already in the reader's
    language: ``trade_label``, ``name``, ``founders``, ``place_label``, ``fate_label``,
    ``written``, the years as written spans ``jalali`` and ``gregorian``) as points on a line
    of years, one row per trade, coloured by trade. A lunar year spans two solar years: the
    point stands at the first, the tooltip gives both. Years run in the reading direction
    (right to left on a Persian page)."""
    alt = _altair()
    import pandas as pd

    fa = get_language() == "fa"
    first, span = ("jalali_from", "jalali") if fa else ("gregorian_from", "gregorian")
    data = pd.DataFrame(
        [
            {"year": int(f[first]), "years": f[span],
             "trade": f["trade_label"], "name": f["name"], "founders": f["founders"] or "—",
             "place": f["place_label"] or "—", "fate": f["fate_label"], "written": f["written"]}
            for f in factories if f[first] is not None
        ]
    )  # fmt: skip
    year = _("Year (Jalali)") if fa else _("Year (Gregorian)")
    trade, name, founders = _("Trade"), _("Factory"), _("Founders")
    place, fate, written = _("Place"), _("Fate"), _("Year in the thesis")
    chart = (
        alt.Chart(_inline(data), title=title)
        .mark_circle(size=140, opacity=0.85)
        .encode(
            x=alt.X("year:Q", title=year, scale=alt.Scale(zero=False, padding=12, reverse=fa),
                    axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("trade:N", title=None, sort=alt.EncodingSortField("year", op="min"),
                    axis=alt.Axis(orient="right" if fa else "left")),
            color=alt.Color("trade:N", title=trade, legend=None),
            tooltip=[alt.Tooltip("name:N", title=name), alt.Tooltip("trade:N", title=trade),
                     alt.Tooltip("founders:N", title=founders),
                     alt.Tooltip("place:N", title=place), alt.Tooltip("years:N", title=year),
                     alt.Tooltip("written:N", title=written), alt.Tooltip("fate:N", title=fate)],
        )
        .properties(width="container")
    )  # fmt: skip
    columns, rows = _table(
        data.sort_values("year").to_dict("records"),
        [("years", year, "text"), ("trade", trade, "text"), ("name", name, "text"),
         ("founders", founders, "text"), ("place", place, "text"), ("fate", fate, "text")],
    )  # fmt: skip
    return Chart("timeline", title, _spec(chart), columns, rows)


def factory_map(
    provinces: list[dict[str, Any]], points: list[dict[str, Any]], title: str, rows: list[Any]
) -> Chart:
    """Today's workshops of a trade's branches per province (``provinces``: the registry map's
    province features, :func:`kargah.web.charts.province_features`) with the old factories of
    that trade as circles at their towns (``points``: ``lat``, ``lon``, ``place``, ``names``,
    ``n``). ``rows``: the table beside it (province, factories then, workshops now)."""
    alt = _altair()

    workshops, place = _("Workshops today"), _("Place")
    shapes = (
        alt.Chart(alt.NamedData(name="provinces"))
        .mark_geoshape(stroke="white", strokeWidth=0.7)
        .encode(
            color=alt.Color("properties.n:Q", title=workshops,
                            scale=alt.Scale(scheme="blues", domainMin=0),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("properties.name:N", title=_("Province")),
                     alt.Tooltip("properties.label:N", title=workshops)],
        )
    )  # fmt: skip
    factories = (
        alt.Chart(alt.NamedData(name="points"))
        .mark_circle(color="#d63939", stroke="white", opacity=0.9)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size("n:Q", title=_("Factories then"), scale=alt.Scale(range=[80, 400]),
                          legend=None),
            tooltip=[alt.Tooltip("place:N", title=place),
                     alt.Tooltip("names:N", title=_("Factories then"))],
        )
    )  # fmt: skip
    # the title starts where the reader starts, over the whole chart (centred, a long one ran
    # off a phone's edge)
    anchor = "end" if get_language() == "fa" else "start"
    chart = (
        alt.layer(shapes, factories, title=alt.TitleParams(title, anchor=anchor, frame="bounds"))
        .project(type="mercator")
        .properties(width="container", height=380)
    )
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec["datasets"] = {"provinces": provinces, "points": points}
    if get_language() == "fa":  # legend numbers in Persian digits too
        spec.setdefault("config", {})["locale"] = {"number": PERSIAN_NUMBERS}
    columns = [_("Province"), _("Factories then"), workshops]
    return Chart("places", title, spec, columns, rows)
