"""The exchange's charts: linkages by county, small workshops among large firms' suppliers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kargah.web.charts._base import (
    Chart,
    _altair,
    _bars_axes,
    _inline,
    _spec,
    _table,
)
from kargah.web.registry.templatetags.kargah import digits


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
