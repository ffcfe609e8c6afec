"""The comparative catalog's pages: the priorities landing page, the ideas with their filters,
the country × category matrix (table and heat map), the categories and a product group with the
registry's workshops that make it; adding, editing and deleting ideas (analysts and
administrators). Reading is public, as the registry's."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kargah.priorities import REGIONS
from kargah.registry import catalog
from kargah.web.accounts.roles import analysts_only, is_analyst
from kargah.web.charts import category_heatmap, chart_context
from kargah.web.priorities.catalog import filtered_ideas, matrix_of
from kargah.web.priorities.catalog_forms import IdeaForm
from kargah.web.priorities.models import (
    REGIONS as REGION_NAMES,
)
from kargah.web.priorities.models import BusinessIdea, Country, isic_codes
from kargah.web.registry.models import CenterCategory, ProductGroup

FILTERS = ("country", "region", "category", "group")
PAGE_SIZE = 50


def index(request: HttpRequest) -> HttpResponse:
    """The priorities' landing page: what the catalog holds, and where to go.

    Template: ``priorities/index.html``."""
    return render(request, "priorities/index.html", {
        "countries": Country.objects.count(), "categories": CenterCategory.objects.count(),
        "groups": ProductGroup.objects.count(), "ideas": BusinessIdea.objects.count(),
    })  # fmt: skip


def _filters(request: HttpRequest) -> dict[str, str]:
    """The filters the page was asked for (text only: an unknown code selects nothing)."""
    return {k: request.GET[k][:100] for k in FILTERS if request.GET.get(k)}


def ideas(request: HttpRequest) -> HttpResponse:
    """The business ideas, filtered by country, region, center category and product group.

    Template: ``priorities/catalog/ideas.html``."""
    chosen = _filters(request)
    found = filtered_ideas(chosen).order_by("country__code", "category__code", "name_fa", "id")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "priorities/catalog/ideas.html", {
        "page": page, "chosen": chosen, "query": urlencode(chosen),
        "countries": Country.objects.all(), "regions": _regions(),
        "categories": CenterCategory.objects.order_by("code"), "editor": is_analyst(request.user),
    })  # fmt: skip


def _regions() -> list[tuple[str, str]]:
    names = dict(REGION_NAMES)
    return [(r, str(names[r])) for r in REGIONS]


def matrix(request: HttpRequest) -> HttpResponse:
    """Where each country (or region, ``?by=region``) puts its weight: the share of its ideas in
    each center category, as a table and a heat map.

    Template: ``priorities/catalog/matrix.html``."""
    by = "region" if request.GET.get("by") == "region" else "country"
    found = matrix_of(filtered_ideas({}), by)
    if by == "region":
        names = {k: str(v) for k, v in REGION_NAMES}
    else:
        names = {c.code: c.label for c in Country.objects.all()}
    categories = {c.code: c.name for c in CenterCategory.objects.all()}
    rows = [
        {"label": names.get(r, r), "total": found.row_totals_[r],
         "cells": [(found.counts_[r][c], found.shares_[r][c]) for c in found.columns],
         "top": categories.get(found.top(r) or "", "")}
        for r in found.rows
    ]  # fmt: skip
    records = [
        {**r, "row": names.get(r["row"], r["row"]), "column": categories[r["column"]]}
        for r in found.records()
    ]
    title = _("Share of each country's ideas by center category")
    if by == "region":
        title = _("Share of each region's ideas by center category")
    chart = category_heatmap(records, title, _("Region") if by == "region" else None)
    return render(request, "priorities/catalog/matrix.html", {
        "by": by, "rows": rows, "columns": [categories[c] for c in found.columns],
        "totals": [found.column_totals_[c] for c in found.columns], **chart_context(chart),
    })  # fmt: skip


def categories(request: HttpRequest) -> HttpResponse:
    """The center categories, each with its product groups and ISIC codes.

    Template: ``priorities/catalog/categories.html``."""
    found = CenterCategory.objects.order_by("code").prefetch_related("groups")
    return render(request, "priorities/catalog/categories.html", {
        "categories": [(c, ",".join(isic_codes(c))) for c in found],
        "catalog_synthetic": catalog().synthetic, "catalog_source": catalog().source,
    })  # fmt: skip


def group(request: HttpRequest, group: int) -> HttpResponse:
    """A product group: its ISIC codes, each a link to the registry's workshops of that code,
    the registry's workshops of the group itself, and the countries' ideas for it.

    Template: ``priorities/catalog/group.html``."""
    found = get_object_or_404(ProductGroup.objects.select_related("category"), pk=group)
    registry = reverse("registry:list")
    isic = [(code, f"{registry}?{urlencode({'isic': code})}") for code in isic_codes(found)]
    return render(request, "priorities/catalog/group.html", {
        "group": found, "isic": isic, "catalog_synthetic": catalog().synthetic,
        "catalog_source": catalog().source,
        "registry": f"{registry}?{urlencode({'group': found.code})}",
        "ideas": found.ideas.select_related("country").order_by("country__code", "name_fa"),
    })  # fmt: skip


@analysts_only
def idea_edit(request: HttpRequest, idea: int | None = None) -> HttpResponse:
    """Add an idea (no ``idea``) or edit one.

    Template: ``priorities/catalog/idea_form.html``."""
    instance = get_object_or_404(BusinessIdea, pk=idea) if idea is not None else BusinessIdea()
    form = IdeaForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("priorities:ideas")
    return render(request, "priorities/catalog/idea_form.html", {"form": form, "idea": idea})


@analysts_only
def idea_delete(request: HttpRequest, idea: int) -> HttpResponse:
    """Delete an idea, after the question (GET) and on its confirmation (POST).

    Template: ``priorities/catalog/idea_delete.html``."""
    found = get_object_or_404(BusinessIdea.objects.select_related("country"), pk=idea)
    if request.method == "POST":
        found.delete()
        messages.success(request, _("Deleted."))
        return redirect("priorities:ideas")
    context: dict[str, Any] = {"idea": found}
    return render(request, "priorities/catalog/idea_delete.html", context)
