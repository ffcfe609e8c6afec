"""kargah.web.charts without a browser: translated words, the reader's digits, tables with the
chart's data, and every page's charts built by the module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import load_schema
from django.test import Client
from django.utils import translation

from kargah.web import charts

RAW = {"small", "large", "units", "size_class", "share_units", "branch", "year", "count", "pairs"}
CHANGE = [
    {"size_class": "small", "year": 1353, "units": 1_400_000},
    {"size_class": "small", "year": 1375, "units": 1_200_000},
    {"size_class": "large", "year": 1353, "units": 5_000},
    {"size_class": "large", "year": 1375, "units": 6_000},
]


def words(spec: Any) -> Iterator[str]:
    """Every title a spec shows (chart, axes, legends, tooltips)."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "title" and isinstance(value, str):
                yield value
            elif key != "data":
                yield from words(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from words(item)


@pytest.fixture
def persian() -> Iterator[None]:
    with translation.override("fa"):
        yield


def test_words_and_digits_in_persian(persian: None) -> None:
    chart = charts.census_change(CHANGE, "کارگاه‌ها")
    shown = set(words(chart.spec))
    assert shown and not shown & RAW, shown
    assert {"سال سرشماری", "کارگاه‌ها"} <= shown
    values = chart.spec["data"]["values"]
    assert {v["size_class"] for v in values} == {"کوچک", "بزرگ"}
    assert {v["year"] for v in values} == {"۱۳۵۳", "۱۳۷۵"}
    assert chart.rows[0] == ["کوچک", "۱۳۵۳", "۱٬۴۰۰٬۰۰۰"]
    assert "0" not in "".join(chart.columns)


def test_english_keeps_latin_digits() -> None:
    with translation.override("en"):
        chart = charts.census_change(CHANGE, "Workshops")
        data = charts.chart_context(chart)["chart_data"]
    assert data["formatLocale"] is None
    assert chart.rows[0] == ["Small", "1353", "1,400,000"]
    assert "Census year" in set(words(chart.spec))


def test_persian_pages_give_vega_the_persian_number_locale(persian: None) -> None:
    data = charts.chart_context(charts.census_change(CHANGE, "x"), None)["chart_data"]
    assert set(data["specs"]) == {"change"}
    assert data["formatLocale"]["decimal"] == "٫" and data["formatLocale"]["thousands"] == "٬"
    assert data["formatLocale"]["numerals"][5] == "۵"


def test_weight_ranges_table_writes_persian_decimals(persian: None) -> None:
    # The study report's and the ranking page's table of weights showed ۰.۱۴۴ (a Latin point).
    records = [{"criterion": "اشتغال", "weight": 0.1444, "stable_from": 0.0, "stable_to": 0.5}]
    chart = charts.weight_ranges(records, "بازه‌ها")
    assert chart.rows == [["اشتغال", "۰٫۱۴۴", "۰٫۰۰۰", "۰٫۵۰۰"]]
    with translation.override("en"):
        assert charts.weight_ranges(records, "x").rows[0][1:] == ["0.144", "0.000", "0.500"]


def test_branch_bars_carry_the_branch_title(persian: None) -> None:
    frame = pd.DataFrame(
        {"branch": ["10", "31"], "size_class": ["small", "small"],
         "units": [30, 10], "share_units": [0.75, 0.25]}
    )  # fmt: skip
    chart = charts.share_by_branch(frame, "small", "سهم")
    labels = [v["branch"] for v in chart.spec["data"]["values"]]
    assert labels[0].startswith("۱۰ ") and len(labels[0]) > 10  # code and title
    assert chart.spec["encoding"]["y"]["field"] == "branch"  # horizontal bars
    # read right to left: labels on the right, bars growing leftwards
    assert chart.spec["encoding"]["y"]["axis"]["orient"] == "right"
    assert chart.spec["encoding"]["x"]["scale"]["reverse"] is True
    assert chart.rows[0][1:] == ["۳۰", "۷۵٫۰٪"]


def test_the_matrix_is_stacked_not_faceted(persian: None) -> None:
    matrix = pd.DataFrame(
        {"area": ["a", "a", "b"], "challenge": ["c1", "c2", "c3"],
         "solution": ["s1", "s1", "s2"], "pairs": [3, 1, 2]}
    )  # fmt: skip
    chart = charts.challenge_solution(matrix, {"a": "سرمایه", "b": "بازار"}, "ماتریس")
    assert "facet" not in str(chart.spec) and len(chart.spec["vconcat"]) == 2
    assert [p["title"] for p in chart.spec["vconcat"]] == ["سرمایه", "بازار"]
    assert chart.columns == ["حوزه", "چالش", "راهکار", "جفت‌ها"] and chart.wide


@pytest.mark.django_db
def test_each_page_draws_its_charts_from_the_module(client: Client) -> None:
    from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
    from kargah.web.coding.demo import load_demo_study
    from kargah.web.priorities.catalog import load_starter_catalog

    demo_accounts()
    survey = load_demo_study()
    load_starter_catalog()
    assert client.login(username="analyst", password=DEMO_PASSWORD)
    for path, names in [
        ("/stats/", {"change"}),
        ("/priorities/catalog/matrix/", {"heatmap"}),
        (f"/survey/{survey.pk}/", {"rates"}),
        (f"/coding/{survey.pk}/results/", {"matrix", "b0"}),
    ]:
        page = client.get(path)
        shown = page.context["charts"]
        assert names <= set(shown), path
        assert all(isinstance(c, charts.Chart) for c in shown.values())
        html = page.content.decode()
        for chart in shown.values():  # specs are built unvalidated: valid Vega-Lite all the same
            validate_jsonschema(chart.spec, load_schema())
        for name in names:  # the box, the save buttons and the table of each chart
            assert f'id="chart-{name}"' in html and f'data-chart="{name}"' in html
            assert f'id="figure-{name}"' in html and "<caption>" in html


def test_a_persian_title_with_latin_words_keeps_its_order(persian: None) -> None:
    """Vega writes a title as left-to-right SVG text: a Persian title holding "TOPSIS" or a
    bracket came out scrambled, so such a title is a right-to-left embedding (and only such)."""
    records = [{"weight": 0.5, "alternative": "چاپ", "rank": 1}]
    title = "رتبه‌های TOPSIS با جابه‌جایی وزن اشتغال (نفر)"
    chart = charts.weight_sweep("sweep0", records, title)
    assert chart.spec["title"] == f"\u202b{title}\u202c" and chart.title == title
    assert charts.census_change(CHANGE, "کارگاه‌ها").spec["title"] == "کارگاه‌ها"
    with translation.override("en"):
        english = charts.weight_sweep("sweep0", records, "TOPSIS ranks")
    assert english.spec["title"] == "TOPSIS ranks"
