"""Every chart of the site, built with Altair (Vega-Lite) from one place, with the same data as a
table for screen readers.

A view makes :class:`Chart` objects with the functions below and passes ``chart_context(...)``
to its template; ``includes/chart.html`` draws one chart's container, save buttons and table,
``includes/charts.html`` (once a page) the scripts. Titles, axes and legends go through gettext;
nominal labels (years, codes) arrive already in the reader's digits, and ``static/kargah/
charts.js`` gives Vega the Persian number locale for the numbers it formats itself. Every spec
must evaluate under Vega's expression interpreter (the Content-Security-Policy has no
'unsafe-eval'): no facets with independent scales."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kargah.web.registry.templatetags.kargah import digits, num, pct

#: Vega's number format locale (d3-format) for Persian pages: ۱۲٬۳۴۵٫۶ and ۹۱٪.
PERSIAN_NUMBERS = {
    "decimal": "٫",
    "thousands": "٬",
    "grouping": [3],
    "currency": ["", ""],
    "numerals": list("۰۱۲۳۴۵۶۷۸۹"),
    "percent": "٪",
    "minus": "−",
}
#: How a column of a chart's table is written: as text (digits in the reader's script), a count
#: or a share (0–1, shown as a percentage).
FORMATS: dict[str, Callable[[Any], str]] = {"text": digits, "count": num, "share": pct}
LABEL_LIMIT = 180  # px: a branch or theme title longer than this ends in "…" (full in tooltips)


@dataclass
class Chart:
    """One chart: its Vega-Lite spec and the same data as a table (``columns`` headings,
    ``rows`` of display strings)."""

    name: str
    title: str
    spec: dict[str, Any]
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    wide: bool = False  # wider than a phone: scrolls inside its own box


def chart_context(*charts: Chart | None) -> dict[str, Any]:
    """The template context of a page's charts: ``charts`` by name (for ``includes/chart.html``)
    and ``chart_data`` (specs, number locale and button texts, for ``includes/charts.html``)."""
    kept = {c.name: c for c in charts if c is not None}
    return {
        "charts": kept,
        "chart_data": {
            "specs": {name: c.spec for name, c in kept.items()},
            "formatLocale": PERSIAN_NUMBERS if get_language() == "fa" else None,
        },
    }


def _table(records: Iterable[dict[str, Any]], columns: list[tuple[str, str, str]]) -> Any:
    """Headings and display rows from ``(field, heading, format)`` columns."""
    rows = [[FORMATS[kind](r[key]) for key, _heading, kind in columns] for r in records]
    return [heading for _key, heading, kind in columns], rows


@cache
def _altair() -> Any:
    """Altair, imported on first use (a page without charts does not pay for it), with its
    check of each object against the schema as it is made turned off: that took a third of a
    chart's time. Specs are built with ``validate=False`` too; the tests validate them."""
    import altair as alt

    alt.utils.schemapi.disable_debug_mode()
    return alt


def _bars_axes() -> tuple[dict[str, Any], dict[str, Any]]:
    """Horizontal bars read in the page's direction: on a Persian page the labels stand on the
    right and the bars grow leftwards. (y axis keywords, x scale keywords)"""
    alt = _altair()

    rtl = get_language() == "fa"
    return {"orient": "right" if rtl else "left"}, {"scale": alt.Scale(reverse=rtl)}


def _spec(chart: Any) -> dict[str, Any]:
    alt = _altair()

    # Titles start where the reader starts (the right on a Persian page) over the whole chart,
    # labels included: centred over the plot alone, a long one ran off a phone's edge.
    anchor = "end" if get_language() == "fa" else "start"
    chart = chart.configure_axis(labelLimit=LABEL_LIMIT).configure_title(
        anchor=anchor, frame="bounds"
    )
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec["$schema"] = alt.SCHEMA_URL
    if anchor == "end":
        spec["title"] = _right_to_left(spec.get("title"))
    # Altair moves the data to a top-level set named by a hash; inline it reads better.
    (values,) = spec.pop("datasets").values()
    spec["data"] = {"values": values}
    return spec


def _right_to_left(title: Any) -> Any:
    """A Persian title that holds Latin words, digits or brackets, as a right-to-left embedding:
    Vega writes SVG text left to right, which put "TOPSIS" and a "(…)" out of their place."""
    if isinstance(title, str) and any(
        unicodedata.bidirectional(c) in ("L", "EN", "AN", "ON") for c in title
    ):
        return f"\u202b{title}\u202c"
    return title


