"""``kargah registry``: the database of workshops — places, catalog, import checks, synthetic data.
(The site keeps the registry itself; these commands work on files, but for ``export``, which
reads the site's database.)"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kargah.cli._common import console, django_site, out, show, step, user_errors

app = typer.Typer(
    help="Workshops and production centers: places, catalog, imports.", no_args_is_help=True
)


@app.command()
def counties(
    province: Annotated[str | None, typer.Option(help="English name, e.g. Gilan.")] = None,
) -> None:
    """Iran's counties (or one province's) in Persian and English."""
    import pandas as pd

    from kargah.registry import counties as all_counties

    places = all_counties(province)
    frame = pd.DataFrame([(c.province, c.name("en"), c.fa) for c in places])
    frame.columns = ["province", "county", "شهرستان"]
    show(frame, f"{len(places)} counties", limit=500)


@app.command()
def catalog() -> None:
    """Production-center categories and their product groups, with ISIC codes."""
    import pandas as pd

    from kargah.registry import catalog as load

    shipped = load()
    rows = [
        (f"{g.category}/{g.id}", g.name["en"], g.name["fa"], ", ".join(g.isic))
        for g in shipped.groups()
    ]
    show(pd.DataFrame(rows, columns=["group", "name", "نام", "ISIC"]), "Catalog", limit=500)
    console.print(f"[dim]{shipped.source}[/]", highlight=False)


@app.command()
def synthetic(
    output: Annotated[Path, typer.Option("-o", "--output", help="CSV, XLSX or Parquet.")],
    n: Annotated[int, typer.Option("-n", help="How many workshops.")] = 20_000,
    seed: Annotated[int, typer.Option(help="Same seed, same workshops.")] = 1404,
) -> None:
    """Write the synthetic Guilan registry (the one the demo site loads; every row is labelled
    synthetic)."""
    from kargah.registry import synthetic_registry
    from kargah.tables import write_table

    with user_errors():
        frame = step(f"Making {n:,} synthetic workshops…", lambda: synthetic_registry(n, seed=seed))
        step("Writing…", lambda: write_table(frame, output))
        console.print(f"[green]wrote[/] {output}: {n:,} synthetic workshops (seed {seed})")


@app.command()
def check(
    input: Annotated[Path, typer.Argument(help="Workshops to import: CSV, XLSX or Parquet.")],
    province: Annotated[
        str | None, typer.Option(help="Counties must be of this province (English name).")
    ] = None,
    definition: Annotated[
        str, typer.Option("-d", "--definition", help="Size classes under this definition.")
    ] = "sci-iran",
) -> None:
    """Check a workshop import file, cell by cell, as the site's import does; summarise it."""
    import ibis

    from kargah.registry import validate_workshops
    from kargah.sizeclass import classify
    from kargah.tables import read_cells

    with user_errors():
        cells = step(f"Reading {input.name}…", lambda: read_cells(input))
        frame = step(
            "Checking every cell…", lambda: validate_workshops(cells, input, province=province)
        )
        sized = classify(
            ibis.memtable(frame[["employees"]].astype(float)), [definition]
        ).to_pandas()
        counts = sized[f"size_class_{definition}"].fillna("unclassified").value_counts()
        out.print(f"[green]{len(frame):,} workshops, all cells good[/]")
        show(counts.rename_axis("size class").reset_index(name="workshops"), f"Under {definition}")
        if "idle_capacity" in frame:
            out.print(f"idle capacity in all: {frame['idle_capacity'].sum():,.0f} units a month")


@app.command()
def export(
    output: Annotated[Path, typer.Argument(help="CSV or XLSX to write.")],
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Everything (contacts, owners, history): the export to import again."
        ),
    ] = False,
) -> None:
    """Write the site's registry (KARGAH_HOME or KARGAH_DATABASE_URL) as the site's export does,
    row by row, every text cell escaped against spreadsheet formulas."""
    django_site()
    from django.db import DatabaseError

    from kargah.tables import write_table
    from kargah.web.registry.full import FULL_COLUMNS, PUBLIC_COLUMNS, export_rows
    from kargah.web.registry.models import Workshop

    if output.suffix.lower() not in {".csv", ".xlsx"}:
        console.print(f"[red]{output}: use .csv or .xlsx[/]")
        raise typer.Exit(2)
    found = Workshop.objects.all()
    rows = export_rows(found, full=full)
    columns = FULL_COLUMNS if full else PUBLIC_COLUMNS
    try:
        with user_errors():
            step("Writing…", lambda: write_table((columns, rows), output))
    except DatabaseError as error:  # no site database here yet
        console.print(f"[bold red]error:[/] the site's database cannot be read ({error})")
        raise typer.Exit(2) from None
    kind = "full export" if full else "public export"
    console.print(f"[green]wrote[/] {output}: {found.count():,} workshops ({kind})")
