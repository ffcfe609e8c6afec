"""The exchange's rights (issue 12): a workshop never sees an invite-only need it was not sent;
a buyer never sees a workshop's contact before it quoted; an owner quotes only for their own
workshops. The pages and the API alike."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts
from kargah.web.exchange.demo import load_demo_exchange
from kargah.web.exchange.models import Need, Quote
from kargah.web.registry.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchange() -> dict[str, Any]:
    Workshop.objects.load_frame(synthetic_registry(60, seed=21))
    demo_accounts()
    made = load_demo_exchange()
    other = User.objects.create_user("owner2", password="x")
    other.groups.add(Group.objects.get(name="owner"))
    Workshop.objects.filter(pk__in=list(
        Workshop.objects.filter(owner=None).order_by("-pk").values_list("pk", flat=True)[:5]
    )).update(owner=other)  # fmt: skip
    return made


def client(user: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=user))
    return c


def post_need(c: Client, **changes: Any) -> Any:
    today = date.today()
    data = {
        "description": "Turned steel pins", "processes": ["machining"],
        "materials": ["metal.steel"], "monthly_quantity": "500",
        "start": (today + timedelta(days=20)).isoformat(),
        "end": (today + timedelta(days=120)).isoformat(), "county": "Rasht", "size": "any",
        "visibility": "public", "deadline": (today + timedelta(days=7)).isoformat(),
    }  # fmt: skip
    data.update(changes)
    return c.post("/exchange/needs/new/", data)


def test_the_demo_ranks_its_open_needs(exchange: dict[str, Any]) -> None:
    assert exchange["needs"] == 4 and exchange["linkages"] > 0
    need = Need.objects.get(description__startswith="میل‌گرد فولادی")
    assert need.matches.count() > 0
    first = need.matches.order_by("rank").first()
    assert first is not None and first.reasons and {"fa", "en"} <= set(first.reasons[0])


def test_a_workshop_never_sees_an_invite_only_need_it_was_not_sent(
    exchange: dict[str, Any],
) -> None:
    buyer = client("buyer")
    response = post_need(buyer, visibility="invite")
    assert response.status_code == 302, response.content.decode()[:2000]
    need = Need.objects.latest("pk")
    owner = client("owner")
    mine = set(Workshop.objects.filter(owner__username="owner").values_list("pk", flat=True))
    assert mine & set(need.matches.values_list("workshop_id", flat=True))  # it would match
    assert owner.get(f"/exchange/needs/{need.pk}/").status_code == 404
    assert need.description not in owner.get("/exchange/").content.decode()
    assert owner.get(f"/api/exchange/needs/{need.pk}").status_code == 404
    assert need.pk not in [n["id"] for n in owner.get("/api/exchange/needs").json()]
    # once sent to one of the owner's workshops it is theirs to see, and still not owner2's
    invited = sorted(mine)[0]
    sent = buyer.post(f"/exchange/needs/{need.pk}/invite/", {"workshop": invited})
    assert sent.status_code == 302
    assert owner.get(f"/exchange/needs/{need.pk}/").status_code == 200
    assert client("owner2").get(f"/exchange/needs/{need.pk}/").status_code == 404


def test_a_buyer_never_sees_contact_details_before_a_quote(exchange: dict[str, Any]) -> None:
    buyer, owner = client("buyer"), client("owner")
    assert post_need(buyer).status_code == 302
    need = Need.objects.latest("pk")
    match = need.matches.filter(workshop__owner__username="owner").first()
    assert match is not None
    workshop = match.workshop
    workshop.contact = "09120000000 secret"
    workshop.save()
    page = buyer.get(f"/exchange/needs/{need.pk}/").content.decode()
    assert "09120000000" not in page
    assert "09120000000" not in buyer.get(f"/registry/{workshop.pk}/").content.decode()
    response = owner.post(f"/exchange/needs/{need.pk}/answer/", {
        "workshop": workshop.pk, "price": "120000", "lead_days": "10", "action": "quote",
    })  # fmt: skip
    assert response.status_code == 302
    assert Quote.objects.filter(need=need, workshop=workshop, status="quoted").exists()
    assert "09120000000" in buyer.get(f"/exchange/needs/{need.pk}/").content.decode()
    api = buyer.get(f"/api/exchange/needs/{need.pk}/quotes").json()
    assert api[0]["contact"] == "09120000000 secret"


def test_an_owner_quotes_only_for_their_own_workshops(exchange: dict[str, Any]) -> None:
    buyer = client("buyer")
    assert post_need(buyer).status_code == 302
    need = Need.objects.latest("pk")
    theirs = need.matches.filter(workshop__owner__username="owner").first()
    assert theirs is not None
    intruder = client("owner2")
    response = intruder.post(f"/exchange/needs/{need.pk}/answer/", {
        "workshop": theirs.workshop_id, "price": "1", "lead_days": "1", "action": "quote",
    })  # fmt: skip
    assert response.status_code in (403, 404)
    api = intruder.post(f"/api/exchange/needs/{need.pk}/quotes",
                        json.dumps({"workshop_id": theirs.workshop_id, "price": 1, "lead_days": 1}),
                        content_type="application/json")  # fmt: skip
    assert api.status_code in (403, 404)
    # a buyer (no workshop at all) neither
    response = buyer.post(f"/exchange/needs/{need.pk}/answer/", {
        "workshop": theirs.workshop_id, "price": "1", "lead_days": "1", "action": "quote",
    })  # fmt: skip
    assert response.status_code == 403
    assert not Quote.objects.filter(need=need).exists()


def test_attachments_are_checked_and_served_only_to_the_two_sides(
    exchange: dict[str, Any],
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    buyer, owner = client("buyer"), client("owner")
    assert post_need(buyer).status_code == 302
    need = Need.objects.latest("pk")
    theirs = need.matches.filter(workshop__owner__username="owner").first()
    assert theirs is not None
    fields = {"workshop": theirs.workshop_id, "price": "10", "lead_days": "3", "action": "quote"}
    bad = SimpleUploadedFile("drawing.exe", b"MZ\x90")
    response = owner.post(f"/exchange/needs/{need.pk}/answer/", {**fields, "attachment": bad})
    assert response.status_code == 302 and not Quote.objects.filter(need=need).exists()
    said = owner.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "drawing.exe" in said  # the refusal names the file
    good = SimpleUploadedFile("drawing.pdf", b"%PDF-1.4 a drawing")
    owner.post(f"/exchange/needs/{need.pk}/answer/", {**fields, "attachment": good})
    quote = Quote.objects.get(need=need)
    url = f"/exchange/quotes/{quote.pk}/attachment/"
    got = buyer.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 a drawing"
    assert client("owner2").get(url).status_code == 403
    assert client("buyer2").get(url).status_code == 403  # another firm's buyer
