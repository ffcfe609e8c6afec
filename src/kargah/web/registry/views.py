"""Registry pages. Each view reads the request, asks a model manager or a core, renders."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from kargah.registry import catalog, counties
from kargah.sizeclass import definitions, get_definition
from kargah.web.registry.models import ProductGroup, Workshop
from kargah.web.registry.queries import can_filter, filter_workshops

PROVINCE = "Gilan"
PAGE = 50


def _definition(request: HttpRequest):  # type: ignore[no-untyped-def]
    wanted = request.GET.get("definition") or "sci-iran"
    usable = [d for d in definitions() if can_filter(d)]
    return next((d for d in usable if d.id == wanted), get_definition("sci-iran")), usable


def workshop_list(request: HttpRequest) -> HttpResponse:
    """Workshops with filters (county, activity, ownership, product group, size class under the
    chosen definition, idle capacity) and a search that ignores keyboard and digit differences.

    Template: ``registry/workshop_list.html``."""
    definition, usable = _definition(request)
    found = filter_workshops(Workshop.objects.all(), request.GET, definition)
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    lang = get_language() or "fa"
    labels = {c.name: c.title(lang) for c in definition.classes}
    places = {c.en: c.name(lang) for c in counties(PROVINCE)}
    rows = [
        (
            w,
            places.get(w.county, w.county),
            labels.get(definition.classify_values(_values(w)) or ""),
        )
        for w in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/workshop_list.html",
        {
            "page": page,
            "rows": rows,
            "total": page.paginator.count,
            "definition": definition,
            "definitions": usable,
            "counties": counties(PROVINCE),
            "groups": ProductGroup.objects.order_by("code"),
            "ownerships": Workshop.OWNERSHIP,
            "query": query.urlencode(),
            "synthetic": Workshop.objects.filter(synthetic=True).exists(),
        },
    )


def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One workshop, with its size class under every definition that can classify it.

    Template: ``registry/workshop_detail.html``."""
    workshop = get_object_or_404(Workshop, pk=pk)
    values = _values(workshop)
    classes = [(d, d.classify_values(values)) for d in definitions() if d.criteria <= set(values)]
    return render(
        request,
        "registry/workshop_detail.html",
        {
            "w": workshop,
            "classes": classes,
            "groups": workshop.product_groups.all(),
            "catalog_synthetic": catalog().synthetic,
        },
    )


def _values(w: Workshop) -> dict[str, float | None]:
    return {
        "employees": w.employees,
        "capital": w.capital,
        "electricity_kw": w.electricity_kw,
        "floor_m2": w.floor_m2,
    }
