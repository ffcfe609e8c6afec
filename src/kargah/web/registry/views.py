"""Registry pages. Each view reads the request, asks a model manager or a core, renders."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kargah.registry import catalog, counties
from kargah.sizeclass import definitions
from kargah.web.accounts.roles import can_edit, has_role, is_analyst
from kargah.web.registry.forms import EDITABLE, WorkshopForm
from kargah.web.registry.listing import page_of_workshops
from kargah.web.registry.models import PROVINCE, ProductGroup, Workshop, WorkshopChange
from kargah.web.registry.queries import chosen_definition

PAGE = 50


#: The list's optional columns (``?cols=``), the name always shown; the first five by default.
COLUMNS = {
    "county": gettext_lazy("County"), "isic": gettext_lazy("Activity (ISIC)"),
    "employees": gettext_lazy("Employees"), "size": gettext_lazy("Size class"),
    "idle": gettext_lazy("Idle capacity"), "capital": gettext_lazy("Capital"),
    "ownership": gettext_lazy("Ownership"), "founded": gettext_lazy("Founded"),
}  # fmt: skip
DEFAULT_COLUMNS = ["county", "isic", "employees", "size", "idle"]
#: Columns that sort largest first on the first click.
DESCENDING = {"employees", "idle", "capital", "founded"}


def workshop_list(request: HttpRequest) -> HttpResponse:
    """Workshops with filters (county, activity, ownership, product group, size class under the
    chosen definition, idle capacity, ``?mine=1`` for one's own), a search that ignores keyboard
    and digit differences, sortable columns (``?sort=``) and a column chooser (``?cols=``); every
    choice is in the URL, so a view is saved by bookmarking it. An owner opening the list
    without any choice lands on their own workshops.

    Template: ``registry/workshop_list.html``."""
    user = request.user
    owns = user.is_authenticated and Workshop.objects.filter(owner=user).exists()
    if not request.GET and owns and has_role(user, "owner"):
        return redirect(f"{request.path}?mine=1")
    definition, usable = chosen_definition(request.GET)
    mine = request.GET.get("mine") == "1" and user.is_authenticated
    page = page_of_workshops(
        Workshop.objects.filter(owner=user) if mine else Workshop.objects.all(),
        request.GET,
        definition,
        per_page=PAGE,
    )
    lang = get_language() or "fa"
    labels = {c.name: c.title(lang) for c in definition.classes}
    places = {c.en: c.name(lang) for c in counties(PROVINCE)}
    ownership = dict(Workshop.OWNERSHIP)
    rows = [
        (
            w,
            places.get(w.county, w.county),
            labels.get(definition.classify_values(_values(w)) or ""),
            ownership.get(w.ownership, w.ownership),
        )
        for w in page.object_list
    ]
    cols = [c for c in request.GET.getlist("cols") if c in COLUMNS] or DEFAULT_COLUMNS
    query = request.GET.copy()
    query.pop("page", None)
    sort = request.GET.get("sort", "")
    unsorted = query.copy()
    unsorted.pop("sort", None)
    headers = []
    for key in cols:
        first = f"-{key}" if key in DESCENDING else key
        flipped = key if sort == f"-{key}" else f"-{key}" if sort == key else first
        arrow = "↓" if sort == f"-{key}" else "↑" if sort == key else ""
        headers.append((key, COLUMNS[key], flipped if key != "size" else None, arrow))
    return render(
        request,
        "registry/workshop_list.html",
        {
            "page": page,
            "rows": rows,
            "total": page.paginator.count,
            "uncounted": page.paginator.counted is None,
            "capped": page.paginator.capped,
            "clipped": page.paginator.clipped,
            "reach": page.paginator.num_pages * PAGE,
            "count_all": f"{query.urlencode()}&count=all" if query else "count=all",
            "definition": definition,
            "definitions": usable,
            "counties": counties(PROVINCE),
            "groups": ProductGroup.objects.order_by("code"),
            "ownerships": Workshop.OWNERSHIP,
            "query": query.urlencode(),
            "unsorted": unsorted.urlencode(),
            "cols": cols,
            "columns": list(COLUMNS.items()),
            "headers": headers,
            "mine": mine,
            "owns": owns,
            "synthetic": Workshop.objects.filter(synthetic=True).exists(),
            "can_export_full": is_analyst(user),
            "export_cap": (
                None if user.is_authenticated else settings.KARGAH_ANONYMOUS_EXPORT_ROWS
            ),
        },
    )


def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One workshop, with its size class under every definition that can classify it.

    Template: ``registry/workshop_detail.html``."""
    workshop = get_object_or_404(Workshop, pk=pk)
    values = _values(workshop)
    lang = get_language() or "fa"
    classes = []
    for d in definitions():
        if d.criteria <= set(values):
            found = d.classify_values(values)
            classes.append((d, next((c.title(lang) for c in d.classes if c.name == found), None)))
    place = next((c for c in counties(workshop.province) if c.en == workshop.county), None)
    return render(
        request,
        "registry/workshop_detail.html",
        {
            "w": workshop,
            "classes": classes,
            "county": place.name(lang) if place else workshop.county,
            "groups": workshop.product_groups.all(),
            "catalog_synthetic": catalog().synthetic,
            "can_edit": can_edit(request.user, workshop),
            "changes": [
                (change, _changed_fields(change))
                for change in workshop.changes.select_related("user")[:20]
            ],
        },
    )


@login_required
def workshop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit one workshop: administrators and analysts any, an owner only their own. Every saved
    edit is kept in the history with the values before and after.

    Template: ``registry/workshop_form.html``."""
    workshop = get_object_or_404(Workshop, pk=pk)
    if not can_edit(request.user, workshop):
        raise PermissionDenied
    before = workshop.snapshot(EDITABLE)  # the form changes the instance while it validates
    form = WorkshopForm(request.POST or None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            after = workshop.snapshot(EDITABLE)
            changed = [f for f in EDITABLE if before[f] != after[f]]
            if changed:
                WorkshopChange.objects.create(
                    workshop=workshop,
                    user=request.user,
                    before={f: before[f] for f in changed},
                    after={f: after[f] for f in changed},
                )
        messages.success(request, _("Saved."))
        return redirect("registry:detail", pk=pk)
    return render(request, "registry/workshop_form.html", {"w": workshop, "form": form})


@permission_required("registry.add_workshop", raise_exception=True)
def workshop_create(request: HttpRequest) -> HttpResponse:
    """Add one workshop by hand.

    Template: ``registry/workshop_form.html``."""
    workshop = Workshop(province=PROVINCE)
    form = WorkshopForm(request.POST or None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("registry:detail", pk=workshop.pk)
    return render(request, "registry/workshop_form.html", {"w": None, "form": form})


@login_required
@require_POST
def change_revert(request: HttpRequest, pk: int, change: int) -> HttpResponse:
    """Undo one edit: its earlier values come back, and the undoing is itself in the history."""
    workshop = get_object_or_404(Workshop, pk=pk)
    if not can_edit(request.user, workshop):
        raise PermissionDenied
    with transaction.atomic():
        get_object_or_404(WorkshopChange, pk=change, workshop=workshop).revert(request.user)
    messages.success(request, _("The edit was undone."))
    return redirect("registry:detail", pk=pk)


def _changed_fields(change: WorkshopChange) -> list[tuple[str, str, str]]:
    """Each field an edit changed as (its name in the reader's language, before, after)."""

    def shown(value: object) -> str:
        if isinstance(value, list):
            return (
                "، ".join(map(str, value)) if get_language() == "fa" else ", ".join(map(str, value))
            )
        return "—" if value is None or value == "" else str(value)

    return [
        (str(Workshop._meta.get_field(field).verbose_name), shown(change.before.get(field)),
         shown(after))
        for field, after in change.after.items()
    ]  # fmt: skip


def _values(w: Workshop) -> dict[str, float | None]:
    return {
        "employees": w.employees,
        "capital": w.capital,
        "electricity_kw": w.electricity_kw,
        "floor_m2": w.floor_m2,
    }
