"""Every public page under load, for real: ``kargah serve`` in its own process, 16 requests at
the same moment on each page a visitor without an account can open. Each must answer 200, none
5xx (the statistics page once shared one DuckDB connection between threads: "connection is
busy")."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

SETUP = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "kargah.web.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from kargah.registry import synthetic_registry
from kargah.web.registry.models import Workshop
Workshop.objects.load_frame(synthetic_registry(400))
from kargah.web.coding.demo import load_demo_study
survey = load_demo_study()
invitation = survey.invitations.filter(submitted__isnull=True).first()
print(Workshop.objects.order_by("pk").first().pk, survey.pk, invitation.token)
"""
CONCURRENT = 16


def public_paths(workshop: int, survey: int, token: str) -> list[str]:
    """The pages and read endpoints open to anonymous visitors."""
    return [
        "/registry/",
        "/registry/?q=a&definition=sci-iran",
        f"/registry/{workshop}/",
        "/stats/",
        "/stats/?definition=eu",
        "/stats/?format=xlsx",
        "/api/registry/workshops",
        f"/api/registry/workshops/{workshop}",
        "/api/registry/counties",
        "/api/registry/catalog",
        "/api/registry/definitions",
        "/api/openapi.json",
        "/accounts/login/",
        f"/survey/r/{token}/",
        f"/survey/{survey}/",  # for analysts: the login page, after the redirect
    ]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, kargah_served):  # type: ignore[no-untyped-def]
    home: Path = tmp_path_factory.mktemp("pages") / "home"
    env = {**os.environ, "KARGAH_HOME": str(home), "KARGAH_MAX_UPLOAD_MB": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # its own SQLite in its own folder: a shared PostgreSQL database already holds other tests'
    # workshops (the point here is the statistics engine's connections, not the database's)
    env.pop("KARGAH_DATABASE_URL", None)
    made = subprocess.run([sys.executable, "-c", SETUP], env=env, capture_output=True,
                          text=True, timeout=300, check=True)  # fmt: skip
    workshop, survey, token = made.stdout.split()[-3:]
    with kargah_served(env, "--threads", "8") as base:
        yield base, public_paths(int(workshop), int(survey), token)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_sixteen_at_once_on_every_public_page(server) -> None:  # type: ignore[no-untyped-def]
    base, paths = server
    failures: dict[str, list[int]] = {}
    for path in paths:
        start = threading.Barrier(CONCURRENT, timeout=60)
        statuses: list[int] = []

        def fetch(path: str, start: threading.Barrier, statuses: list[int]) -> None:
            start.wait()
            statuses.append(_status(f"{base}{path}"))

        threads = [
            threading.Thread(target=fetch, args=(path, start, statuses)) for _ in range(CONCURRENT)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(statuses) == CONCURRENT, path
        if any(status != 200 for status in statuses):  # public: each answers, none fails
            failures[path] = statuses
    assert not failures, failures


def _post(url: str, size: int) -> tuple[int, str]:
    kind = {"Content-Type": "application/octet-stream"}
    request = urllib.request.Request(url, data=b"x" * size, headers=kind)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode()


def test_large_bodies_are_refused_by_the_site_then_by_the_server(server) -> None:  # type: ignore[no-untyped-def]
    """KARGAH_MAX_UPLOAD_MB=1: past it the site's page says so; past twice it, waitress refuses
    from the headers alone (it would otherwise buffer the whole body on disk before the site
    sees it)."""
    base, _ = server
    status, page = _post(f"{base}/stats/", 1_500_000)
    assert status == 413 and "<html" in page
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as raw:
        raw.sendall(b"POST /stats/ HTTP/1.1\r\nHost: x\r\nContent-Length: 3000000\r\n\r\n")
        answer = raw.recv(4096).decode()  # no body sent: the answer comes all the same
    assert answer.startswith("HTTP/1.1 413") and "Server: waitress" in answer
