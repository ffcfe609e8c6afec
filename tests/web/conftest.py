import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    """PBKDF2 is slow on purpose; tests need only that passwords are hashed, not how slowly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# -- the browser tests' shared parts -------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright; the test skips, saying why, where it is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the test itself
    # are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fa-IR", accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def log_in() -> Callable[[Any, str, str], None]:
    """``log_in(page, site, user)`` with the demo password."""
    from kargah.web.accounts.demo import DEMO_PASSWORD

    def go(page: Any, site: str, user: str) -> None:
        page.goto(f"{site}/accounts/login/")
        page.fill("input[name=username]", user)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("form button[type=submit] >> nth=-1")
        page.wait_for_url(f"{site}/")  # each role lands on its own home page

    return go


# -- a real `kargah serve` in its own process ------------------------------------------------------


@contextmanager
def served(env: dict[str, str], *options: str) -> Iterator[str]:
    """``kargah serve`` on a free port with ``env`` (its KARGAH_HOME already set up); yields the
    base URL once the login page answers, and stops the server after."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    process = subprocess.Popen(
        [sys.executable, "-m", "kargah.cli", "serve", "--port", str(port), *options],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def kargah_served() -> Any:
    """:func:`served`, for tests that start their own server."""
    return served
