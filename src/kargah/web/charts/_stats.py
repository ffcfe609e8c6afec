"""The statistics' and the survey's charts: shares by branch and size class, census change,
response rates, the thesis's cross-country table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from kargah.web.charts._base import (
    Chart,
    _altair,
    _bars_axes,
    _inline,
    _spec,
    _table,
    class_title,
)
from kargah.web.registry.templatetags.kargah import digits


def share_by_branch(frame: Any, size_class: str, title: str) -> Chart:
    """One class's share of workshops in each ISIC division: horizontal bars labelled with the
    division's title (a code alone, cut to one character, told nobody anything)."""
    alt = _altair()
    import pandas as pd

    from kargah.branches import title as isic_title

    lang = get_language() or "fa"
    rows = frame[frame["size_class"] == size_class].sort_values("share_units", ascending=False)
    data = pd.DataFrame(
        {
            "branch": [
                f"{digits(b)} {isic_title(str(b), 'isic4', lang) or ''}".strip()
                for b in rows["branch"]
            ],
            "units": rows["units"].astype(float),
            "share": rows["share_units"].astype(float),
        }
    )
    branch, share, units = _("Branch (ISIC)"), _("Share"), _("Workshops")
    y_axis, x_scale = _bars_axes()
    chart = (
        alt.Chart(_inline(data), title=title)
        .mark_bar()
        .encode(
            y=alt.Y("branch:N", sort="-x", title=branch, axis=alt.Axis(**y_axis)),
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title=share, **x_scale),
            tooltip=[
                alt.Tooltip("branch:N", title=branch),
                alt.Tooltip("units:Q", format=",", title=units),
                alt.Tooltip("share:Q", format=".1%", title=share),
            ],
        )
        .properties(width="container")
    )
    columns, table = _table(
        data.to_dict("records"),
        [("branch", branch, "text"), ("units", units, "count"), ("share", share, "share")],
    )
    return Chart("share", title, _spec(chart), columns, table)


def census_change(values: Iterable[dict[str, Any]], title: str) -> Chart:
    """Workshops by class in two census years (``size_class``, ``year``, ``units`` records):
    lines on a log scale, 5 thousand large and 1.4 million small workshops on one chart."""
    alt = _altair()
    import pandas as pd

    data = pd.DataFrame(
        [
            {"size_class": class_title(v["size_class"]), "year": digits(v["year"]),
             "units": float(v["units"])}
            for v in values
        ]
    )  # fmt: skip
    size, year, units = _("Size class"), _("Census year"), _("Workshops")
    chart = (
        alt.Chart(_inline(data), title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=year, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("units:Q", scale=alt.Scale(type="log"), axis=alt.Axis(format=","),
                    title=units),
            color=alt.Color("size_class:N", title=size),
            tooltip=[alt.Tooltip("size_class:N", title=size), alt.Tooltip("year:O", title=year),
                     alt.Tooltip("units:Q", format=",", title=units)],
        )
        .properties(width="container")
    )  # fmt: skip
    columns, table = _table(
        data.to_dict("records"),
        [("size_class", size, "text"), ("year", year, "text"), ("units", units, "count")],
    )
    return Chart("change", title, _spec(chart), columns, table)


