"""The priorities' charts: methods' ranks, weight ranges and sweeps, the ideas' heat map."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from kargah.web.charts._base import (
    Chart,
    _altair,
    _bars_axes,
    _inline,
    _spec,
    _table,
)
from kargah.web.registry.templatetags.kargah import digits, num


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
        data.to_dict("records"),
        [("criterion", criterion, "text"), ("weight", weight, "weight"),
         ("stable_from", low, "weight"), ("stable_to", high, "weight")],
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
