"""The statistics page: indicators from the registry, charts, XLSX, and an uploaded table."""

from __future__ import annotations

import html
import io

import pandas as pd
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import load_schema
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.web.registry.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client: Client) -> Client:
    """Uploads need an account (any role)."""
    from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts

    demo_accounts()
    assert client.login(username="buyer", password=DEMO_PASSWORD)
    return client


def specs(response) -> dict:  # type: ignore[no-untyped-def]
    return {k: c.spec for k, c in response.context["charts"].items()}


def test_registry_indicators_and_charts(client: Client) -> None:
    Workshop.objects.load_frame(synthetic_registry(300, seed=8))
    page = client.get("/stats/", {"definition": "jihad-sazandegi"})
    assert page.status_code == 200
    charts = specs(page)
    shares = charts["share"]["data"]["values"]
    assert shares and all(0 <= r["share"] <= 1 for r in shares)
    years = {r["year"] for r in charts["change"]["data"]["values"]}
    assert years == {"۱۳۵۳", "۱۳۷۵"}  # nominal labels in the reader's digits
    book = pd.read_excel(
        io.BytesIO(client.get("/stats/", {"format": "xlsx"}).content), sheet_name=None
    )
    assert {"indicators", "composition"} <= set(book)
    assert book["indicators"]["units"].sum() == 300


def test_an_uploaded_official_table(member: Client) -> None:
    table = (
        "year,size_band,units\n1396,10 تا 49 نفر,24161\n1396,50 نفر و بیشتر,6171\n1396,جمع,30332\n"
    )
    upload = SimpleUploadedFile("sci.csv", table.encode("utf-8"))
    page = member.post("/stats/", {"table": upload, "table_definition": "sci-iran"})
    rows = {r["size_class"]: r for r in page.context["uploaded"]}
    assert rows["medium"]["units"] == 24161 and rows["large"]["units"] == 6171
    assert "uploaded" in specs(page)
    validate_jsonschema(specs(page)["uploaded"], load_schema())  # valid Vega-Lite


def test_a_bad_uploaded_table_names_row_and_column(member: Client) -> None:
    upload = SimpleUploadedFile("bad.csv", b"year,size_class,units\n1396,small,12x\n")
    page = html.unescape(member.post("/stats/", {"table": upload}).content.decode())
    assert "bad.csv، سطر ۲، ستون «units»" in page  # in the page's language (Persian)
