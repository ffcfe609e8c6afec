"""``kargah demo``: the site with the demo study (synthetic Guilan registry, demo accounts, the
thesis's reference tables). "Demo" names this alone: generated data sets are "synthetic"
(``kargah registry synthetic``, ``kargah coding synthetic``) and the published figures are
"reference" data (``kargah stats reference``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def demo(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    check: Annotated[
        bool, typer.Option("--check", help="Prepare the demo database, print the accounts, exit.")
    ] = False,
) -> None:
    """Open (or create) the demo database, load the demo study and serve the site at
    http://127.0.0.1:8000, printing the demo accounts."""
    import os

    os.environ.setdefault("KARGAH_HOME", str(Path.cwd() / ".kargah-demo"))
    from kargah.cli.serve import serve

    serve(port=port, host="127.0.0.1", demo=True, threads=8, workers=1, run=not check)
