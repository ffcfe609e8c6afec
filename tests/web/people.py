"""People for the coding tests: a user in a role, and an English client signed in as them."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.test import Client


def user_in(name: str, role: str) -> User:
    user = User.objects.create_user(name, password="pw-" + name)
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    return user


def client_of(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client