def _inline(frame: Any) -> Any:
    """A frame's rows as inline values: Altair's own handling of a DataFrame (sanitising, then
    naming the data by a hash of its JSON) took most of the time of a chart."""
    alt = _altair()

    return alt.InlineData(values=frame.to_dict("records"))


def class_title(name: str) -> str:
    """A size class's name (``small``) as the reader calls it (کوچک), from the shipped
    definitions; a name no definition knows (a band such as ``10-49``) in the reader's digits."""
    from kargah.sizeclass import definitions

    lang = get_language() or "fa"
    for definition in definitions():
        for size_class in definition.classes:
            if size_class.name == name:
                return str(size_class.title(lang))
    return digits(name)


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


def theme_shares(name: str, part: Any, title: str) -> Chart:
    """Each theme's share of one area's challenges or solutions (``label``, ``count``,
    ``share`` columns)."""
    alt = _altair()

    data = part[["label", "count", "share"]].astype({"count": int, "share": float})
    theme, count, share = _("Theme"), _("Count"), _("Share")
    y_axis, x_scale = _bars_axes()
    chart = (
        alt.Chart(_inline(data), title=title)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(**y_axis)),
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title=share, **x_scale),
            tooltip=[alt.Tooltip("label:N", title=theme),
                     alt.Tooltip("count:Q", format=",", title=count),
                     alt.Tooltip("share:Q", format=".1%", title=share)],
        )
        .properties(width="container")
    )  # fmt: skip
    columns, table = _table(
        data.to_dict("records"),
        [("label", theme, "text"), ("count", count, "count"), ("share", share, "share")],
    )
    return Chart(name, title, _spec(chart), columns, table)


def challenge_solution(matrix: Any, area_names: dict[str, str], title: str) -> Chart:
    """The challenge → solution matrix (``area``, ``challenge``, ``solution``, ``pairs``): one
    heat map per area, stacked. Not a facet: a facet with independent scales sizes its rows with
    an expression Vega's CSP-safe interpreter cannot evaluate."""
    alt = _altair()

    data = matrix[["area", "challenge", "solution", "pairs"]].astype({"pairs": int})
    data = data.assign(area=[area_names.get(a, a) for a in data["area"]])
    challenge, solution, pairs = _("Challenge"), _("Solution"), _("Pairs")
    base = alt.Chart().mark_rect().encode(
        y=alt.Y("challenge:N", title=challenge),
        x=alt.X("solution:N", title=solution, axis=alt.Axis(labelAngle=-40)),
        color=alt.Color("pairs:Q", title=pairs, legend=alt.Legend(format=",d")),
        tooltip=[alt.Tooltip("challenge:N", title=challenge),
                 alt.Tooltip("solution:N", title=solution),
                 alt.Tooltip("pairs:Q", format=",", title=pairs)],
    )  # fmt: skip
    areas = list(dict.fromkeys(data["area"]))
    panels = [
        base.transform_filter(alt.FieldEqualPredicate(field="area", equal=area)).properties(
            title=area, width=360
        )
        for area in areas
    ]
    chart = alt.vconcat(*panels, data=_inline(data), title=title).resolve_scale(
        x="independent", y="independent"
    )
    columns, table = _table(
        data.to_dict("records"),
        [("area", _("Area"), "text"), ("challenge", challenge, "text"),
         ("solution", solution, "text"), ("pairs", pairs, "count")],
    )  # fmt: skip
    return Chart("matrix", title, _spec(chart), columns, table, wide=True)


def linkage_counties(records: Iterable[dict[str, Any]], title: str) -> Chart:
    """The exchange's linkages by the supplier's county (``county``, ``linkages``, ``value``
    records of ``kargah.stats.Linkages``): bars of the count, the value in the tooltip."""
    alt = _altair()
    import pandas as pd

    from kargah.registry import counties

    lang = get_language() or "fa"
    names = {c.en: c.name(lang) for c in counties()}
    data = pd.DataFrame(
        [{"county": names.get(str(r["county"]), str(r["county"])),
          "linkages": int(r["linkages"]), "value": float(r["value"] or 0.0)} for r in records]
    )  # fmt: skip
    county, linkages, value = _("County"), _("Linkages"), _("Value (rials)")
    y_axis, x_scale = _bars_axes()
    chart = (
        alt.Chart(_inline(data), title=title)
        .mark_bar()
        .encode(
            y=alt.Y("county:N", sort="-x", title=county, axis=alt.Axis(**y_axis)),
            x=alt.X("linkages:Q", title=linkages, axis=alt.Axis(format=",d", tickMinStep=1),
                    **x_scale),
            tooltip=[alt.Tooltip("county:N", title=county),
                     alt.Tooltip("linkages:Q", format=",", title=linkages),
                     alt.Tooltip("value:Q", format=",", title=value)],
        )
        .properties(width="container")
    )  # fmt: skip
    columns, table = _table(
        data.to_dict("records"),
        [("county", county, "text"), ("linkages", linkages, "count"), ("value", value, "count")],
    )
    return Chart("linkages", title, _spec(chart), columns, table)


