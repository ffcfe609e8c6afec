"""Demo accounts, one per role, for ``kargah serve --demo`` (and ``kargah demo`` later). Their
passwords are printed on purpose: this is a demonstration database, never a production one."""

from __future__ import annotations

DEMO_PASSWORD = "kargah-demo"
#: user name → role; the owner is given the first ten demo workshops.
DEMO_USERS = {
    "admin": "administrator",
    "analyst": "analyst",
    "coder": "coder",
    "coder2": "coder",
    "owner": "owner",
    "buyer": "buyer",
}


def demo_accounts() -> list[tuple[str, str, str]]:
    """Create (or reset) the demo users; returns (user, password, role) for each."""
    from django.contrib.auth.models import Group, Permission, User

    from kargah.web.accounts.roles import create_roles
    from kargah.web.registry.models import Workshop

    create_roles(Group, Permission)  # a flushed test database has lost the migration's groups
    made = []
    for name, role in DEMO_USERS.items():
        user, _ = User.objects.get_or_create(username=name)
        user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = role == "administrator"
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        made.append((name, DEMO_PASSWORD, role))
    owner = User.objects.get(username="owner")
    first = Workshop.objects.order_by("id").values_list("id", flat=True)[:10]
    Workshop.objects.filter(id__in=list(first)).update(owner=owner)
    return made
