"""The failed-login limit (django-axes): per user name *and* address, in the database, on the
site's login and the admin's alike; the refusal speaks the page's language."""

from __future__ import annotations

import pytest
from django.test import Client

from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture(autouse=True)
def accounts() -> None:
    demo_accounts()


def attempt(client: Client, address: str, password: str, url: str = "/accounts/login/"):  # type: ignore[no-untyped-def]
    data = {"username": "owner", "password": password}
    return client.post(url, data, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")


def test_an_attacker_elsewhere_does_not_lock_the_user_out() -> None:
    attacker, user = Client(), Client()
    for _ in range(LIMIT - 1):
        assert attempt(attacker, "203.0.113.7", "wrong").status_code == 200
    assert attempt(attacker, "203.0.113.7", "wrong").status_code == 429  # the fifth locks
    assert attempt(attacker, "203.0.113.7", DEMO_PASSWORD).status_code == 429
    # the real user, from their own address, still gets in
    assert attempt(user, "198.51.100.2", DEMO_PASSWORD).status_code == 302
    assert "_auth_user_id" in user.session


def test_the_lock_holds_across_processes() -> None:
    """Counted in the database, not one process's memory: axes's AccessAttempt rows."""
    from axes.models import AccessAttempt

    for _ in range(LIMIT):
        attempt(Client(), "203.0.113.7", "wrong")
    row = AccessAttempt.objects.get(username="owner", ip_address="203.0.113.7")
    assert row.failures_since_start == LIMIT


def test_the_admin_login_is_limited_too() -> None:
    client = Client()
    url = "/admin/login/"
    for _ in range(LIMIT - 1):
        assert attempt(client, "203.0.113.9", "wrong", url).status_code == 200
    assert attempt(client, "203.0.113.9", "wrong", url).status_code == 429
    refused = attempt(client, "203.0.113.9", DEMO_PASSWORD, url)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_refusal_speaks_the_pages_language() -> None:
    client = Client()
    for _ in range(LIMIT):
        attempt(client, "203.0.113.8", "wrong")
    english = attempt(client, "203.0.113.8", DEMO_PASSWORD).content.decode()
    assert "Too many failed logins. Try again in 15 minutes." in english
    persian = client.post(
        "/accounts/login/",
        {"username": "owner", "password": DEMO_PASSWORD},
        REMOTE_ADDR="203.0.113.8",
        HTTP_ACCEPT_LANGUAGE="fa",
    ).content.decode()
    assert "ورودهای ناموفق بسیار بود. 15 دقیقهٔ دیگر دوباره بکوشید." in persian


def test_a_success_forgets_the_failures() -> None:
    client = Client()
    for _ in range(LIMIT - 1):
        attempt(client, "203.0.113.5", "wrong")
    assert attempt(client, "203.0.113.5", DEMO_PASSWORD).status_code == 302
    for _ in range(LIMIT - 1):
        attempt(Client(), "203.0.113.5", "wrong")
    assert attempt(Client(), "203.0.113.5", DEMO_PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_counts(settings) -> None:  # type: ignore[no-untyped-def]
    """Every request comes from the proxy: without this, one attacker locks the user out again.
    A client's own made-up X-Forwarded-For entries are not believed, only the proxy's."""
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    attacker, user = Client(), Client()
    proxied = {"REMOTE_ADDR": "10.0.0.1", "HTTP_ACCEPT_LANGUAGE": "en"}
    for _ in range(LIMIT):
        attacker.post("/accounts/login/", {"username": "owner", "password": "wrong"}, **proxied,
                      HTTP_X_FORWARDED_FOR="198.51.100.2, 203.0.113.7")  # fmt: skip
    locked = attacker.post("/accounts/login/", {"username": "owner", "password": DEMO_PASSWORD},
                           **proxied, HTTP_X_FORWARDED_FOR="203.0.113.7")  # fmt: skip
    assert locked.status_code == 429
    allowed = user.post("/accounts/login/", {"username": "owner", "password": DEMO_PASSWORD},
                        **proxied, HTTP_X_FORWARDED_FOR="198.51.100.2")  # fmt: skip
    assert allowed.status_code == 302
    # an untrusted sender's header is ignored: its own address is counted
    settings.TRUSTED_PROXIES = []
    for _ in range(LIMIT):
        attempt(Client(), "192.0.2.9", "wrong")
    data = {"username": "owner", "password": DEMO_PASSWORD}
    spoofed = Client().post(
        "/accounts/login/", data, REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="198.51.100.77"
    )
    assert spoofed.status_code == 429
