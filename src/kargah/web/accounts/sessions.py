"""Idle timeout: a session lives ``SESSION_COOKIE_AGE`` seconds after its last save, and this
middleware saves it again (moving the expiry on) while its user keeps working."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

RENEW_AFTER = 60  # seconds: renew at most once a minute, not on every page


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - int(session.get("_kargah_seen", 0)) >= RENEW_AFTER:
                session["_kargah_seen"] = now  # marks it modified: saved with a new expiry
        return self.get_response(request)
