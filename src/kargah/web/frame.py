"""The site's frame: what every page's navigation shows (only what the signed-in role can use),
the version in the footer, and the friendly 403, 404 and 500 pages inside that frame."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

import kargah
from kargah.web.accounts.roles import ROLES, abilities, role_of

__all__ = ["forbidden", "navigation", "not_found", "server_error"]

try:
    VERSION = version("kargah")
except PackageNotFoundError:  # run from a source tree that was never installed
    VERSION = kargah.__version__

ROLE_NAMES = {"administrator": _("administrator"), "analyst": _("analyst"), "coder": _("coder"),
              "owner": _("workshop owner"), "buyer": _("buyer")}  # fmt: skip
assert set(ROLE_NAMES) == set(ROLES)

# (URL name, label, the ability it needs or None): a link is shown only to those the page lets in.
SECTIONS = [
    ("registry:list", _("Workshops"), None),
    ("stats:statistics", _("Statistics"), None),
    ("exchange:index", _("Exchange"), "exchange"),
    ("survey:list", _("Survey"), "analyse"),
    ("coding:index", _("Thematic analysis"), "code"),
    ("priorities:index", _("Priorities"), None),  # catalog: public reading, as the registry
    ("reports:study", _("Report"), "analyse"),
    ("accounts:users", _("Accounts"), "administer"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav`` (url, label, active), ``can`` (``administer``, ``analyse``,
    ``code``: see kargah.web.accounts.roles.abilities), ``role_name`` and ``kargah_version``."""
    user = getattr(request, "user", None)
    can = abilities(user) if user is not None else {}
    links = []
    for name, label, ability in SECTIONS:
        if ability is None or can.get(ability):
            url = reverse(name)
            links.append({"url": url, "label": label, "active": request.path.startswith(url)})
    role = role_of(user) if user is not None and user.is_authenticated else None
    if role is None and user is not None and user.is_superuser:
        role = "administrator"
    return {"nav": links, "can": can, "role_name": ROLE_NAMES.get(role or ""),
            "kargah_version": VERSION}  # fmt: skip


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: the anonymous are sent to log in (every page that needs a role does the same);
    the signed-in read why they may not, and where to go instead."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return HttpResponse(loader.render_to_string("403.html", request=request), status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponse(loader.render_to_string("404.html", request=request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 in the frame; should the frame itself fail (the database down, say), a bare page."""
    try:
        return HttpResponseServerError(loader.render_to_string("500.html", request=request))
    except Exception:  # the error page must not raise in its turn
        return HttpResponseServerError(loader.render_to_string("500.html", {"bare": True}))
