"""The login limit: django-axes's backend, which refuses a locked user name + address pair."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend


class LimitedBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Axes's check for every login with a request (the site's and the admin's login pages both
    pass theirs). A login without one — a script, the test client — has no address to count, so
    it is left to the next backend instead of failing."""

    def authenticate(self, request: Any, username: Any = None, password: Any = None, **kw: Any):  # type: ignore[no-untyped-def]
        if request is None:
            return None
        return super().authenticate(request, username, password, **kw)


def client_address(request: Any) -> str:
    """The address the login limit counts. Behind a reverse proxy every request comes from the
    proxy, so one lock would shut a user out from everywhere again: when the request comes from
    a proxy in ``KARGAH_TRUSTED_PROXIES``, the address is the last one of X-Forwarded-For — the one
    that proxy appended itself (any earlier ones the client may have made up)."""
    from django.conf import settings

    address = str(request.META.get("REMOTE_ADDR") or "")
    if address in settings.TRUSTED_PROXIES:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if forwarded[-1].strip():
            return forwarded[-1].strip()
    return address
