"""Failed-login limiting: after ``ATTEMPTS`` failures for one user name (or from one address)
within ``WINDOW`` seconds, further attempts are refused until the window passes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver

ATTEMPTS = 5
WINDOW = 15 * 60


def _keys(username: str | None, address: str | None) -> list[str]:
    return [f"login-fail:user:{(username or '').lower()}", f"login-fail:ip:{address or ''}"]


def address_of(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def is_locked(username: str | None, address: str | None) -> bool:
    return any((cache.get(k) or 0) >= ATTEMPTS for k in _keys(username, address))


@receiver(user_login_failed)
def _count(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    for key in _keys(credentials.get("username"), address_of(request)):
        cache.add(key, 0, WINDOW)
        cache.incr(key)


@receiver(user_logged_in)
def _forget(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    cache.delete(_keys(user.get_username(), None)[0])
