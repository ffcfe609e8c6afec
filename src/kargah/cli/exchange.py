"""``kargah exchange``: the subcontracting exchange — rank workshops for a buyer's need."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from kargah.cli._common import console, django_site, out, print_json, step, user_errors

app = typer.Typer(
    help="The subcontracting and partnership exchange: needs and explained matches.",
    no_args_is_help=True,
)


@app.command()
def match(
    request: Annotated[
        Path, typer.Argument(help="The need: REQUEST.json (docs/exchange.md, 'Request schema').")
    ],
    workshops: Annotated[
        Path | None,
        typer.Option(
            "--workshops",
            help="A registry file (CSV, XLSX or Parquet, the import format) to match against; "
            "without it, the site's database (KARGAH_HOME or KARGAH_DATABASE_URL).",
        ),
    ] = None,
    top: Annotated[int, typer.Option(help="How many matches, best first.", min=1)] = 20,
    weight: Annotated[
        list[str] | None,
        typer.Option(
            "--weight",
            help="part=weight to change a weight of the score, e.g. --weight distance=0.4 "
            "(repeatable; parts: capability, capacity, distance, size, performance).",
            metavar="PART=W",
        ),
    ] = None,
    lang: Annotated[str, typer.Option(help="Language of the reasons: en or fa.")] = "en",
    as_json: Annotated[
        bool, typer.Option("--json", help='{"matches": [...]} on standard output.')
    ] = False,
) -> None:
    """Rank the workshops that can meet a need, each with the reasons for its score."""
    from kargah.cli._common import pairs
    from kargah.errors import OptionError
    from kargah.exchange import Matcher, read_need

    with user_errors():
        if lang not in {"en", "fa"}:
            raise OptionError(f"--lang is en or fa, not {lang}")
        weights = {}
        for part, text in pairs(weight, "--weight").items():
            try:
                weights[part] = float(text)
            except ValueError:
                raise OptionError(f"--weight {part}={text}: not a number") from None
        need = read_need(request)
        matcher = Matcher(weights=weights or None, top=top)
        if workshops is not None:
            _from_file(matcher, need, workshops)
        else:
            _from_site(matcher, need)
    if as_json:
        print_json(matcher.as_dict(lang))
        return
    _show(matcher, lang)


def _from_file(matcher: Any, need: Any, path: Path) -> None:
    """The file's workshops through the same index the site keeps, in a temporary SQLite file."""
    import sqlite3

    from kargah.exchange import build_index, registry_profiles
    from kargah.registry import validate_workshops
    from kargah.tables import read_cells

    cells = step(f"Reading {path.name}…", lambda: read_cells(path))
    frame = step("Checking every cell…", lambda: validate_workshops(cells, path))
    profiles = registry_profiles(frame, path)
    with tempfile.TemporaryDirectory(prefix="kargah-exchange-") as folder:
        index = Path(folder) / "index.sqlite3"
        tables = step("Indexing…", lambda: build_index(index, profiles))
        connection = sqlite3.connect(str(index))
        try:
            matcher.search(connection.cursor(), need, tables)
        finally:
            connection.close()


def _from_site(matcher: Any, need: Any) -> None:
    """The site's own index (kept by kargah.web.exchange), on its database connection."""
    django_site()
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            matcher.search(cursor, need)
    except DatabaseError as error:  # no site database, or one without the exchange's tables
        console.print(f"[bold red]error:[/] the site's database cannot be read ({error})")
        raise typer.Exit(2) from None


def _show(matcher: Any, lang: str) -> None:
    from rich.table import Table

    title = f"best {len(matcher.matches_)} of {matcher.candidates_:,} candidates scored"
    table = Table(title=title, title_justify="left", show_lines=True)
    for name in ("#", "workshop", "score", "km", "idle", "reasons"):
        table.add_column(name, justify="left" if name == "reasons" else "right")
    for rank, m in enumerate(matcher.matches_, 1):
        table.add_row(
            str(rank), str(m.workshop_id), f"{m.score:.3f}",
            "—" if m.distance_km is None else f"{m.distance_km:,.0f}",
            "—" if m.idle_capacity is None else f"{m.idle_capacity:,.0f}",
            "\n".join(r.text(lang) for r in m.reasons),
        )  # fmt: skip
    out.print(table)
