"""Who sees and does what on the exchange (the pages and the API ask the same functions):
staff (analysts, administrators) see everything; a buyer sees their firm's needs and acts on
them; a workshop owner sees the public needs ranked for one of their workshops and the
invite-only needs one of them was sent, and quotes only for their own workshops. A workshop's
contact reaches a buyer only once that workshop has quoted on one of the firm's needs."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kargah.web.accounts.roles import has_role, is_analyst
from kargah.web.exchange.models import Buyer, Firm, Need, Quote
from kargah.web.registry.models import Workshop

__all__ = ["can_buy", "firm_of", "may_see_contact", "own_workshops", "visible_needs"]


def firm_of(user: Any) -> Firm | None:
    """The firm a buyer acts for (None for everyone else)."""
    if not user.is_authenticated or not has_role(user, "buyer"):
        return None
    buyer = Buyer.objects.filter(user=user).select_related("firm").first()
    return buyer.firm if buyer else None


def can_buy(user: Any) -> bool:
    return firm_of(user) is not None


def own_workshops(user: Any) -> QuerySet[Workshop]:
    """The workshops an owner may quote for: their own, none for anyone else."""
    if not user.is_authenticated or not has_role(user, "owner"):
        return Workshop.objects.none()
    return Workshop.objects.filter(owner=user)


def visible_needs(user: Any) -> QuerySet[Need]:
    if not user.is_authenticated:
        return Need.objects.none()
    if is_analyst(user):
        return Need.objects.all()
    firm = firm_of(user)
    if firm is not None:
        return Need.objects.filter(firm=firm)
    if has_role(user, "owner"):
        mine = Workshop.objects.filter(owner=user).values("pk")
        public = Q(visibility="public", matches__workshop__in=mine)
        invited = Q(visibility="invite", invited__in=mine)
        return Need.objects.filter(public | invited | Q(quotes__workshop__in=mine)).distinct()
    return Need.objects.none()


def may_see_contact(user: Any, workshop: Workshop) -> bool:
    """Staff and the owner always; a buyer once the workshop has quoted on one of the firm's
    needs (a declined answer is not a quote)."""
    if not user.is_authenticated:
        return False
    if is_analyst(user) or (workshop.owner_id is not None and workshop.owner_id == user.pk):
        return True
    firm = firm_of(user)
    return (
        firm is not None
        and Quote.objects.filter(
            workshop=workshop,
            need__firm=firm,
            status__in=[Quote.QUOTED, Quote.ACCEPTED, Quote.LOST],
        ).exists()
    )
