"""``/``: the home page of whoever comes — the analyst the study's state, the coder their
assigned answers and progress, the workshop owner their workshops and the needs matching them,
the buyer their needs and the quotes received, everyone else (the planner, a visitor) the
registry's key figures and map. Each sees only what their role's pages would show them.

Templates: ``home/<role>.html``, each a set of ``components`` cards."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from kargah.web.accounts.roles import has_role, is_analyst
from kargah.web.charts import chart_context
from kargah.web.home import figures


def role_view(user: Any) -> str:
    """Which dashboard the user gets: analyst (administrators too), coder, owner, buyer, or
    planner (the anonymous and accounts without a role)."""
    if not user.is_authenticated:
        return "planner"
    if is_analyst(user):
        return "analyst"
    for role in ("coder", "owner", "buyer"):
        if has_role(user, role):
            return role
    return "planner"


def home(request: HttpRequest) -> HttpResponse:
    view = role_view(request.user)
    context: dict[str, Any] = {"view": view}
    if view == "analyst":
        context.update(
            studies=figures.study_state(),
            rankings=figures.rankings(),
            reports_url=reverse("reports:study"),
        )
    elif view == "coder":
        context["studies"] = figures.coder_figures(request.user)
    elif view == "owner":
        context.update(figures.owner_figures(request.user))
    elif view == "buyer":
        context.update(figures.buyer_figures(request.user))
    else:
        found = figures.planner_figures(get_language() or "fa")
        context.update(
            registry=found["registry"],
            history_url=reverse("stats:history"),
            **chart_context(found["map"]),
        )
    return render(request, f"home/{view}.html", context)
