"""The login limit across processes, for real: two ``kargah serve`` processes on one database
(as ``--workers 2`` runs). Failures counted by either add up; a per-process count would not."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

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
def servers(tmp_path: Path, kargah_served: Any) -> Iterator[list[str]]:
    env = {**os.environ, "KARGAH_HOME": str(tmp_path / "home")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Its own SQLite: on the suite's shared PostgreSQL the lockouts of a run 15 minutes earlier
    # were still there, and the first failed logins already got 429.
    env.pop("KARGAH_DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", SETUP], env=env, timeout=300, check=True)
    with ExitStack() as stack:  # two servers, each `kargah serve` as the suite starts one
        yield [stack.enter_context(kargah_served(env, "--threads", "2")) for _ in range(2)]


def test_failures_in_two_processes_add_up(servers: list[str]) -> None:
    first, second = servers
    assert [log_in(first, "wrong") for _ in range(3)] == [200, 200, 200]
    assert log_in(second, "wrong") == 200
    assert log_in(second, "wrong") == 429  # the fifth, wherever it lands, locks
    assert log_in(first, "kargah-demo") == 429 and log_in(second, "kargah-demo") == 429
