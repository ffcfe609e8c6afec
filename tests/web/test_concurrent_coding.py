"""Two coders coding at once, for real: ``kargah serve`` in its own process on its own database
(SQLite in WAL mode, or PostgreSQL when KARGAH_DATABASE_URL says so), two threads posting as two
coders on the same segments at the same moment, each creating the same new codes. Every coding of
both must be kept and no code made twice."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

SETUP = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "kargah.web.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from kargah.web.accounts.demo import demo_accounts
from kargah.web.coding.demo import load_demo_study
demo_accounts()
survey = load_demo_study()
from kargah.web.coding.models import Coding, Segment
ids = list(Segment.objects.filter(answer__respondent__survey=survey).order_by("id")
           .values_list("id", flat=True)[:30])
Coding.objects.filter(segment_id__in=ids).delete()
print(survey.pk, ",".join(map(str, ids)))
"""
COUNT = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "kargah.web.settings"
django.setup()
from kargah.web.coding.models import Code, Coding
ids = [int(i) for i in os.environ["IDS"].split(",")]
print(Coding.objects.filter(segment_id__in=ids).count(),
      Code.objects.filter(name__startswith="همزمان").count())
"""


class Coder:
    """A browser-like client: cookies, CSRF token, form posts."""

    def __init__(self, base: str, user: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.opener.open(f"{base}/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        self.post("/accounts/login/", {"username": user, "password": "kargah-demo",
                                       "csrfmiddlewaretoken": token.group(1)})  # fmt: skip

    def post(self, path: str, data: dict[str, object]) -> int:
        csrf = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        request = urllib.request.Request(
            f"{self.base}{path}",
            data=urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **data}).encode(),
            headers={"Referer": f"{self.base}{path}", "X-CSRFToken": csrf},
        )
        with self.opener.open(request) as response:
            return int(response.status)


@pytest.fixture
def server(tmp_path: Path, kargah_served):  # type: ignore[no-untyped-def]
    env = {**os.environ, "KARGAH_HOME": str(tmp_path / "home")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    made = subprocess.run([sys.executable, "-c", SETUP], env=env, capture_output=True,
                          text=True, timeout=300, check=True)  # fmt: skip
    survey, ids = made.stdout.split()[-2:]
    with kargah_served(env, "--threads", "8") as base:
        yield base, int(survey), ids, env


def test_two_coders_at_the_same_moment(server) -> None:  # type: ignore[no-untyped-def]
    base, survey, ids, env = server
    segments = [int(i) for i in ids.split(",")]
    coders = {user: Coder(base, user) for user in ("coder", "coder2")}
    start = threading.Barrier(2, timeout=60)
    failures: list[BaseException] = []

    def work(coder: Coder) -> None:
        try:
            start.wait()
            for n, segment in enumerate(segments):
                status = coder.post(f"/coding/{survey}/code/",
                                    {"segment": segment, "code": f"همزمان {n % 5}"})  # fmt: skip
                assert status == 200  # the redirect to the next segment, followed
        except BaseException as error:  # reported to the test's thread
            failures.append(error)

    threads = [threading.Thread(target=work, args=(c,)) for c in coders.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    counted = subprocess.run([sys.executable, "-c", COUNT], env={**env, "IDS": ids},
                             capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    codings, codes = map(int, counted.stdout.split())
    assert codings == 2 * len(segments)  # nobody's work lost
    assert codes == 5  # the same new code typed by both at once is one code
