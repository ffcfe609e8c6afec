"""The exchange's pages: the list of needs (a buyer's firm's, the needs matching an owner's
workshops, all for staff), posting a need, a need's ranked matches and its quotes side by side,
answering, inviting, accepting, and the notices. Rights: ``kargah.web.exchange.rights``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, Q, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kargah.errors import KargahError
from kargah.web.accounts.roles import has_role, is_analyst
from kargah.web.exchange import services
from kargah.web.exchange.forms import InviteForm, NeedForm, QuoteForm
from kargah.web.exchange.models import Need, Notice, Quote
from kargah.web.exchange.rights import firm_of, may_see_contact, own_workshops, visible_needs

#: Matches shown a page.
PAGE = 20


def _need(request: HttpRequest, pk: int) -> Need:
    """A need the user may see; any other is 404 (not 403: an invite-only need's existence is
    the firm's business)."""
    return get_object_or_404(visible_needs(request.user).select_related("firm"), pk=pk)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Template: ``exchange/index.html``."""
    needs = (
        visible_needs(request.user)
        .select_related("firm")
        .annotate(answers=Count("quotes", filter=Q(quotes__status=Quote.QUOTED), distinct=True))
        .order_by(Case(When(status=Need.OPEN, then=0), default=1), "-deadline", "-id")
    )  # the open ones first
    page = Paginator(needs, 50).get_page(request.GET.get("page"))
    unread = Notice.objects.filter(user=request.user, read=False)[:20]
    return render(request, "exchange/index.html", {
        "page": page, "firm": firm_of(request.user), "notices": unread,
        "owner": own_workshops(request.user).exists(), "staff": is_analyst(request.user),
        "buyer_without_firm": has_role(request.user, "buyer") and firm_of(request.user) is None,
    })  # fmt: skip


@login_required
def new_need(request: HttpRequest) -> HttpResponse:
    """A buyer posts a need for their firm. Template: ``exchange/need_form.html``."""
    firm = firm_of(request.user)
    if firm is None:
        raise PermissionDenied
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.post_need(form, firm, request.user)
        except KargahError as error:  # the core refused what the form let through
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The need is posted and ranked."))
            return redirect("exchange:need", need.pk)
    return render(request, "exchange/need_form.html", {"form": form, "firm": firm},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
def need(request: HttpRequest, pk: int) -> HttpResponse:
    """A need: its ranked matches (the firm and staff), the quotes side by side, and the owner's
    answer form. Template: ``exchange/need_detail.html``."""
    need = _need(request, pk)
    user = request.user
    can_accept = need.firm == firm_of(user)
    buyer = can_accept or is_analyst(user)
    mine = own_workshops(user)
    lang = "fa" if get_language() == "fa" else "en"
    context: dict[str, Any] = {"need": need, "buyer": buyer, "lang": lang, "can_accept": can_accept}
    if buyer:
        matches = need.matches.select_related("workshop")
        if need.visibility == "invite" and can_accept:
            context["invited"] = set(need.invited.values_list("pk", flat=True))
        context["page"] = Paginator(matches, PAGE).get_page(request.GET.get("page"))
        quotes = list(need.quotes.select_related("workshop").exclude(status=Quote.DECLINED))
        for q in quotes:
            q.contact = q.workshop.contact if may_see_contact(user, q.workshop) else None
        context["quotes"] = quotes
        context["declined"] = need.quotes.filter(status=Quote.DECLINED).count()
    if mine.exists():
        reachable = mine.filter(Q(matches__need=need) | Q(invitations=need)).distinct()
        context["own"] = list(reachable)
        context["answers"] = {q.workshop_id: q for q in need.quotes.filter(workshop__in=mine)}
        if need.is_open:
            context["form"] = QuoteForm(workshops=reachable)
    linkage = need.linkages.first()
    if linkage is not None and (buyer or linkage.workshop.owner_id == user.pk):
        context["linkage"] = linkage
    return render(request, "exchange/need_detail.html", context)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """An owner's quote or refusal, for one of their own workshops only."""
    need = _need(request, pk)
    if not need.is_open:
        messages.error(request, _("This need no longer takes quotes."))
        return redirect("exchange:need", need.pk)
    mine = own_workshops(request.user)
    reachable = mine.filter(Q(matches__need=need) | Q(invitations=need)).distinct()
    form = QuoteForm(request.POST, request.FILES, workshops=reachable)
    if not form.is_valid():
        posted = str(request.POST.get("workshop", ""))
        if not mine.exists() or (posted.isdigit() and not mine.filter(pk=int(posted)).exists()):
            raise PermissionDenied  # someone else's workshop (or no workshop at all)
        messages.error(request, " ".join(str(e) for es in form.errors.values() for e in es))
        return redirect("exchange:need", need.pk)
    data = form.cleaned_data
    if form.declining:
        services.answer(need, data["workshop"], request.user, status=Quote.DECLINED)
        messages.success(request, _("You declined this need."))
    else:
        fields = {k: data[k] for k in ("price", "lead_days", "notes")}
        if data.get("attachment"):
            fields["attachment"] = data["attachment"]
        services.answer(need, data["workshop"], request.user, **fields)
        messages.success(request, _("Your quote is sent."))
    return redirect("exchange:need", need.pk)


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The buyer accepts one quote of an open need of their firm."""
    quote = get_object_or_404(Quote.objects.select_related("need", "workshop"), pk=pk)
    firm = firm_of(request.user)
    if firm is None or quote.need.firm_id != firm.pk:
        raise PermissionDenied
    if quote.status != Quote.QUOTED or quote.need.status != Need.OPEN:
        messages.error(request, _("This quote can no longer be accepted."))
        return redirect("exchange:need", quote.need_id)
    linkage = services.accept(quote)
    messages.success(request, _("Quote accepted: the linkage is recorded."))
    return redirect("exchange:linkage", linkage.pk)


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """The buyer sends an invite-only need to a workshop (one of its matches or any other)."""
    need = _need(request, pk)
    if need.firm != firm_of(request.user):
        raise PermissionDenied
    form = InviteForm(request.POST)
    if form.is_valid() and need.visibility == "invite":
        workshop = form.cleaned_data["workshop"]
        need.invited.add(workshop)
        if workshop.owner_id:
            services.notify(workshop.owner, Notice.MATCHING, need)
        messages.success(request, _("The workshop is invited."))
    else:
        messages.error(request, _("Choose a workshop to invite to an invite-only need."))
    return redirect("exchange:need", need.pk)


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """A quote's attachment: for the firm that asked, the workshop's owner and staff."""
    quote = get_object_or_404(Quote.objects.select_related("need", "workshop"), pk=pk)
    user = request.user
    allowed = (is_analyst(user) or quote.workshop.owner_id == user.pk
               or quote.need.firm == firm_of(user))  # fmt: skip
    if not allowed:
        raise PermissionDenied
    if not quote.attachment:
        raise Http404("no attachment")
    name = quote.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(quote.attachment.open("rb"), as_attachment=True, filename=name)


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    """The user's notices; POST marks them read. Template: ``exchange/notices.html``."""
    mine = Notice.objects.filter(user=request.user).select_related("need")
    if request.method == "POST":
        mine.filter(read=False).update(read=True)
        return redirect("exchange:notices")
    page = Paginator(mine, 50).get_page(request.GET.get("page"))
    return render(request, "exchange/notices.html", {"page": page})
