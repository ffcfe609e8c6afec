"""Who may edit what, the history of edits and their undoing (failed-login limiting:
test_accounts_login.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.registry.forms import EDITABLE
from kargah.web.registry.models import Workshop, WorkshopChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def site() -> dict[str, Workshop]:
    cache.clear()
    Workshop.objects.load_frame(synthetic_registry(20, seed=9))
    demo_accounts()  # the owner gets the first ten workshops
    mine, theirs = Workshop.objects.order_by("id")[0], Workshop.objects.order_by("id")[15]
    return {"mine": mine, "theirs": theirs}


def login(client: Client, name: str) -> Client:
    assert client.login(username=name, password=DEMO_PASSWORD)
    return client


def form_data(w: Workshop, **changes: object) -> dict[str, object]:
    many = {"product_groups", "processes", "materials"}
    data: dict[str, object] = {f: getattr(w, f) for f in EDITABLE if f not in many}
    if w.utilisation is not None:  # the form takes a percentage
        data["utilisation"] = round(w.utilisation * 100, 9)
    for field in many:
        data[field] = [x.pk for x in getattr(w, field).all()]
    data.update(changes)
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_roles_exist_with_permissions() -> None:
    assert {g.name for g in Group.objects.all()} >= {
        "administrator",
        "analyst",
        "coder",
        "owner",
        "buyer",
    }
    assert Group.objects.get(name="owner").permissions.filter(codename="change_workshop").exists()


def test_anonymous_is_sent_to_log_in(site: dict[str, Workshop], client: Client) -> None:
    response = client.get(f"/registry/{site['mine'].pk}/edit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_owner_edits_only_their_own(site: dict[str, Workshop], client: Client) -> None:
    login(client, "owner")
    assert client.get(f"/registry/{site['mine'].pk}/edit/").status_code == 200
    assert client.get(f"/registry/{site['theirs'].pk}/edit/").status_code == 403
    posted = client.post(
        f"/registry/{site['theirs'].pk}/edit/", form_data(site["theirs"], employees=99)
    )
    assert posted.status_code == 403
    assert Workshop.objects.get(pk=site["theirs"].pk).employees != 99


@pytest.mark.parametrize("role", ["coder", "buyer"])
def test_roles_without_the_right_cannot_edit(
    site: dict[str, Workshop], client: Client, role: str
) -> None:
    login(client, role)
    assert client.get(f"/registry/{site['mine'].pk}/edit/").status_code == 403


def test_an_analyst_edits_any_and_the_history_can_undo(
    site: dict[str, Workshop], client: Client
) -> None:
    w = site["theirs"]
    old = w.employees
    login(client, "analyst")
    response = client.post(
        f"/registry/{w.pk}/edit/", form_data(w, employees=old + 5, city="Kuchesfahan")
    )
    assert response.status_code == 302
    w.refresh_from_db()
    assert w.employees == old + 5
    change = WorkshopChange.objects.get(workshop=w)
    assert change.before == {"employees": old, "city": ""}
    assert change.after == {"employees": old + 5, "city": "Kuchesfahan"}
    assert change.user.username == "analyst"
    detail = client.get(f"/registry/{w.pk}/").content.decode()
    assert "Kuchesfahan" in detail
    from persiantools.jdatetime import JalaliDateTime

    from kargah.text import persian_digits

    # the edit's time, as a Jalali date in Persian digits
    assert persian_digits(f"{JalaliDateTime.now().year}/") in detail
    client.post(f"/registry/{w.pk}/changes/{change.pk}/revert/")
    w.refresh_from_db()
    assert (w.employees, w.city) == (old, "")
    assert WorkshopChange.objects.filter(workshop=w, reverts=change).exists()


def test_a_bad_edit_is_refused_with_the_field_named(
    site: dict[str, Workshop], client: Client
) -> None:
    w = site["mine"]
    login(client, "owner")
    response = client.post(f"/registry/{w.pk}/edit/", form_data(w, isic="9999", utilisation=300))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "isic" in errors and "utilisation" in errors
    assert not WorkshopChange.objects.exists()


def test_contact_is_private(site: dict[str, Workshop], client: Client) -> None:
    w = site["mine"]
    Workshop.objects.filter(pk=w.pk).update(contact="+98 13 3333 4444")
    assert "3333 4444" not in client.get(f"/registry/{w.pk}/").content.decode()
    login(client, "owner")
    assert "3333 4444" in client.get(f"/registry/{w.pk}/").content.decode()


def test_passwords_are_hashed(site: dict[str, Workshop]) -> None:
    stored = User.objects.get(username="owner").password
    assert DEMO_PASSWORD not in stored and "$" in stored


def test_the_site_hashes_with_pbkdf2_outside_tests() -> None:
    from kargah.web import settings

    assert not hasattr(settings, "PASSWORD_HASHERS")  # Django's default: PBKDF2 first
