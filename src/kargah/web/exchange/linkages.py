"""Linkages on the site: one linkage's page (delivered, rated by both sides) and the statistics
of all of them (``kargah.stats.Linkages`` and ``SupplierShares``), with charts and an XLSX
download. The statistics are public figures: counts and values, no firm or workshop named."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kargah.web.accounts.roles import is_analyst
from kargah.web.exchange import services
from kargah.web.exchange.forms import RatingForm
from kargah.web.exchange.models import Linkage
from kargah.web.exchange.rights import firm_of

#: The columns of the linkage table ``kargah.stats`` reads.
COLUMNS = ["year", "value", "supplier_isic", "supplier_employees", "supplier_county",
           "buyer_employees"]  # fmt: skip


def _side(user: Any, linkage: Linkage) -> str | None:
    """ "buyer", "workshop", "staff" or None (may not see it)."""
    if linkage.firm == firm_of(user):
        return "buyer"
    if user.is_authenticated and linkage.workshop.owner_id == user.pk:
        return "workshop"
    return "staff" if is_analyst(user) else None


@login_required
def linkage(request: HttpRequest, pk: int) -> HttpResponse:
    """Template: ``exchange/linkage.html``."""
    found = get_object_or_404(Linkage.objects.select_related("need", "workshop", "firm",
                                                             "quote"), pk=pk)  # fmt: skip
    side = _side(request.user, found)
    if side is None:
        raise PermissionDenied
    return render(request, "exchange/linkage.html",
                  {"linkage": found, "side": side, "form": RatingForm()})  # fmt: skip


@login_required
@require_POST
def delivered(request: HttpRequest, pk: int) -> HttpResponse:
    """The buyer marks it delivered (today): the workshop's booked capacity is free again."""
    found = get_object_or_404(Linkage, pk=pk)
    if _side(request.user, found) != "buyer":
        raise PermissionDenied
    if found.status == Linkage.RUNNING:
        services.deliver(found)
        messages.success(request, _("Marked delivered."))
    return redirect("exchange:linkage", found.pk)


@login_required
@require_POST
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    """Each side rates the other (1–5) once the linkage is delivered."""
    found = get_object_or_404(Linkage, pk=pk)
    side = _side(request.user, found)
    if side not in {"buyer", "workshop"}:
        raise PermissionDenied
    form = RatingForm(request.POST)
    if found.status != Linkage.DELIVERED or not form.is_valid():
        messages.error(request, _("Rate a delivered linkage from 1 to 5."))
    else:
        field = "buyer_rating" if side == "buyer" else "workshop_rating"
        setattr(found, field, form.cleaned_data["rating"])
        found.save(update_fields=[field])
        if side == "buyer":  # the workshop's rating on the exchange changed
            from kargah.web.exchange.capabilities import refresh

            refresh([found.workshop_id])
        messages.success(request, _("Thank you: the rating is saved."))
    return redirect("exchange:linkage", found.pk)


def linkage_table(jalali: bool = False) -> dict[str, list[Any]]:
    """Every linkage as the statistics read it: its year (Gregorian; ``jalali``: the Jalali
    year, as a Persian page's readers count years), value and both sides."""
    from persiantools.jdatetime import JalaliDate

    rows = Linkage.objects.values_list("start", "value", "workshop__isic", "workshop__employees",
                                       "workshop__county", "firm__employees")  # fmt: skip
    table: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    for start, *rest in rows:
        for column, value in zip(
            COLUMNS, (JalaliDate(start).year if jalali else start.year, *rest), strict=True
        ):
            table[column].append(value)
    return table


def figures(jalali: bool = False) -> dict[str, list[dict[str, Any]]]:
    """``linkages`` by branch, size class and county; ``counties`` by county alone (the
    chart); ``suppliers``: the small workshops' share among suppliers of large firms by year."""
    from kargah.stats import Linkages, SupplierShares

    table = linkage_table(jalali)
    return {
        "linkages": Linkages().compute(table),
        "counties": Linkages(by=("county",)).compute(table),
        "suppliers": SupplierShares().compute(table),
    }


def statistics(request: HttpRequest) -> HttpResponse:
    """Linkages and their value by county, branch and size class; the small workshops' share
    over time; ``?format=xlsx`` downloads them. Template: ``exchange/statistics.html``."""
    from kargah.web.charts import chart_context, class_title, linkage_counties, supplier_shares

    if not Linkage.objects.exists():
        return render(request, "exchange/statistics.html", {"empty": True})
    found = figures(jalali=get_language() == "fa")
    if request.GET.get("format") == "xlsx":
        return _xlsx(found)
    counties = linkage_counties(found["counties"], _("Linkages and their value by county"))
    shares = supplier_shares(
        found["suppliers"], _("Share of small workshops among suppliers of large firms")
    )
    for row in found["linkages"]:
        row["size_title"] = class_title(str(row.get("size_class") or ""))
    return render(request, "exchange/statistics.html", {
        **chart_context(counties, shares), "total": Linkage.objects.count(),
        "rows": found["linkages"], "synthetic": Linkage.objects.filter(synthetic=True).exists(),
    })  # fmt: skip


def _xlsx(found: dict[str, list[dict[str, Any]]]) -> HttpResponse:
    import tempfile
    from pathlib import Path

    import pandas as pd

    from kargah.tables import write_workbook

    sheets = {name: pd.DataFrame(rows) for name, rows in found.items() if name != "counties"}
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(sheets, Path(folder) / "kargah-linkages.xlsx")
        body = path.read_bytes()
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="kargah-linkages.xlsx"'
    return response
