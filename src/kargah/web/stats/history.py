"""The history page: Iran's first factories (the thesis, chapter 4) on a timeline and on a map
beside today's registry — for a chosen trade, today's workshops in its ISIC branches per
province and county, so a planner sees which trades a province has had for a century. Public,
like the statistics page."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kargah.registry import provinces
from kargah.stats import factory_trades, first_factories, reference_tables
from kargah.web.charts import (
    chart_context,
    factory_map,
    factory_timeline,
    province_features,
    region_rows,
)
from kargah.web.numbers import local_number
from kargah.web.registry.maps import MapData, map_data
from kargah.web.registry.models import Workshop
from kargah.web.registry.templatetags.kargah import digits

DEFAULT_TRADE = "silk_reeling"  # Gilan's: the question the page was made for


def _labels() -> dict[str, dict[str, str]]:
    return {
        "fate": {"closed": _("Closed"), "working": _("Still working"), "unknown": _("Unknown")},
        "calendar": {"lunar": _("AH (lunar)"), "solar": _("SH (solar)"),
                     "gregorian": _("CE"), "unstated": _("calendar not stated")},
        "currency": {"lira": _("lira (pounds)"), "toman": _("tomans"), "franc": _("francs")},
    }  # fmt: skip


@cache
def _factories(lang: str) -> tuple[dict[str, Any], ...]:
    """The thesis's factories with their words in ``lang``, the active language: the same on
    every request, so made once a process and language."""
    fa = lang == "fa"
    labels = _labels()
    names = {p.en: p.name(lang) for p in provinces()}
    return tuple(_in_language(r, fa, labels, names) for r in first_factories().to_dict("records"))


def _in_language(
    row: dict[str, Any], fa: bool, labels: dict[str, dict[str, str]], provinces: dict[str, str]
) -> dict[str, Any]:
    """A factory's record with its words in the reader's language and digits (``labels`` and
    the ``provinces``' names already in it)."""
    pick = (lambda key: row[f"{key}_fa"]) if fa else (lambda key: row[f"{key}_en"])
    written = ""
    if row["year"] is not None:
        about = _("about") + " " if row["approximate"] else ""
        written = f"{about}{digits(row['year'])} {labels['calendar'][row['calendar']]}"
    capital = ""
    if row["capital"] is not None:
        capital = f"{local_number(row['capital'])} {labels['currency'][row['currency']]}"
    province = provinces.get(row["province"], "")
    town = (row["place_fa"] if fa else row["place"]) or ""
    if town == province:  # Tehran, Tehran
        town = ""
    return {
        **row,
        "name": pick("name"),
        "founders": pick("founders"),
        "reason": pick("reason"),
        "trade_label": pick("trade"),
        "fate_label": labels["fate"][row["fate"]],
        "written": written,
        "capital_label": capital,
        "place_label": "، ".join(p for p in (town, province) if p) if fa else
                       ", ".join(p for p in (town, province) if p),
        "workers_label": local_number(row["workers"]) if row["workers"] is not None else "",
        "gregorian": _span(row["gregorian_from"], row["gregorian_to"]),
        "jalali": _span(row["jalali_from"], row["jalali_to"]),
        "source_label": row["source_fa"] if fa else row["source"],
    }  # fmt: skip


def _span(first: int | None, last: int | None) -> str:
    if first is None or last is None:
        return ""
    return digits(str(first) if first == last else f"{first}–{last}")


def _branches(codes: tuple[str, ...]) -> Any:
    """Today's workshops whose ISIC Rev.4 class starts with one of ``codes`` (none if none)."""
    if not codes:
        return Workshop.objects.none()
    query = Q()
    for code in codes:
        query |= Q(isic__startswith=code)
    return Workshop.objects.filter(query)


def _points(chosen: list[dict[str, Any]], fa: bool) -> list[dict[str, Any]]:
    """The chosen trade's factories that have a town, one circle per town."""
    points: dict[str, dict[str, Any]] = {}
    for f in chosen:
        if f["latitude"] is not None:
            point = points.setdefault(
                f["place"], {"lat": f["latitude"], "lon": f["longitude"], "n": 0, "names": [],
                             "place": f["place_fa"] if fa else f["place"]},
            )  # fmt: skip
            point["n"] += 1
            point["names"].append(f["name"])
    for point in points.values():
        point["names"] = ("؛ " if fa else "; ").join(point["names"])
    return list(points.values())


def _province_rows(chosen: list[dict[str, Any]], today: MapData, lang: str) -> list[list[str]]:
    """Province, the trade's factories then, its workshops today: the provinces with either."""
    then = {p.en: 0 for p in provinces()}
    for f in chosen:
        if f["province"]:
            then[f["province"]] += 1
    names = {p.en: p.name(lang) for p in provinces()}
    return sorted(
        [names[p], local_number(n), local_number(today.provinces.get(p, 0))]
        for p, n in then.items()
        if n or today.provinces.get(p)
    )


def _reasoning(trade: str, fa: bool) -> str:
    """Why the trade maps to its branches of today (``qajar_trades.csv``)."""
    table = reference_tables()["qajar_trades"].set_index("trade")
    return str(table.at[trade, "reasoning_fa" if fa else "reasoning"])


def history(request: HttpRequest) -> HttpResponse:
    """Template: ``stats/history.html``."""
    fa = get_language() == "fa"
    lang = "fa" if fa else "en"
    trades = factory_trades()
    trade = request.GET.get("trade") or DEFAULT_TRADE
    if trade not in trades:
        trade = DEFAULT_TRADE
    factories = _factories(lang)
    timeline = factory_timeline(
        factories, _("Iran's first factories by year and trade (the thesis's list)")
    )
    codes = trades[trade][2]
    today = map_data(_branches(codes), cells=False) if codes else MapData()
    chosen = [f for f in factories if f["trade"] == trade]
    province_rows = _province_rows(chosen, today, lang)
    label = trades[trade][0] if fa else trades[trade][1]
    chart = factory_map(
        province_features(today, lang),
        _points(chosen, fa),
        _("%(trade)s: factories then and workshops today") % {"trade": label},
        province_rows,
    )
    county_rows = region_rows(today.counties, lang, of="county")
    from kargah.branches import title as isic_title

    return render(
        request,
        "stats/history.html",
        {
            **chart_context(timeline, chart),
            "factories": factories,
            "trade": trade,
            "trade_label": label,
            "trades": [(key, fa_label if fa else en) for key, (fa_label, en, _c) in trades.items()],
            "reasoning": _reasoning(trade, fa),
            "branches": [(digits(c), isic_title(c, "isic4", lang) or "") for c in codes],
            "county_rows": [(name, local_number(n)) for name, n in county_rows[:30]],
            "today_total": today.count,
            "synthetic": Workshop.objects.filter(synthetic=True).exists(),
        },
    )
