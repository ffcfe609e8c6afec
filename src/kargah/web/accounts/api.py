"""Accounts in the JSON API: the list, for administrators only (the same right as the pages)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from kargah.web.accounts.roles import is_administrator, role_of

router = Router(tags=["accounts"])


class AccountOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    is_active: bool
    role: str | None
    last_login: datetime | None


@router.get("/users", response=list[AccountOut])
def users(request: HttpRequest) -> list[dict[str, object]]:
    if not is_administrator(request.user):
        raise HttpError(403, "administrators only")
    fields = ("id", "username", "first_name", "last_name", "email", "is_active", "last_login")
    return [
        {**{f: getattr(u, f) for f in fields}, "role": role_of(u)}
        for u in User.objects.order_by("username").prefetch_related("groups")
    ]
