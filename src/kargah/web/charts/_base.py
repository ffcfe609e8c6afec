"""What every chart shares: the :class:`Chart` a view hands its template, the page context, the
Altair import, the table beside each chart, axes that follow the reading direction, and titles
kept in order in right-to-left text."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.translation import get_language

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
#: a share (0–1, shown as a percentage) or a weight (three decimals: ۰٫۱۴۴).
FORMATS: dict[str, Callable[[Any], str]] = {
    "text": digits,
    "count": num,
    "share": pct,
    "weight": lambda value: num(value, 3),
}
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
    source: str = ""  # where published figures come from, shown under the chart


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
