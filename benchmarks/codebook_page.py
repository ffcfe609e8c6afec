"""The codebook page of the demo study, with each code's edit forms loaded on demand.

    python benchmarks/codebook_page.py [--repeats N] [--quick] [--json]

Loads the demo study (54 themes, their open codes, two coders' codings) into a fresh SQLite
database and, as the analyst through Django's test client, times:

- page: ``/coding/<id>/codebook/`` as served now (each code row links its edit forms, which htmx
  fetches when the row's "Edit" is opened);
- eager (the baseline): the same page plus every code's edit forms rendered in the same process —
  what the page carried before (each row its own merge and move lists: codes × codes options);
- one row: a single code's edit forms, ``/coding/<id>/codes/<code>/edit/`` with ``HX-Request``.

Prints the median milliseconds and bytes of each and the ratio page / eager, checks that the page
carries no merge list and that a row's forms offer every other code (exit status 1 if not), and
the verdict against the target: page ≤ 300 ms. ``--quick`` (2 repeats) is what the test suite
runs, for correctness.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_MS = 300


def prepare(home: Path) -> Any:
    os.environ["KARGAH_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kargah.web.settings"
    os.environ.pop("KARGAH_DATABASE_URL", None)  # the benchmark's own SQLite, always fresh
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from kargah.web.accounts.demo import demo_accounts
    from kargah.web.coding.demo import load_demo_study

    demo_accounts()
    return load_demo_study()


def timed(action: Any, repeats: int) -> tuple[float, int]:
    """Median milliseconds of ``action()`` (one warm-up run first) and the bytes it returned."""
    size = len(action())
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    repeats = 2 if args.quick else args.repeats
    with tempfile.TemporaryDirectory() as folder:
        survey = prepare(Path(folder))
        from django.contrib.auth.models import User
        from django.template.loader import render_to_string
        from django.test import Client

        from kargah.web.coding.models import Code, Theme

        client = Client(HTTP_ACCEPT_LANGUAGE="fa")
        client.force_login(User.objects.get(username="analyst"))
        url = f"/coding/{survey.pk}/codebook/"
        codes = list(Code.objects.filter(survey=survey))
        first = codes[0]

        def page() -> bytes:
            return bytes(client.get(url).content)

        def eager() -> bytes:
            # the forms of every row, as the page rendered them before, on top of the page
            response = client.get(url)
            request = response.wsgi_request
            context = {
                "survey": survey,
                "codes": Code.objects.filter(survey=survey),
                "theme_list": list(Theme.objects.filter(survey=survey)),
            }
            rows = "".join(
                render_to_string("coding/code_actions.html", {**context, "c": c}, request)
                for c in codes
            )
            return bytes(response.content) + rows.encode()

        def row() -> bytes:
            edit = f"/coding/{survey.pk}/codes/{first.pk}/edit/"
            return bytes(client.get(edit, HTTP_HX_REQUEST="true").content)

        figures = {name: timed(action, repeats) for name, action in
                   (("page", page), ("eager", eager), ("row", row))}  # fmt: skip
        html = page().decode()
        forms = row().decode()
        correct = (
            html.count('name="into"') == Theme.objects.filter(survey=survey).count()  # themes' only
            and all(f"/codes/{c.pk}/edit/" in html for c in codes)
            and forms.count("<option") >= len(codes) - 1
        )
    report = {
        "codes": len(codes),
        "repeats": repeats,
        **{f"{k}_ms": round(v[0], 1) for k, v in figures.items()},
        **{f"{k}_bytes": v[1] for k, v in figures.items()},
        "page_over_eager": round(figures["page"][0] / figures["eager"][0], 3),
        "within_target": figures["page"][0] <= TARGET_MS,
        "correct": correct,
    }
    if args.json:
        print(json.dumps(report))
    else:
        for name in ("page", "eager", "row"):
            ms, size = figures[name]
            print(f"{name:6} {ms:8.1f} ms {size:>10,} bytes")
        verdict = "met" if report["within_target"] else "NOT met"
        print(f"page / eager = {report['page_over_eager']}  (target: page ≤ {TARGET_MS} ms: "
              f"{verdict}); correct: {correct}")  # fmt: skip
    return 0 if correct else 1


if __name__ == "__main__":
    sys.exit(main())
