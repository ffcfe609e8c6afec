"""The exchange's steps, each one transaction: rank a need (the core's Matcher on the candidate
columns), quote or decline, accept (the linkage and its bookings), deliver and rate; and the
notices each step sends, on the site and by e-mail."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from kargah.errors import KargahError
from kargah.web.exchange.capabilities import match, months, refresh
from kargah.web.exchange.models import Booking, Linkage, Match, Need, Notice, Quote, Weights

__all__ = ["STORED", "accept", "answer", "core_need", "deliver", "notify", "rank", "remind"]

#: Matches kept per need: the buyer pages through them 20 at a time; owners of these see it.
STORED = 100
#: "Deadline near": this many days before the deadline for quotes.
NEAR = timedelta(days=2)


def core_need(need: Need) -> Any:
    """The core's ``Need`` of a stored one (checked as of the day it was posted: a past
    deadline does not stop an old need being ranked again)."""
    from kargah.exchange import Need as CoreNeed

    posted = need.created.date() if need.created else date.today()
    return CoreNeed.from_dict(need.as_dict(), today=min(posted, need.deadline))


@transaction.atomic
def post_need(form: Any, firm: Any, buyer: Any) -> Need:
    """A buyer's need from its valid ``NeedForm``: saved, ranked, and the "deadline near" job
    queued. One the core refuses (what the form let through) is not kept: KargahError."""
    need = form.save(commit=False)
    need.firm, need.buyer = firm, buyer
    need.save()
    form.save_m2m()
    try:
        rank(need)
    except KargahError:
        need.delete()
        raise
    from kargah.web.exchange.tasks import schedule

    schedule()
    return need


@transaction.atomic
def rank(need: Need, *, tell: bool = True) -> list[Match]:
    """Rank the workshops for a need and store the first :data:`STORED`; the owners of public
    needs' newly matched workshops are told (``tell``)."""
    matcher = match(core_need(need), Weights.current(), STORED)
    before = set(need.matches.values_list("workshop_id", flat=True))
    need.matches.all().delete()
    rows = [
        Match(
            need=need,
            workshop_id=m.workshop_id,
            rank=i,
            score=m.score,
            reasons=[{"fa": r.text("fa"), "en": r.text("en")} for r in m.reasons],
            distance_km=m.distance_km,
            idle_capacity=m.idle_capacity,
        )
        for i, m in enumerate(matcher.matches_, start=1)
    ]
    Match.objects.bulk_create(rows)
    if tell and need.visibility == "public":
        from kargah.web.registry.models import Workshop

        new = {m.workshop_id for m in rows} - before
        owners = Workshop.objects.filter(pk__in=new, owner__isnull=False)
        for user_id in set(owners.values_list("owner_id", flat=True)):
            notify(user_id, Notice.MATCHING, need)
    return rows


def notify(user: Any, kind: str, need: Need) -> Notice:
    """A notice on the site and the same by e-mail (when the user has an address), in the
    site's language (an e-mail has no reader's page to follow)."""
    from django.contrib.auth import get_user_model

    if not hasattr(user, "pk"):
        user = get_user_model().objects.get(pk=user)
    notice = Notice.objects.create(user=user, kind=kind, need=need)
    if user.email:
        with translation.override(settings.LANGUAGE_CODE):
            subject = str(dict(Notice.KINDS)[kind])
            link = reverse("exchange:need", args=[need.pk])
            transaction.on_commit(
                lambda: send_mail(
                    f"Kargah: {subject}",
                    f"{subject}\n{need}\n{link}\n",
                    None,
                    [user.email],
                    fail_silently=True,
                )
            )
    return notice


@transaction.atomic
def answer(need: Need, workshop: Any, user: Any, **fields: Any) -> Quote:
    """A workshop's quote (or ``status="declined"``), replacing its earlier answer; the buyer
    is told of a quote."""
    status = fields.pop("status", Quote.QUOTED)
    quote, _ = Quote.objects.update_or_create(
        need=need, workshop=workshop, defaults={**fields, "status": status, "author": user}
    )
    if status == Quote.QUOTED and need.buyer_id:
        notify(need.buyer, Notice.QUOTED, need)
    return quote


@transaction.atomic
def accept(quote: Quote) -> Linkage:
    """The buyer's choice: the linkage, its monthly bookings of the workshop's capacity, the
    other quotes not chosen, the need awarded, the workshop's owner told."""
    need = quote.need
    Quote.objects.filter(need=need).exclude(pk=quote.pk).filter(status=Quote.QUOTED).update(
        status=Quote.LOST
    )
    quote.status = Quote.ACCEPTED
    quote.save(update_fields=["status"])
    span = months(need.start, need.end)
    price = float(quote.price or Decimal(0))
    linkage = Linkage.objects.create(
        quote=quote, need=need, workshop=quote.workshop, firm=need.firm, start=need.start,
        end=need.end, monthly_quantity=need.monthly_quantity,
        value=price * need.monthly_quantity * len(span),
    )  # fmt: skip
    Booking.objects.bulk_create(
        Booking(workshop=quote.workshop, linkage=linkage, month=m, quantity=need.monthly_quantity)
        for m in span
    )
    need.status = Need.AWARDED
    need.save(update_fields=["status"])
    if quote.workshop.owner_id:
        notify(quote.workshop.owner, Notice.ACCEPTED, need)
    return linkage


@transaction.atomic
def deliver(linkage: Linkage, on: date | None = None) -> Linkage:
    """Marked delivered: on time when by the end of its period; its capacity is free again."""
    linkage.delivered = on or date.today()
    linkage.on_time = linkage.delivered <= linkage.end
    linkage.status = Linkage.DELIVERED
    linkage.save(update_fields=["delivered", "on_time", "status"])
    linkage.bookings.all().delete()
    refresh([linkage.workshop_id])  # its completed linkages and on-time share changed
    return linkage


def remind(today: date | None = None) -> int:
    """ "Deadline near": the buyers of open needs whose deadline is within :data:`NEAR`, and
    the owners of workshops matched or invited that have not answered, once per need."""
    from kargah.web.registry.models import Workshop

    today = today or date.today()
    due = Need.objects.filter(status=Need.OPEN, reminded=False, deadline__gte=today,
                              deadline__lte=today + NEAR)  # fmt: skip
    sent = 0
    for need in due:
        with transaction.atomic():
            if not Need.objects.filter(pk=need.pk, reminded=False).update(reminded=True):
                continue  # another worker took it
            users = {need.buyer_id} if need.buyer_id else set()
            answered = need.quotes.values("workshop_id")
            asked = (
                need.invited.all()
                if need.visibility == "invite"
                else Workshop.objects.filter(matches__need=need)
            )
            users |= set(
                asked.exclude(pk__in=answered).exclude(owner=None).values_list("owner_id",
                                                                               flat=True)
            )  # fmt: skip
            for user_id in users:
                notify(user_id, Notice.DEADLINE, need)
                sent += 1
    return sent
