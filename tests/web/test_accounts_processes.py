"""The login limit across processes, for real: two ``kargah serve`` processes on one database
(as ``--workers 2`` runs). Failures counted by either add up; a per-process count would not."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

SETUP = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "kargah.web.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from kargah.web.accounts.demo import demo_accounts
demo_accounts()
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def log_in(base: str, password: str) -> int:
    """A fresh browser: the login page for its CSRF token, then the form; the answer's status."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    data = {"username": "owner", "password": password, "csrfmiddlewaretoken": token.group(1)}
    request = urllib.request.Request(
        f"{base}/accounts/login/",
        data=urllib.parse.urlencode(data).encode(),
        headers={"Referer": f"{base}/accounts/login/"},
    )
    try:
        with opener.open(request) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[str]]:
    env = {**os.environ, "KARGAH_HOME": str(tmp_path / "home")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "-c", SETUP], env=env, timeout=300, check=True)
    processes, bases = [], []
    for _ in range(2):
        port = _free_port()
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "kargah.cli", "serve", "--port", str(port), "--threads", "2"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))  # fmt: skip
        bases.append(f"http://127.0.0.1:{port}")
    for base in bases:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
    yield bases
    for process in processes:
        process.terminate()
        process.wait(timeout=30)


def test_failures_in_two_processes_add_up(servers: list[str]) -> None:
    first, second = servers
    assert [log_in(first, "wrong") for _ in range(3)] == [200, 200, 200]
    assert log_in(second, "wrong") == 200
    assert log_in(second, "wrong") == 429  # the fifth, wherever it lands, locks
    assert log_in(first, "kargah-demo") == 429 and log_in(second, "kargah-demo") == 429
