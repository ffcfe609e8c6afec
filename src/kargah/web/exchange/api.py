"""The exchange in the JSON API (``/api/exchange/``), with the pages' rights
(``kargah.web.exchange.rights``): reading needs what the pages show the same user; posting a
need, quoting and accepting need a session (and its CSRF token) and the same role. A need's
fields are those of the form and of ``REQUEST.json``; a bad one is a 400 naming it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import SessionAuth

from kargah.web.accounts.roles import is_analyst
from kargah.web.exchange import services
from kargah.web.exchange.forms import NeedForm, QuoteForm
from kargah.web.exchange.models import Need, Quote
from kargah.web.exchange.rights import firm_of, may_see_contact, own_workshops, visible_needs

router = Router(tags=["exchange"])


class Session(SessionAuth):
    """Django's session, its CSRF token checked, and a JSON body: a form-encoded one has been
    read as form fields by then and cannot be read again (a 415 saying so, not a 500)."""

    def __call__(self, request: HttpRequest) -> Any:
        if request.content_type != "application/json":
            raise HttpError(415, "send the body as JSON (Content-Type: application/json)")
        return super().__call__(request)


django_auth = Session()
PAGE = 20


class NeedIn(Schema):
    description: str
    isic: str = ""
    product_group: str = ""
    processes: list[str]
    materials: list[str] = []
    certifications: list[str] = []
    monthly_quantity: float
    start: str
    end: str
    county: str = ""
    latitude: float | None = None
    longitude: float | None = None
    size: str = "any"
    visibility: str = "public"
    deadline: str


class NeedOut(Schema):
    id: int
    firm: str
    status: str
    request: dict[str, Any]


class MatchOut(Schema):
    workshop_id: int
    rank: int
    score: float
    reasons: list[str]
    distance_km: float | None
    idle_capacity: float | None


class QuoteIn(Schema):
    workshop_id: int
    price: float | None = None
    lead_days: int | None = None
    notes: str = ""
    decline: bool = False


class QuoteOut(Schema):
    id: int
    workshop_id: int
    status: str
    price: float | None
    lead_days: int | None
    notes: str
    contact: str | None


class Paging(Schema):
    page: int = 1
    lang: str = "fa"


def _out(need: Need) -> dict[str, Any]:
    return {"id": need.pk, "firm": need.firm.code, "status": need.status,
            "request": need.as_dict()}  # fmt: skip


def _visible(request: HttpRequest, need_id: int) -> Need:
    return get_object_or_404(visible_needs(request.user).select_related("firm"), pk=need_id)


@router.get("/needs", response=list[NeedOut])
def list_needs(request: HttpRequest, paging: Query[Paging]) -> list[dict[str, Any]]:
    page = max(min(paging.page, 10**6), 1)
    needs = visible_needs(request.user).select_related("firm")[(page - 1) * 50 : page * 50]
    return [_out(n) for n in needs]


@router.get("/needs/{need_id}", response=NeedOut)
def get_need(request: HttpRequest, need_id: int) -> dict[str, Any]:
    return _out(_visible(request, need_id))


@router.post("/needs", response={201: NeedOut}, auth=django_auth)
def post_need(request: HttpRequest, body: NeedIn) -> tuple[int, dict[str, Any]]:
    firm = firm_of(request.user)
    if firm is None:
        raise HttpError(403, "buyers only")
    posted = QueryDict(mutable=True)
    for name, value in body.dict().items():
        if isinstance(value, list):
            posted.setlist(name, [str(v) for v in value])
        elif value is not None:
            posted[name] = str(value)
    form = NeedForm(posted)
    if not form.is_valid():
        raise HttpError(400, form.error())
    need = services.post_need(form, firm, request.user)  # KargahError: a 400, nothing kept
    return 201, _out(need)


@router.get("/needs/{need_id}/matches", response=list[MatchOut])
def matches(request: HttpRequest, need_id: int, paging: Query[Paging]) -> list[dict[str, Any]]:
    """The ranked workshops, 20 a page, their reasons in ``lang`` (fa or en)."""
    need = _visible(request, need_id)
    if not (is_analyst(request.user) or need.firm == firm_of(request.user)):
        raise HttpError(403, "the firm's buyers and staff only")
    page = max(min(paging.page, 10**6), 1)
    lang = "en" if paging.lang == "en" else "fa"
    rows = need.matches.all()[(page - 1) * PAGE : page * PAGE]
    return [
        {"workshop_id": m.workshop_id, "rank": m.rank, "score": m.score,
         "reasons": [r.get(lang, "") for r in m.reasons], "distance_km": m.distance_km,
         "idle_capacity": m.idle_capacity}
        for m in rows
    ]  # fmt: skip


@router.get("/needs/{need_id}/quotes", response=list[QuoteOut])
def quotes(request: HttpRequest, need_id: int) -> list[dict[str, Any]]:
    """The firm (and staff) see every answer; an owner their own workshops' only. A contact is
    given only where the pages show it."""
    need = _visible(request, need_id)
    found = need.quotes.select_related("workshop")
    if not (is_analyst(request.user) or need.firm == firm_of(request.user)):
        found = found.filter(workshop__in=own_workshops(request.user))
    return [
        {"id": q.pk, "workshop_id": q.workshop_id, "status": q.status,
         "price": float(q.price) if q.price is not None else None, "lead_days": q.lead_days,
         "notes": q.notes,
         "contact": q.workshop.contact if may_see_contact(request.user, q.workshop) else None}
        for q in found
    ]  # fmt: skip


@router.post("/needs/{need_id}/quotes", response={201: QuoteOut}, auth=django_auth)
def answer(request: HttpRequest, need_id: int, body: QuoteIn) -> tuple[int, dict[str, Any]]:
    need = _visible(request, need_id)
    mine = own_workshops(request.user)
    if not mine.filter(pk=body.workshop_id).exists():
        raise HttpError(403, "an owner quotes only for their own workshops")
    if not need.is_open:
        raise HttpError(400, "this need no longer takes quotes")
    reachable = mine.filter(matches__need=need) | mine.filter(invitations=need)
    fields = {"workshop": body.workshop_id, "price": body.price, "lead_days": body.lead_days,
              "notes": body.notes, "action": "decline" if body.decline else "quote"}  # fmt: skip
    form = QuoteForm({k: v for k, v in fields.items() if v is not None},
                     workshops=reachable.distinct())  # fmt: skip
    if not form.is_valid():
        raise HttpError(400, " ".join(f"{f}: {e}" for f, es in form.errors.items() for e in es))
    data = form.cleaned_data
    if form.declining:
        quote = services.answer(need, data["workshop"], request.user, status=Quote.DECLINED)
    else:
        quote = services.answer(need, data["workshop"], request.user, price=data["price"],
                                lead_days=data["lead_days"], notes=data["notes"])  # fmt: skip
    return 201, {"id": quote.pk, "workshop_id": quote.workshop_id, "status": quote.status,
                 "price": float(quote.price) if quote.price is not None else None,
                 "lead_days": quote.lead_days, "notes": quote.notes,
                 "contact": quote.workshop.contact}  # fmt: skip


@router.post("/quotes/{quote_id}/accept", auth=django_auth)
def accept(request: HttpRequest, quote_id: int) -> dict[str, Any]:
    quote = get_object_or_404(Quote.objects.select_related("need"), pk=quote_id)
    firm = firm_of(request.user)
    if firm is None or quote.need.firm_id != firm.pk:
        raise HttpError(403, "the firm's buyers only")
    if quote.status != Quote.QUOTED or quote.need.status != Need.OPEN:
        raise HttpError(400, "this quote can no longer be accepted")
    linkage = services.accept(quote)
    return {"linkage_id": linkage.pk, "value": linkage.value}


@router.get("/statistics")
def statistics(request: HttpRequest) -> dict[str, Any]:
    """Linkages by branch, size class and county (``linkages``), by county alone
    (``counties``), and the small workshops' share among suppliers of large firms by year
    (``suppliers``): public figures, as the page."""
    from kargah.web.exchange.linkages import figures
    from kargah.web.exchange.models import Linkage

    if not Linkage.objects.exists():
        return {"linkages": [], "counties": [], "suppliers": []}
    return figures()


__all__ = ["router"]
