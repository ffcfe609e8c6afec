"""The exchange's round without a browser: a need is ranked with reasons in both languages;
quotes notify the buyer (on the site and by e-mail); acceptance records the linkage and books
the workshop's capacity for the period, so the next need's match sees less idle capacity (and
sees it again once delivered); the "deadline near" job; statistics and their XLSX."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts
from kargah.web.exchange import services
from kargah.web.exchange.demo import load_demo_exchange
from kargah.web.exchange.models import Booking, Linkage, Need, Notice, Quote
from kargah.web.registry.models import Workshop

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def demo() -> None:
    Workshop.objects.load_frame(synthetic_registry(60, seed=21))
    demo_accounts()
    load_demo_exchange()
    User.objects.filter(username="owner").update(email="owner@example.com")


def client(user: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=user))
    return c


def post(c: Client, quantity: int = 500) -> Need:
    data = {
        "description": "Turned steel pins", "processes": ["machining"],
        "materials": ["metal.steel"], "monthly_quantity": str(quantity),
        "start": (TODAY + timedelta(days=20)).isoformat(),
        "end": (TODAY + timedelta(days=120)).isoformat(), "county": "Rasht", "size": "any",
        "visibility": "public", "deadline": (TODAY + timedelta(days=7)).isoformat(),
    }  # fmt: skip
    assert c.post("/exchange/needs/new/", data).status_code == 302
    return Need.objects.latest("pk")


def idle_of(need: Need, workshop_id: int) -> float | None:
    return need.matches.get(workshop_id=workshop_id).idle_capacity


def test_quote_accept_book_and_free(demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    buyer, owner = client("buyer"), client("owner")
    need = post(buyer)
    assert Notice.objects.filter(user__username="owner", kind="matching", need=need).exists()
    page = buyer.get(f"/exchange/needs/{need.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Capability" in page or "capability" in page  # the reasons, in English
    mine = need.matches.filter(workshop__owner__username="owner", workshop__idle__gt=0)
    chosen = mine.first()
    assert chosen is not None
    before = idle_of(need, chosen.workshop_id)
    assert before and before > 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes once committed
        owner.post(f"/exchange/needs/{need.pk}/answer/", {
            "workshop": chosen.workshop_id, "price": "100000", "lead_days": "12",
            "action": "quote"})  # fmt: skip
    quote = Quote.objects.get(need=need, workshop_id=chosen.workshop_id)
    assert Notice.objects.filter(user__username="buyer", kind="quoted", need=need).exists()
    assert any("buyer@example.com" in m.to for m in mail.outbox)
    response = buyer.post(f"/exchange/quotes/{quote.pk}/accept/")
    assert response.status_code == 302
    linkage = Linkage.objects.get(quote=quote)
    assert Booking.objects.filter(linkage=linkage).count() >= 4  # one a month of the period
    assert Notice.objects.filter(user__username="owner", kind="accepted").exists()
    # the next need over the same months sees the capacity taken
    again = post(buyer, quantity=10)
    after = (
        idle_of(again, chosen.workshop_id)
        if again.matches.filter(workshop_id=chosen.workshop_id).exists()
        else 0.0
    )
    assert after == pytest.approx(max(before - need.monthly_quantity, 0.0))
    # delivered: the capacity is back, and the workshop has one more completed linkage
    assert buyer.post(f"/exchange/linkages/{linkage.pk}/delivered/").status_code == 302
    assert not Booking.objects.filter(linkage=linkage).exists()
    services.rank(again)
    assert idle_of(again, chosen.workshop_id) == pytest.approx(before)
    assert buyer.post(f"/exchange/linkages/{linkage.pk}/rate/", {"rating": "5"}).status_code == 302
    assert owner.post(f"/exchange/linkages/{linkage.pk}/rate/", {"rating": "4"}).status_code == 302
    linkage.refresh_from_db()
    assert (linkage.buyer_rating, linkage.workshop_rating, linkage.on_time) == (5, 4, True)


def test_deadline_near_is_sent_once_and_the_job_queues_itself(demo: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    from kargah.web.exchange.tasks import deadline_near, schedule

    need = post(client("buyer"))
    Need.objects.filter(pk=need.pk).update(deadline=TODAY + timedelta(days=1))
    assert services.remind() > 0
    assert Notice.objects.filter(kind="deadline", need=need, user__username="buyer").exists()
    assert Notice.objects.filter(kind="deadline", need=need, user__username="owner").exists()
    assert services.remind() == 0  # once per need
    queued = DBTaskResult.objects.filter(task_path=deadline_near.module_path, status="READY")
    assert queued.exists()  # posting the need queued the periodic job
    assert not schedule()  # one is waiting: not a second
    assert deadline_near.call() == 0
    assert queued.count() == 2  # the run queued its successor (the first was never claimed)


def test_statistics_page_api_and_xlsx(demo: Any) -> None:
    from openpyxl import load_workbook

    anyone = Client()
    page = anyone.get("/exchange/statistics/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="chart-linkages"' in text and 'id="chart-suppliers"' in text
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import load_schema

    for chart in page.context["charts"].values():  # built unvalidated: valid all the same
        validate_jsonschema(chart.spec, load_schema())
    persian = anyone.get("/exchange/statistics/", HTTP_ACCEPT_LANGUAGE="fa").context["charts"]
    assert persian["linkages"].title == "پیوندها و ارزش آن‌ها در هر شهرستان"
    assert any("رشت" in row[0] for row in persian["linkages"].rows)  # counties in Persian
    # years as each page's readers count them: Jalali in Persian (۱۴۰۳), Gregorian in English
    english = page.context["charts"]["suppliers"].rows
    assert {row[0][:2] for row in persian["suppliers"].rows} == {"۱۴"}
    assert {row[0][:2] for row in english} == {"20"}
    total = Linkage.objects.count()
    assert f"{total} linkages in all" in text
    data = anyone.get("/api/exchange/statistics").json()
    assert sum(r["linkages"] for r in data["linkages"]) == total
    xlsx = anyone.get("/exchange/statistics/?format=xlsx")
    book = load_workbook(BytesIO(xlsx.content), read_only=True)
    assert {"linkages", "suppliers"} <= set(book.sheetnames)
    rows = list(book["linkages"].iter_rows(values_only=True))
    assert sum(r[rows[0].index("linkages")] for r in rows[1:]) == total


def test_the_administrators_weights_rank(demo: Any) -> None:
    """All the weight on distance: the matches come nearest first."""
    from kargah.web.exchange.models import Weights

    Weights.objects.create(capability=0, capacity=0, distance=1, size=0, performance=0)
    need = post(client("buyer"))
    distances = [m.distance_km for m in need.matches.order_by("rank")]
    assert len(distances) > 2 and distances == sorted(distances)
    Weights.objects.update(distance=0, capacity=1)
    services.rank(need)
    idle = [m.idle_capacity or 0.0 for m in need.matches.order_by("rank")]
    capped = [min(i, need.monthly_quantity) for i in idle]  # the part is full from the quantity
    assert capped == sorted(capped, reverse=True)


def test_an_import_is_indexed_by_the_worker(django_capture_on_commit_callbacks: Any) -> None:
    """The site's import sends no per-row signals: it queues the index of its workshops."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tasks_db.models import DBTaskResult

    from kargah.web.exchange.models import Profile
    from kargah.web.exchange.tasks import index_loaded

    demo_accounts()
    admin = client("admin")
    body = synthetic_registry(25, seed=8).to_csv(index=False).encode("utf-8-sig")
    preview = admin.post("/registry/import/", {"file": SimpleUploadedFile("w.csv", body)})
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/registry/import/{preview.context['token']}/confirm/")
    assert Workshop.objects.count() == 25 and not Profile.objects.exists()
    assert DBTaskResult.objects.filter(task_path=index_loaded.module_path).count() == 1
    assert index_loaded.call() == 25
    assert Profile.objects.count() == 25


