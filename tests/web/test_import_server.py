"""A large import on a real ``kargah serve --workers 2`` (two web processes and the job worker):
edits made meanwhile all succeed; the upload and its confirmation may reach different processes;
a server killed mid-import leaves no half rows, and after the restart the job says it was
interrupted. On SQLite (one writer at a time: the case that failed), in a folder of its own."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kargah.registry import synthetic_registry

ROWS = 20_000
SETUP = """
import django, json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "kargah.web.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts
from kargah.web.registry.forms import EDITABLE
from kargah.web.registry.models import Workshop
demo_accounts()
frame = synthetic_registry(30, seed=1)
frame["workshop_id"] = [f"OLD-{i}" for i in range(30)]
Workshop.objects.load_frame(frame)
forms = {}
for w in Workshop.objects.all()[:10]:
    data = {}
    for f in EDITABLE:
        value = getattr(w, f)
        if hasattr(value, "all"):
            value = list(value.values_list("pk", flat=True))
        data[f] = "" if value is None else value
    forms[w.pk] = data
print(json.dumps(forms))
"""
STATE = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "kargah.web.settings"
django.setup()
from django.db import connection
from kargah.web.registry.models import Workshop
print(Workshop.objects.count(),
      len([t for t in connection.introspection.table_names() if t.startswith("kargah_stage")]))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Browser:
    """Cookies, the CSRF token, form and file posts; the status of every answer kept."""

    def __init__(self, base: str, user: str = "admin") -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.get("/accounts/login/")
        self.post("/accounts/login/", {"username": user, "password": "kargah-demo"})

    def _send(self, request: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=120) as response:
                return int(response.status), response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            if error.code >= 500:
                Path(os.environ.get("KARGAH_TEST_ERRORS", "/dev/null")).write_bytes(error.read())
            return int(error.code), request.full_url, ""

    def get(self, path: str) -> tuple[int, str, str]:
        return self._send(urllib.request.Request(f"{self.base}{path}"))

    def post(self, path: str, data: dict[str, object], file: bytes | None = None):  # type: ignore[no-untyped-def]
        csrf = next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")
        headers = {"Referer": f"{self.base}{path}", "X-CSRFToken": csrf}
        fields = {"csrfmiddlewaretoken": csrf, **data}
        if file is None:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
        else:
            mark = uuid.uuid4().hex
            parts = [f'--{mark}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                     for k, v in fields.items()]  # fmt: skip
            body = (
                "".join(parts).encode()
                + (
                    f"--{mark}\r\n"
                    'Content-Disposition: form-data; name="file"; filename="big.csv"\r\n'
                    "Content-Type: text/csv\r\n\r\n"
                ).encode()
                + file
                + f"\r\n--{mark}--\r\n".encode()
            )
            headers["Content-Type"] = f"multipart/form-data; boundary={mark}"
        return self._send(urllib.request.Request(f"{self.base}{path}", data=body, headers=headers))

    def job(self, job: str) -> dict[str, object]:
        status, _, body = self.get(f"/api/jobs/{job}")
        assert status == 200, status
        return dict(json.loads(body))


class Site:
    def __init__(self, home: Path) -> None:
        self.env = {**os.environ, "KARGAH_HOME": str(home)}
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.env.pop("KARGAH_DATABASE_URL", None)
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kargah.cli", "serve", "--port", str(self.port),
             "--workers", "2", "--threads", "4"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{self.base}/accounts/login/", timeout=2)
                return
            except OSError:
                time.sleep(0.5)
        raise AssertionError("kargah serve did not start")

    def kill(self) -> None:
        """As a power cut would: the server, its web processes and its worker at once."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        time.sleep(1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)

    def state(self) -> tuple[int, int]:
        out = subprocess.run([sys.executable, "-c", STATE], env=self.env, capture_output=True,
                             text=True, timeout=120, check=True)  # fmt: skip
        count, stages = out.stdout.split()
        return int(count), int(stages)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Site, dict[str, dict[str, object]]]]:
    running = Site(tmp_path / "home")
    made = subprocess.run([sys.executable, "-c", SETUP], env=running.env, capture_output=True,
                          text=True, timeout=300, check=True)  # fmt: skip
    forms = json.loads(made.stdout.splitlines()[-1])
    running.start()
    yield running, forms
    running.stop()