def supplier_shares(records: Iterable[dict[str, Any]], title: str) -> Chart:
    """The share of small workshops among large firms' suppliers, year by year (``year``,
    ``linkages``, ``small``, ``share`` records of ``kargah.stats.SupplierShares``)."""
    alt = _altair()
    import pandas as pd

    data = pd.DataFrame(
        [{"year": digits(r["year"]), "linkages": int(r["linkages"]), "small": int(r["small"]),
          "share": float(r["share"] or 0.0)} for r in records],
        columns=["year", "linkages", "small", "share"],
    )  # fmt: skip
    year, share, linkages = _("Year"), _("Share"), _("Linkages")
    chart = (
        alt.Chart(_inline(data), title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=year, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("share:Q", axis=alt.Axis(format="%"), title=share,
                    scale=alt.Scale(domain=[0, 1])),
            tooltip=[alt.Tooltip("year:O", title=year),
                     alt.Tooltip("linkages:Q", format=",", title=linkages),
                     alt.Tooltip("share:Q", format=".1%", title=share)],
        )
        .properties(width="container")
    )  # fmt: skip
    columns, table = _table(
        data.to_dict("records"),
        [("year", year, "text"), ("linkages", linkages, "count"), ("share", share, "share")],
    )
    return Chart("suppliers", title, _spec(chart), columns, table)


# -- priorities: ranking projects (helper ranking) ----------------------------------------------


def method_ranks(records: Iterable[dict[str, Any]], title: str) -> Chart:
    """Each method's rank of each candidate (``candidate``, ``method``, ``rank``): one row of
    points per candidate, rank 1 at the reader's start."""
    alt = _altair()
    import pandas as pd

    data = pd.DataFrame(list(records)).astype({"rank": int})
    candidate, method, rank = _("Candidate"), _("Method"), _("Rank")
    y_axis, x_scale = _bars_axes()
    chart = (
        alt.Chart(_inline(data), title=title)
        .mark_point(filled=True, size=80)
        .encode(
            y=alt.Y("candidate:N", sort=None, title=None, axis=alt.Axis(**y_axis)),
            x=alt.X("rank:Q", title=rank, axis=alt.Axis(format="d", tickMinStep=1), **x_scale),
            color=alt.Color("method:N", title=method),
            shape=alt.Shape("method:N", title=method),
            tooltip=[alt.Tooltip("candidate:N", title=candidate),
                     alt.Tooltip("method:N", title=method), alt.Tooltip("rank:Q", title=rank)],
        )
        .properties(width="container")
    )  # fmt: skip
    columns, table = _table(
        data.to_dict("records"),
        [("candidate", candidate, "text"), ("method", method, "text"), ("rank", rank, "count")],
    )
    return Chart("ranks", title, _spec(chart), columns, table)


def weight_ranges(records: Iterable[dict[str, Any]], title: str) -> Chart:
    """Each criterion's weight and the interval it can move in before the first-ranked
    candidate changes (``criterion``, ``weight``, ``stable_from``, ``stable_to``)."""
    alt = _altair()
    import pandas as pd

    data = pd.DataFrame(list(records))[["criterion", "weight", "stable_from", "stable_to"]]
    data = data.astype({"weight": float, "stable_from": float, "stable_to": float})
    criterion, weight = _("Criterion"), _("Weight")
    low, high = _("Stable from"), _("Stable to")
    y_axis, x_scale = _bars_axes()
    y = alt.Y("criterion:N", sort=None, title=None, axis=alt.Axis(**y_axis))
    tips = [alt.Tooltip("criterion:N", title=criterion),
            alt.Tooltip("weight:Q", format=".3f", title=weight),
            alt.Tooltip("stable_from:Q", format=".3f", title=low),
            alt.Tooltip("stable_to:Q", format=".3f", title=high)]  # fmt: skip
    x = alt.X("stable_from:Q", title=weight, scale=alt.Scale(domain=[0, 1],
              reverse=x_scale["scale"].reverse))  # fmt: skip
    bars = alt.Chart().mark_bar(opacity=0.4).encode(y=y, x=x, x2="stable_to:Q", tooltip=tips)
    ticks = alt.Chart().mark_tick(thickness=3).encode(y=y, x="weight:Q", tooltip=tips)
    chart = alt.layer(bars, ticks, data=_inline(data), title=title).properties(width="container")
    columns, table = _table(
        [{k: (f"{v:.3f}" if isinstance(v, float) else v) for k, v in r.items()}
         for r in data.to_dict("records")],
        [("criterion", criterion, "text"), ("weight", weight, "text"),
         ("stable_from", low, "text"), ("stable_to", high, "text")],
    )  # fmt: skip
    return Chart("ranges", title, _spec(chart), columns, table)


