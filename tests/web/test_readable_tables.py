"""Tables people read in their language: the statistics table gives each branch's title beside
its code; the registry export with ``?lang=`` has headers, counties and ownership in that
language, while the default and the full export keep the canonical headers that import back
(issue 9)."""

from __future__ import annotations

import csv
import html
import io

import pytest
from django.core.cache import cache
from django.test import Client

from kargah.branches import title
from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.registry.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry() -> None:
    cache.clear()
    Workshop.objects.load_frame(synthetic_registry(40, seed=3))


def rows(client: Client, url: str) -> list[list[str]]:
    response = client.get(url)
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(text)))


def test_the_statistics_table_names_each_branch(registry: None, client: Client) -> None:
    response = client.get("/stats/")
    page = html.unescape(response.content.decode())
    branches = {r["branch"] for r in response.context["rows"]}
    assert branches and all(title(b, "isic4", "fa") in page for b in branches)
    english = html.unescape(client.get("/stats/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert all(title(b, "isic4", "en") in english for b in branches)


def test_the_export_in_persian(registry: None, client: Client) -> None:
    table = rows(client, "/registry/export.csv?lang=fa")
    header, first = table[0], table[1]
    assert {"نام فارسی", "شهرستان", "مالکیت", "کد"} <= set(header)
    workshop = Workshop.objects.get(code=first[header.index("کد")])
    assert first[header.index("شهرستان")] != workshop.county  # the Persian name, not "Rasht"
    assert first[header.index("مالکیت")] in {"خصوصی", "تعاونی", "دولتی"}
    english = rows(client, "/registry/export.csv?lang=en")
    assert english[1][english[0].index("County")] == workshop.county
    assert "Name in English" in english[0]


def test_the_default_and_full_exports_keep_canonical_headers(
    registry: None, client: Client
) -> None:
    assert rows(client, "/registry/export.csv")[0][:3] == ["workshop_id", "name_fa", "name_en"]
    demo_accounts()
    assert client.login(username="analyst", password=DEMO_PASSWORD)
    full = rows(client, "/registry/export.csv?full=1&lang=fa")
    assert full[0][0] == "workshop_id" and "history" in full[0]
