"""The thematic analysis' charts: theme shares, the challenge → solution matrix."""

from __future__ import annotations

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