def _start_import(base: str, rows: int = ROWS) -> tuple[Browser, str]:
    admin = Browser(base)
    body = synthetic_registry(rows, seed=9).to_csv(index=False).encode("utf-8-sig")
    status, _, page = admin.post("/registry/import/", {}, file=body)
    assert status == 200
    found = re.search(r"/registry/import/([0-9a-f-]{36})/confirm/", page)
    assert found, page[:2000]
    status, url, _ = admin.post(found.group(0), {})
    assert status == 200 and url.endswith(f"/registry/import/jobs/{found.group(1)}/"), url
    return admin, found.group(1)


def test_edits_during_a_large_import_all_succeed(site) -> None:  # type: ignore[no-untyped-def]
    running, forms = site
    admin, job = _start_import(running.base)
    answers: list[int] = []
    finished = threading.Event()

    def edit(n: int) -> None:
        editor = Browser(running.base)
        while not finished.is_set():
            for pk, data in forms.items():
                edited = {**data, "name_en": f"edited {n} {time.time()}"}
                status, _, _ = editor.post(f"/registry/{pk}/edit/", edited)
                answers.append(status)

    editors = [threading.Thread(target=edit, args=(n,)) for n in range(2)]
    for thread in editors:
        thread.start()
    try:
        deadline = time.monotonic() + 600
        while (state := admin.job(job))["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, state
            time.sleep(1)
    finally:
        finished.set()
        for thread in editors:
            thread.join()
    assert state["status"] == "done", state
    assert state["done"] == ROWS
    assert answers and all(a == 200 for a in answers), sorted(set(answers))
    assert running.state() == (30 + ROWS, 0)
    assert not any((Path(running.env["KARGAH_HOME"]) / "imports").iterdir())


def test_a_server_killed_mid_import_leaves_nothing_and_says_so(site) -> None:  # type: ignore[no-untyped-def]
    running, _ = site
    admin, job = _start_import(running.base)
    deadline = time.monotonic() + 300
    while (state := admin.job(job))["status"] != "running" or not state["done"]:
        assert state["status"] in ("waiting", "running") and time.monotonic() < deadline, state
        time.sleep(0.3)
    running.kill()
    count, _ = running.state()
    assert count == 30  # no half import visible
    running.start()
    admin = Browser(running.base)
    state = admin.job(job)
    assert state["status"] == "failed" and "Interrupted" in str(state["error"]), state
    status, _, page = admin.get(f"/registry/import/jobs/{job}/")
    assert status == 200 and "قطع شد: سرور در میانهٔ کار متوقف شد" in page  # in Persian
    assert running.state() == (30, 0)  # and its staging table is gone
    assert not any((Path(running.env["KARGAH_HOME"]) / "imports").iterdir())


def _worker_of(site: Site) -> int:
    import psutil

    assert site.process is not None
    found = [p.pid for p in psutil.Process(site.process.pid).children()
             if "db_worker" in " ".join(p.cmdline())]  # fmt: skip
    assert len(found) == 1, found
    return found[0]


def test_a_worker_that_dies_is_replaced_and_its_job_says_so(site) -> None:  # type: ignore[no-untyped-def]
    running, _ = site
    admin, job = _start_import(running.base)
    while (state := admin.job(job))["status"] != "running" or not state["done"]:
        time.sleep(0.3)
    first = _worker_of(running)
    os.kill(first, signal.SIGKILL)
    deadline = time.monotonic() + 120
    while (state := admin.job(job))["status"] == "running":
        assert time.monotonic() < deadline, state
        time.sleep(0.5)
    assert state["status"] == "failed" and "Interrupted" in str(state["error"]), state
    assert running.state() == (30, 0)
    assert _worker_of(running) != first
    admin, again = _start_import(running.base, rows=2500)  # the new worker runs the next one
    deadline = time.monotonic() + 300
    while (state := admin.job(again))["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, state
        time.sleep(0.5)
    assert state["status"] == "done" and running.state() == (30 + 2500, 0), state
