"""Bad needs are refused with a message naming the field (issue 12): an unknown process, a
negative quantity, a deadline in the past, a delivery place outside Iran — on the page (in the
page's language) and in the API; nothing is saved."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts
from kargah.web.exchange.demo import load_demo_exchange
from kargah.web.exchange.models import Need
from kargah.web.registry.models import Workshop

pytestmark = pytest.mark.django_db

TODAY = date.today()
GOOD = {
    "description": "Turned steel pins", "processes": ["machining"], "materials": ["metal.steel"],
    "monthly_quantity": "500", "start": (TODAY + timedelta(days=20)).isoformat(),
    "end": (TODAY + timedelta(days=120)).isoformat(), "county": "Rasht", "size": "any",
    "visibility": "public", "deadline": (TODAY + timedelta(days=7)).isoformat(),
}  # fmt: skip
#: (field changed, its bad value, the field the message is beside, words of the message in fa)
BAD = [
    ("processes", ["machining.laser-cutting"], "processes", "ماشین‌کاری"),
    ("monthly_quantity", "-5", "monthly_quantity", "بیشتر از صفر"),
    ("deadline", (TODAY - timedelta(days=1)).isoformat(), "deadline", "گذشته"),
    ("latitude", "48.8", "latitude", "بیرون از ایران"),
]


@pytest.fixture
def buyer() -> Client:
    from django.contrib.auth.models import User

    Workshop.objects.load_frame(synthetic_registry(30, seed=4))
    demo_accounts()
    load_demo_exchange()
    c = Client()
    c.force_login(User.objects.get(username="buyer"))
    return c


def _errors(html: str) -> dict[str, str]:
    """Each field's error as components/field.html shows it (id="id_<field>-error")."""
    import re

    return dict(re.findall(r'id="id_(\w+)-error" role="alert">([^<]*)<', html))


@pytest.mark.parametrize(("field", "value", "where", "words"), BAD)
def test_a_bad_need_is_refused_beside_its_field(
    buyer: Client, field: str, value: Any, where: str, words: str
) -> None:
    before = Need.objects.count()
    data = {**GOOD, field: value}
    if field == "latitude":
        data["longitude"] = "2.35"  # Paris
    response = buyer.post("/exchange/needs/new/", data, HTTP_ACCEPT_LANGUAGE="fa")
    assert response.status_code == 400
    errors = _errors(response.content.decode())
    assert where in errors, errors
    if field != "processes":
        assert words in errors[where], errors[where]
    else:
        assert "machining.laser-cutting" in errors[where]
    assert Need.objects.count() == before


@pytest.mark.parametrize(("field", "value", "where", "words"), BAD)
def test_the_api_refuses_the_same_naming_the_field(
    buyer: Client, field: str, value: Any, where: str, words: str
) -> None:
    body: dict[str, Any] = {**GOOD, field: value}
    if field == "latitude":
        body.update(latitude=48.8, longitude=2.35)
    if field == "monthly_quantity":
        body[field] = -5
    response = buyer.post("/api/exchange/needs", json.dumps(body),
                          content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 400, response.content
    detail = response.json()["detail"]
    label = {"processes": "Processes", "monthly_quantity": "Quantity a month",
             "deadline": "Quotes until", "latitude": "Delivery latitude"}[where]  # fmt: skip
    assert detail.startswith(label), detail


def test_a_good_need_is_posted_and_ranked(buyer: Client) -> None:
    response = buyer.post("/exchange/needs/new/", GOOD)
    assert response.status_code == 302
    need = Need.objects.latest("pk")
    assert need.firm.code == "north-motors" and need.matches.exists()
    page = buyer.get(response["Location"]).content.decode()
    assert 'id="matches"' in page


def test_dates_may_be_typed_in_jalali_with_persian_digits(buyer: Client) -> None:
    from persiantools.jdatetime import JalaliDate

    from kargah.text import persian_digits

    def jalali(days: int) -> str:
        return persian_digits(JalaliDate(TODAY + timedelta(days=days)).strftime("%Y/%m/%d"))

    data = {**GOOD, "start": jalali(20), "end": jalali(120), "deadline": jalali(7)}
    assert buyer.post("/exchange/needs/new/", data).status_code == 302
    need = Need.objects.latest("pk")
    assert (need.start, need.deadline) == (TODAY + timedelta(days=20), TODAY + timedelta(days=7))
    refused = buyer.post("/exchange/needs/new/", {**GOOD, "deadline": "۱۴۰۵/۱۳/۴۰"})
    assert "deadline" in _errors(refused.content.decode())