def test_weights_all_zero_are_refused() -> None:
    from django.core.exceptions import ValidationError

    from kargah.web.exchange.models import Weights

    with pytest.raises(ValidationError):
        Weights(capability=0, capacity=0, distance=0, size=0, performance=0).full_clean()
    Weights(capability=0, capacity=1).full_clean()  # the blank ones are the defaults
    with pytest.raises(ValidationError):
        Weights(capability=-1).full_clean()


def test_the_demo_writes_its_persian_in_persian_digits(demo: Any) -> None:
    """The demo's needs are written in Persian: "سفارش پیشین 31" mixed Latin digits in."""
    descriptions = list(Need.objects.values_list("description", flat=True))
    assert len(descriptions) > 30
    assert not [d for d in descriptions if any("0" <= c <= "9" for c in d)]


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_no_workshop_in_the_index(demo: Any) -> None:
    """The index's tables are the core's, not Django models: a flush (every transactional test,
    `kargah manage flush`) left their rows, and the next ranking matched workshops that were no
    longer there (a foreign-key failure at commit: test_phone_layout after
    test_exchange_browser)."""
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM exchange_profile")
        assert cursor.fetchone()[0] > 0
    call_command("flush", interactive=False)
    with connection.cursor() as cursor:
        for table in ("exchange_profile", "exchange_profilecode"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            assert cursor.fetchone()[0] == 0, table


def test_the_reports_linkage_years_follow_the_reports_language(demo: Any) -> None:
    """A Persian report counts the suppliers' share by Jalali year, as the Persian page does."""
    from django.utils import translation

    from kargah.reports import Figure
    from kargah.web.reports.parts import exchange_section

    def years(language: str) -> set[str]:
        with translation.override(language):
            found = exchange_section()
        assert found is not None
        tables = [b.table for b in found.blocks if isinstance(b, Figure) and b.table]
        return {str(row[0])[:2] for row in tables[-1].rows}

    assert years("fa") == {"۱۴"}
    assert years("en") == {"20"}
