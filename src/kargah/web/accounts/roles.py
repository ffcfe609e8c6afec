"""The five roles, as Django groups: who may do what is a group's permissions, and a workshop
owner's reach is narrowed to their own workshops by the registry's views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

#: role → (Persian name, model permissions "app.codename").
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "administrator": ("مدیر سامانه", ("registry.add_workshop", "registry.change_workshop",
                      "registry.delete_workshop", "registry.change_productgroup")),
    "analyst": ("تحلیلگر", ("registry.change_workshop",)),
    "coder": ("کدگذار", ()),
    "owner": ("صاحب کارگاه", ("registry.change_workshop",)),
    "buyer": ("خریدار", ()),
}  # fmt: skip


def create_roles(group_model: Any, permission_model: Any) -> None:
    """Make the groups and give them their permissions (idempotent). Takes the models so the
    data migration can pass its historical ones."""
    for role, (_, permissions) in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=role)
        for dotted in permissions:
            app, codename = dotted.split(".")
            group.permissions.add(
                permission_model.objects.get(content_type__app_label=app, codename=codename)
            )


def has_role(user: Any, role: str) -> bool:
    return bool(user.is_authenticated and user.groups.filter(name=role).exists())


def is_administrator(user: Any) -> bool:
    """Superusers and administrators: the people who manage accounts."""
    return bool(user.is_superuser or has_role(user, "administrator"))


def role_of(user: Any) -> str | None:
    """The user's role (the first, should an old account hold several), or None."""
    return next((g.name for g in user.groups.all() if g.name in ROLES), None)


def set_role(user: Any, role: str | None) -> None:
    """Give the user this one role (or none); administrators also get the Django admin."""
    from django.contrib.auth.models import Group

    others = user.groups.exclude(name__in=ROLES)
    user.groups.set([*others, *Group.objects.filter(name=role)])
    user.is_staff = user.is_superuser = role == "administrator"
    user.save(update_fields=["is_staff", "is_superuser"])


def is_analyst(user: Any) -> bool:
    """Superusers, administrators and analysts: the people who see and change everything."""
    return bool(user.is_superuser or has_role(user, "administrator") or has_role(user, "analyst"))


def is_coder(user: Any) -> bool:
    return is_analyst(user) or has_role(user, "coder")


def abilities(user: Any) -> dict[str, bool]:
    """What the user may open, as is_administrator, is_analyst and is_coder answer it, from one
    query (the menu of every page asks all three); ``exchange``: staff, buyers and owners."""
    names = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
    administer = bool(user.is_superuser or "administrator" in names)
    analyse = administer or "analyst" in names
    return {"administer": administer, "analyse": analyse, "code": analyse or "coder" in names,
            "exchange": analyse or bool(names & {"buyer", "owner"})}  # fmt: skip


def can_edit(user: Any, workshop: Any) -> bool:
    """Staff, administrators and analysts edit any workshop; an owner only their own."""
    if not user.is_authenticated:
        return False
    if is_analyst(user):
        return True
    return has_role(user, "owner") and workshop.owner_id == user.pk


def role_required(check: Callable[[Any], bool]) -> Callable[[Callable[..., Any]], Any]:
    """A view decorator: logged-in users who pass ``check`` get the page, others a 403 (and the
    anonymous the login page)."""
    from django.contrib.auth.decorators import login_required
    from django.core.exceptions import PermissionDenied

    def decorate(view: Callable[..., Any]) -> Any:
        @wraps(view)
        @login_required
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


analysts_only, coders_only = role_required(is_analyst), role_required(is_coder)
administrators_only = role_required(is_administrator)