def weight_sweep(name: str, records: Iterable[dict[str, Any]], title: str) -> Chart:
    """One criterion's weight moved alone (the others rescaled): each candidate's rank as a line
    (``weight``, ``alternative``, ``rank``), rank 1 on top."""
    alt = _altair()

    rows = [{"weight": float(r["weight"]), "alternative": r["alternative"], "rank": int(r["rank"])}
            for r in records]  # fmt: skip
    weight, candidate, rank = _("Weight"), _("Candidate"), _("Rank")
    chart = (
        alt.Chart(alt.InlineData(values=rows), title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X("weight:Q", title=weight,
                    axis=alt.Axis(format=".1f", values=[0, 0.2, 0.4, 0.6, 0.8, 1])),
            y=alt.Y("rank:Q", title=rank, scale=alt.Scale(reverse=True),
                    axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color("alternative:N", title=candidate),
            tooltip=[alt.Tooltip("alternative:N", title=candidate),
                     alt.Tooltip("weight:Q", format=".2f", title=weight),
                     alt.Tooltip("rank:Q", title=rank)],
        )
        .properties(width="container")
    )  # fmt: skip
    # the table: a row per candidate, a column per weight tried (a long table was 3× the cells)
    weights = sorted({r["weight"] for r in rows})
    ranks = {(r["alternative"], r["weight"]): r["rank"] for r in rows}
    columns = [str(candidate), *(f"{weight} {digits(f'{w:.2f}')}" for w in weights)]
    table = [[str(a), *(num(ranks.get((a, w), "")) for w in weights)]
             for a in dict.fromkeys(r["alternative"] for r in rows)]  # fmt: skip
    return Chart(name, title, _spec(chart), columns, table)


# -- end priorities: ranking projects ------------------------------------------------------------


# --- catalog (helper catalog) ---
def category_heatmap(
    records: Iterable[dict[str, Any]], title: str, row_title: str | None = None
) -> Chart:
    """Where each country (or region) puts its weight: a heat map of the share of its ideas in
    each center category (``row``, ``column`` labels, ``count``, ``share`` records)."""
    alt = _altair()
    import pandas as pd

    data = pd.DataFrame(list(records), columns=["row", "column", "count", "share"])
    data = data.astype({"count": int, "share": float})
    row, column, count, share = (
        row_title or _("Country"),
        _("Center category"),
        _("Ideas"),
        _("Share"),
    )
    y_axis, x_scale = _bars_axes()  # countries where the reader starts, categories from there
    chart = (
        alt.Chart(_inline(data), title=title)
        .mark_rect()
        .encode(
            y=alt.Y("row:N", title=row, sort=None, axis=alt.Axis(**y_axis)),
            x=alt.X("column:N", title=column, sort=None, axis=alt.Axis(labelAngle=-40),
                    **x_scale),
            color=alt.Color("share:Q", title=share, legend=alt.Legend(format="%")),
            tooltip=[alt.Tooltip("row:N", title=row), alt.Tooltip("column:N", title=column),
                     alt.Tooltip("count:Q", format=",", title=count),
                     alt.Tooltip("share:Q", format=".1%", title=share)],
        )
        .properties(width=alt.Step(40), height=alt.Step(28))  # wide: scrolls on a phone
    )  # fmt: skip
    columns, table = _table(
        data.to_dict("records"),
        [("row", row, "text"), ("column", column, "text"), ("count", count, "count"),
         ("share", share, "share")],
    )  # fmt: skip
    return Chart("heatmap", title, _spec(chart), columns, table, wide=True)


# --- end catalog ---


__all__ = [
    "Chart",
    "category_heatmap",
    "census_change",
    "challenge_solution",
    "chart_context",
    "class_shares",
    "linkage_counties",
    "method_ranks",
    "rates_by_sector",
    "share_by_branch",
    "supplier_shares",
    "theme_shares",
    "weight_ranges",
    "weight_sweep",
]
