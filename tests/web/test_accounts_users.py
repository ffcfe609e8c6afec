"""Administrators manage accounts on the site (no Django admin): list, create with a role, change
the role, set a password or make a one-time link, deactivate. Nobody else may."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.accounts.roles import role_of

pytestmark = pytest.mark.django_db
STRONG = "sefal-lahijan-1404"


@pytest.fixture
def admin() -> Client:
    demo_accounts()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.login(username="admin", password=DEMO_PASSWORD)
    return client


@pytest.mark.parametrize("who", ["analyst", "coder", "owner", "buyer", None])
def test_only_administrators_reach_the_pages(who: str | None) -> None:
    demo_accounts()
    client = Client()
    if who:
        assert client.login(username=who, password=DEMO_PASSWORD)
    target = User.objects.get(username="buyer").pk
    pages = ["/accounts/users/", "/accounts/users/new/", f"/accounts/users/{target}/",
             f"/accounts/users/{target}/password/"]  # fmt: skip
    for url in pages:
        answer = client.get(url)
        assert answer.status_code == (403 if who else 302), (who, url)
        posted = client.post(url, {"role": "administrator", "is_active": "on", "link": "1",
                                   "new_password1": STRONG, "new_password2": STRONG})  # fmt: skip
        assert posted.status_code == (403 if who else 302), (who, url)
    buyer = User.objects.get(username="buyer")
    assert role_of(buyer) == "buyer" and not buyer.is_superuser
    assert buyer.check_password(DEMO_PASSWORD)


def test_the_list_shows_every_account_with_its_role(admin: Client) -> None:
    page = admin.get("/accounts/users/").content.decode()
    for name in ("admin", "analyst", "coder2", "buyer"):
        assert f">{name}</a>" in page
    assert "Analyst" in page and "Buyer" in page


def test_create_an_account_with_a_role(admin: Client) -> None:
    weak = admin.post("/accounts/users/new/", {"username": "maryam", "password1": "12345678",
                      "password2": "12345678", "role": "coder"})  # fmt: skip
    assert weak.status_code == 200 and not User.objects.filter(username="maryam").exists()
    assert "too short" in weak.content.decode()
    made = admin.post("/accounts/users/new/", {"username": "maryam", "password1": STRONG,
                      "password2": STRONG, "role": "coder"})  # fmt: skip
    assert made.status_code == 302
    maryam = User.objects.get(username="maryam")
    assert role_of(maryam) == "coder" and maryam.check_password(STRONG)
    assert Client().login(username="maryam", password=STRONG)


def test_change_a_role_and_deactivate(admin: Client) -> None:
    coder = User.objects.get(username="coder")
    url = f"/accounts/users/{coder.pk}/"
    assert admin.post(url, {"role": "analyst", "is_active": "on"}).status_code == 302
    coder.refresh_from_db()
    assert role_of(coder) == "analyst" and coder.is_active and not coder.is_staff
    assert admin.post(url, {"role": "administrator", "is_active": "on"}).status_code == 302
    coder.refresh_from_db()
    assert coder.is_staff and coder.is_superuser  # an administrator has the Django admin too
    assert admin.post(url, {"role": "coder"}).status_code == 302  # is_active unticked
    coder.refresh_from_db()
    assert not coder.is_active and not coder.is_superuser and role_of(coder) == "coder"
    assert not Client().login(username="coder", password=DEMO_PASSWORD)


def test_an_administrator_cannot_lock_themselves_out(admin: Client) -> None:
    me = User.objects.get(username="admin")
    refused = admin.post(f"/accounts/users/{me.pk}/", {"role": "buyer"})
    assert refused.status_code == 200 and "your own" in refused.content.decode()
    me.refresh_from_db()
    assert me.is_active and role_of(me) == "administrator"


def test_set_a_new_password(admin: Client) -> None:
    owner = User.objects.get(username="owner")
    url = f"/accounts/users/{owner.pk}/password/"
    weak = admin.post(url, {"new_password1": "password", "new_password2": "password"})
    assert weak.status_code == 200 and "too common" in weak.content.decode()
    done = admin.post(url, {"new_password1": STRONG, "new_password2": STRONG})
    assert done.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(STRONG)


def test_a_one_time_link_sets_the_password_once(admin: Client) -> None:
    owner = User.objects.get(username="owner")
    page = admin.post(f"/accounts/users/{owner.pk}/password/", {"link": "1"}).content.decode()
    link = re.search(r'value="http://testserver(/accounts/reset/[^"]+)"', page)
    assert link is not None
    user = Client()
    form = user.get(link.group(1), follow=True)  # Django moves the token into the session
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    url = form.redirect_chain[-1][0]
    assert user.post(url, {"new_password1": STRONG, "new_password2": STRONG}).status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(STRONG)
    again = Client(HTTP_ACCEPT_LANGUAGE="en").get(link.group(1), follow=True).content.decode()
    assert "new_password1" not in again and "has been used or has expired" in again


def test_the_api_lists_accounts_for_administrators_only(admin: Client) -> None:
    listed = admin.get("/api/accounts/users").json()
    assert {u["username"]: u["role"] for u in listed}["coder2"] == "coder"
    assert all("password" not in u for u in listed)
    for who in ("analyst", None):
        client = Client()
        if who:
            client.login(username=who, password=DEMO_PASSWORD)
        assert client.get("/api/accounts/users").status_code == 403


def test_the_pages_speak_persian(admin: Client) -> None:
    page = admin.get("/accounts/users/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "حساب تازه" in page and "کدگذار" in page
