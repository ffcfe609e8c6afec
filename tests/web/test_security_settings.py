"""The production switch, `kargah manage`, password rules, the idle timeout and the log."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import path
from django.utils import timezone

from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts

SRC = Path(__file__).resolve().parents[2] / "src"


def kargah(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "KARGAH_HOME": str(home), "PYTHONPATH": str(SRC), **env}
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # (the browser tests')
        environment.pop(name, None)
    # a database of its own (SQLite in ``home``): the shared PostgreSQL one keeps the accounts
    # that earlier runs made, and "createsuperuser root" would find root taken
    environment.pop("KARGAH_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "kargah.cli", *args], env=environment,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def test_https_switch_makes_the_deploy_check_clean(tmp_path: Path) -> None:
    check = ("manage", "check", "--deploy", "--fail-level", "WARNING")
    plain = kargah(tmp_path, *check)
    assert plain.returncode == 1 and "SECURE_HSTS_SECONDS" in plain.stderr
    https = kargah(tmp_path, *check, KARGAH_HTTPS="1")
    assert https.returncode == 0, https.stderr
    assert "no issues" in https.stdout


def test_manage_passes_arguments_to_django(tmp_path: Path) -> None:
    migrated = kargah(tmp_path, "manage", "migrate", "--no-input", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    shown = kargah(tmp_path, "manage", "showmigrations", "accounts", "axes")
    assert "[X] 0001_roles" in shown.stdout and "axes" in shown.stdout
    made = kargah(tmp_path, "manage", "createsuperuser", "--no-input", "--username", "root",
                  "--email", "r@example.org")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "Superuser created" in made.stdout
    helped = kargah(tmp_path, "manage", "help", "migrate")
    assert "--fake" in helped.stdout  # Django's own help, not Typer's


@pytest.mark.django_db
def test_weak_passwords_are_refused(client: Client) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short1", "password123", "1234567890123"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("sefal-lahijan-1404")


@pytest.mark.django_db
def test_an_idle_session_ends_and_a_busy_one_is_renewed(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    from kargah.web import settings as kargah_settings

    assert kargah_settings.SESSION_COOKIE_AGE == 60 * 60  # KARGAH_SESSION_IDLE_MINUTES default
    demo_accounts()
    assert client.login(username="analyst", password=DEMO_PASSWORD)
    assert client.get("/coding/").status_code == 200
    key = client.session.session_key
    # working a minute later moves the expiry on
    session = client.session
    session["_kargah_seen"] = int(time.time()) - 120
    session.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timezone.timedelta(60))
    client.get("/coding/")
    renewed = Session.objects.get(pk=key).expire_date
    expected = timezone.now() + timezone.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((renewed - expected).total_seconds()) < 30
    # idle past the limit: logged out
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timezone.timedelta(1))
    assert client.get("/coding/").status_code == 302


def boom(request: object) -> None:
    raise RuntimeError("a bug on purpose")


@pytest.mark.django_db
def test_errors_and_failed_logins_go_to_the_log_file(settings) -> None:  # type: ignore[no-untyped-def]
    log = Path(settings.LOG_FILE)
    assert log.parent == Path(settings.HOME) / "logs"
    assert log.stat().st_mode & 0o077 == 0 and log.parent.stat().st_mode & 0o077 == 0
    start = log.stat().st_size

    urls = ModuleType("boom_urls")
    # the site's error page is in the site's frame (menu, language switch): its URLs must be there
    from kargah.web.urls import urlpatterns as site

    urls.urlpatterns = [path("boom/", boom), *site]  # type: ignore[attr-defined]
    settings.ROOT_URLCONF = urls
    client = Client(raise_request_exception=False)
    assert client.get("/boom/").status_code == 500
    settings.ROOT_URLCONF = "kargah.web.urls"
    demo_accounts()
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "buyer", "password": "wrong"},
                      REMOTE_ADDR="192.0.2.44")  # fmt: skip
    User.objects.get(username="buyer")

    written = log.read_bytes()[start:].decode()
    assert "ERROR django.request: Internal Server Error: /boom/" in written
    assert "RuntimeError: a bug on purpose" in written and "Traceback" in written
    assert "login failure" in written and "buyer" in written and "192.0.2.44" in written
    assert "Locking out" in written
