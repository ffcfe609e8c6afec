"""The history page (/stats/history/): Iran's first factories on a timeline and a map beside
today's registry, public, in Persian and in English."""

from __future__ import annotations

from typing import Any

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import load_schema
from django.test import Client
from tests.web.test_priorities_persian import english

from kargah.registry import synthetic_registry
from kargah.web.registry.models import Workshop

pytestmark = pytest.mark.django_db


def page(client: Client, lang: str, **query: str):  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = lang
    response = client.get("/stats/history/", query)
    assert response.status_code == 200
    return response, response.content.decode()


def test_persian_page_jalali_years_and_no_english(client: Client) -> None:
    response, html = page(client, "fa")
    charts = response.context["charts"]
    assert set(charts) == {"timeline", "places"}
    timeline = charts["timeline"].spec
    validate_jsonschema(timeline, load_schema())
    years = {v["year"] for v in timeline["data"]["values"]}
    assert 1274 in years and max(years) < 1300  # Jalali: the 1313 AH sugar works is 1274–1275
    assert "۱۳۱۳ ه.ق" in html and "۱۲۷۴–۱۲۷۵" in html and "۱۸۹۵–۱۸۹۶" in html
    assert "نخستین کارخانه‌های ایران" in html and 'id="chart-timeline"' in html
    assert english(html) == set()


def test_english_page_gregorian_years(client: Client) -> None:
    response, html = page(client, "en")
    values = response.context["charts"]["timeline"].spec["data"]["values"]
    assert {v["year"] for v in values} >= {1895, 1890, 1903} and min(
        v["year"] for v in values
    ) > 1880
    assert "Iran&#x27;s first factories" in html or "Iran's first factories" in html
    assert "1313 AH (lunar)" in html and "Still working" in html
    tooltip = response.context["charts"]["timeline"].spec["encoding"]["tooltip"]
    assert {t["field"] for t in tooltip} >= {"name", "founders", "fate"}


def test_a_trade_beside_todays_registry(client: Client) -> None:
    frame = synthetic_registry(200, seed=3)
    frame.loc[:9, "isic"] = "1311"  # ten spinning / silk-reeling workshops
    frame.loc[:9, "province"] = "Gilan"
    frame.loc[:9, "county"] = "Rasht"
    Workshop.objects.load_frame(frame)
    response, html = page(client, "en", trade="silk_reeling")
    chart = response.context["charts"]["places"]
    validate_jsonschema(chart.spec, load_schema())
    provinces = {f["properties"]["province"]: f["properties"]["n"]
                 for f in chart.spec["datasets"]["provinces"]}  # fmt: skip
    assert provinces["Gilan"] >= 10
    assert ["Gilan", "2", str(provinces["Gilan"])] in chart.rows  # two silk works then
    assert [p["place"] for p in chart.spec["datasets"]["points"]] == ["Rasht"]
    assert "Rasht" in html and "1311" in html
    assert "Reeling and throwing silk prepares a textile fibre" in html  # why this branch


@pytest.mark.parametrize("trade", ["", "nonsense", "x" * 5000, "other"])
def test_any_trade_parameter_answers(client: Client, trade: str) -> None:
    response, _html = page(client, "fa", trade=trade)
    assert response.context["trade"] in {"silk_reeling", "other"}


def test_the_statistics_page_links_to_it(client: Client) -> None:
    assert "/stats/history/" in client.get("/stats/").content.decode()


def test_the_factories_are_read_and_worded_once_a_language_not_once_a_request(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page rebuilt the thesis's factories and their labels on every request (the labels and
    the provinces' names once a row)."""
    from kargah.web.stats import history

    read: list[int] = []
    original = history.first_factories

    def counted() -> Any:
        read.append(1)
        return original()

    monkeypatch.setattr(history, "first_factories", counted)
    cached = getattr(history, "_factories", None)
    if cached is not None:
        cached.cache_clear()
    first = page(client, "en")[0].context["factories"]
    again = page(client, "en", trade="textile")[0].context["factories"]
    assert len(read) == 1 and list(first) == list(again)
    page(client, "fa")
    assert len(read) == 2  # Persian words are made once too
    if cached is not None:
        cached.cache_clear()  # no factories read through the stand-in are kept for others