def class_shares(frame: Any, title: str) -> Chart:
    """An uploaded table's class shares, one stacked bar per year (or one bar per class when
    the table has no year)."""
    alt = _altair()
    import pandas as pd

    by_year = "year" in frame.columns
    data = pd.DataFrame(
        {
            "x": [digits(y) for y in frame["year"]] if by_year else [""] * len(frame),
            "size_class": [class_title(str(c)) for c in frame["size_class"]],
            "units": frame["units"].astype(float) if "units" in frame else 0.0,
            "share": frame["share_units"].astype(float),
        }
    )
    year, size, units, share = _("Year"), _("Size class"), _("Workshops"), _("Share")
    chart = (
        alt.Chart(_inline(data), title=title)
        .mark_bar()
        .encode(
            x=alt.X("x:O", title=year if by_year else None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("share:Q", stack="normalize", axis=alt.Axis(format="%"), title=share),
            color=alt.Color("size_class:N", title=size),
            tooltip=[alt.Tooltip("size_class:N", title=size),
                     alt.Tooltip("units:Q", format=",", title=units),
                     alt.Tooltip("share:Q", format=".1%", title=share)],
        )
        .properties(width="container")
    )  # fmt: skip
    spec = [("size_class", size, "text"), ("units", units, "count"), ("share", share, "share")]
    spec = ([("x", year, "text")] if by_year else []) + spec
    columns, table = _table(data.to_dict("records"), spec)
    return Chart("uploaded", title, _spec(chart), columns, table)


def rates_by_sector(rates: Iterable[dict[str, Any]], title: str) -> Chart:
    """Invited, opened and returned side by side for each sector (``response_rates`` rows)."""
    alt = _altair()
    import pandas as pd

    steps = [(_("Invited"), "invited"), (_("Opened"), "opened"), (_("Returned"), "returned")]
    data = pd.DataFrame(
        [
            {"sector": _(r["sector"]), "step": label, "order": i, "count": int(r[key])}
            for r in rates if r["sector"] != "all"
            for i, (label, key) in enumerate(steps)
        ]
    )  # fmt: skip
    sector, step, count = _("Sector"), _("Step"), _("Invitations")
    order = [label for label, _key in steps]
    y_axis, x_scale = _bars_axes()
    chart = (
        alt.Chart(_inline(data), title=title)
        .mark_bar()
        .encode(
            y=alt.Y("sector:N", title=None, axis=alt.Axis(**y_axis)),
            yOffset=alt.YOffset("step:N", sort=order),
            x=alt.X("count:Q", title=count, axis=alt.Axis(format=",d"), **x_scale),
            color=alt.Color("step:N", sort=order, title=None),
            tooltip=[alt.Tooltip("sector:N", title=sector), alt.Tooltip("step:N", title=step),
                     alt.Tooltip("count:Q", format=",", title=count)],
        )
        .properties(width="container")
    )  # fmt: skip
    columns, table = _table(
        data.to_dict("records"),
        [("sector", sector, "text"), ("step", step, "text"), ("count", count, "count")],
    )
    return Chart("rates", title, _spec(chart), columns, table)


#: The measures of the thesis's cross-country table (section 7-3), in the thesis's order.
MEASURES = {
    "units": gettext_lazy("Units"),
    "employment": gettext_lazy("Employment"),
    "value_added": gettext_lazy("Value added"),
    "output": gettext_lazy("Output"),
    "establishments": gettext_lazy("Establishments"),
    "gross_industrial_product": gettext_lazy("Gross industrial product"),
    "industrial_exports": gettext_lazy("Industrial exports"),
    "total_exports": gettext_lazy("Total exports"),
}


def country_shares(rows: Any) -> Chart:
    """Small and medium industries' share (%) of units, employment, value added… in Japan,
    Taiwan, Iran, Singapore and South Korea: grouped bars, one group per country, one bar per
    measure the thesis gives. ``rows``: the reference table ``cross_country_sme_shares`` (a
    DataFrame or its records); rows of other measures (the supply-chain shares of section 3-1)
    are left out. Labels, digits and the source (``source`` or ``source_fa``) in the active
    language; the source stands under the title and beside the chart."""
    alt = _altair()
    import pandas as pd

    records = rows.to_dict("records") if hasattr(rows, "to_dict") else list(rows)
    records = [r for r in records if r["indicator"] in MEASURES]
    fa = get_language() == "fa"
    order = [str(label) for label in MEASURES.values()]
    data = pd.DataFrame(
        [
            {"country": r["country_fa"] if fa else r["country"],
             "measure": str(MEASURES[r["indicator"]]), "share": float(r["share_pct"]) / 100}
            for r in records
        ]
    )  # fmt: skip
    source = "; ".join(sorted({str(r["source_fa"] if fa else r["source"]) for r in records}))
    title = _("Share of small and medium industries in five countries")
    country, measure, share = _("Country"), _("Measure"), _("Share")
    y_axis, _x_scale = _bars_axes()
    chart = (
        alt.Chart(_inline(data), title=alt.TitleParams(title, subtitle=f"{_('Source')}: {source}"))
        .mark_bar()
        .encode(
            y=alt.Y("country:N", title=None, sort=None, axis=alt.Axis(**y_axis)),
            yOffset=alt.YOffset("measure:N", sort=order),
            x=alt.X("share:Q", title=share, axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0, 1], reverse=fa)),
            color=alt.Color("measure:N", sort=order, title=measure,
                            legend=alt.Legend(orient="bottom", columns=4)),
            tooltip=[alt.Tooltip("country:N", title=country),
                     alt.Tooltip("measure:N", title=measure),
                     alt.Tooltip("share:Q", format=".1%", title=share)],
        )
        .properties(width="container", height=alt.Step(9))  # a thin bar per measure
    )  # fmt: skip
    columns, table = _table(
        data.to_dict("records"),
        [("country", country, "text"), ("measure", measure, "text"), ("share", share, "share")],
    )
    return Chart("countries", title, _spec(chart), columns, table, source=source)
