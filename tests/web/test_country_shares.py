"""The thesis's cross-country table (section 7-3) as a chart and a table on the statistics page."""

from __future__ import annotations

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import load_schema
from django.test import Client
from django.utils import translation

from kargah.stats import reference_tables
from kargah.web import charts

FIVE = {"Japan", "Taiwan", "Iran", "Singapore", "South Korea"}


def test_grouped_bars_of_country_and_measure_in_english() -> None:
    table = reference_tables()["cross_country_sme_shares"]
    with translation.override("en"):
        chart = charts.country_shares(table)
    validate_jsonschema(chart.spec, load_schema())
    values = chart.spec["data"]["values"]
    assert {v["country"] for v in values} == FIVE  # India only has the supply-chain share
    iran = {v["measure"]: v["share"] for v in values if v["country"] == "Iran"}
    assert iran == {"Units": 0.92, "Employment": 0.56, "Value added": 0.25, "Output": 0.30}
    assert chart.spec["encoding"]["yOffset"]["field"] == "measure"  # grouped, not stacked
    assert chart.spec["encoding"]["color"]["field"] == "measure"
    assert chart.source == "Thesis 000, section 7-3"  # the table's source column
    assert chart.source in chart.spec["title"]["subtitle"]
    assert ["Iran", "Units", "92.0%"] in chart.rows


def test_persian_labels_digits_and_source() -> None:
    with translation.override("fa"):
        chart = charts.country_shares(reference_tables()["cross_country_sme_shares"])
    values = chart.spec["data"]["values"]
    assert {v["country"] for v in values} == {"ژاپن", "تایوان", "ایران", "سنگاپور", "کره جنوبی"}
    assert "ارزش افزوده" in {v["measure"] for v in values}
    assert ["ایران", "اشتغال", "۵۶٫۰٪"] in chart.rows
    assert chart.source == "پایان‌نامه (سند ۰۰۰)، بخش ۷-۳"  # its source_fa column
    assert chart.columns == ["کشور", "سنجه", "سهم"]
    assert chart.spec["encoding"]["x"]["scale"]["reverse"] is True  # bars grow leftwards


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_statistics_page_shows_chart_table_and_source(client: Client, lang: str) -> None:
    client.cookies["django_language"] = lang
    page = client.get("/stats/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "countries" in page.context["charts"]
    assert 'id="chart-countries"' in html
    source = page.context["charts"]["countries"].source
    assert html.count(source) >= 3  # under the chart, in its table's and the page table's caption
    assert ("ژاپن" in html) == (lang == "fa") and ("Japan" in html) == (lang == "en")


@pytest.mark.django_db
def test_the_page_table_follows_the_thesis_order_of_measures(client: Client) -> None:
    client.cookies["django_language"] = "en"
    table = client.get("/stats/").context["countries"]
    assert table["measures"][:3] == ["Units", "Employment", "Value added"]
    iran = next(row for row in table["rows"] if row[0] == "Iran")
    assert iran[1:4] == ["92.0%", "56.0%", "25.0%"]
    japan = next(row for row in table["rows"] if row[0] == "Japan")
    assert japan[2] == ""  # the thesis gives no employment share for Japan
