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
