"""``kargah sizeclass``: the official definitions of "small", and classification under them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kargah.cli._common import (
    BranchSystemOption,
    InputArgument,
    MapOption,
    SetOption,
    console,
    out,
    read,
    step,
    user_errors,
    warn_totals,
)

app = typer.Typer(
    help="Official definitions of micro / small / medium / large.", no_args_is_help=True
)


@app.command("list")
def list_() -> None:
    """Every shipped definition: id, names, year, criteria and classes."""
    from rich.table import Table

    from kargah.sizeclass import definitions

    with user_errors():
        table = Table(title="Definitions of small (use the id with -d)", title_justify="left")
        for column in ("id", "name", "نام", "year", "criteria", "classes"):
            table.add_column(column, overflow="fold")
        for d in definitions():
            table.add_row(
                d.id,
                d.title("en"),
                d.title("fa"),
                str(d.year or ""),
                ", ".join(sorted(d.criteria)),
                ", ".join(d.class_names),
            )
        out.print(table)


@app.command()
def show(
    definition: Annotated[str, typer.Argument(help="Definition id or path of a file.")],
) -> None:
    """One definition in full: source, notes and each class's rule."""
    from kargah.sizeclass import get_definition

    with user_errors():
        d = get_definition(definition)
        out.print(f"[bold]{d.id}[/]  {d.title('en')} — {d.title('fa')}", highlight=False)
        if d.year:
            out.print(f"year: {d.year} ({d.calendar or 'calendar not given'})", highlight=False)
        out.print(f"source: {d.source}", highlight=False)
        if d.notes:
            out.print(f"notes: {d.notes}", highlight=False)
        for number, size_class in enumerate(d.classes, start=1):
            label = f" ({size_class.title('fa')})" if "fa" in size_class.label else ""
            out.print(
                f"  {number}. [bold]{size_class.name}[/]{label}: {size_class.rule.describe()}",
                highlight=False,
            )
        out.print("[dim]Classes are tried in order; the first that admits a workshop wins.[/]")


@app.command()
def classify(
    input: InputArgument,
    definition: Annotated[
        list[str], typer.Option("-d", "--definition", help="Definition id or file (repeatable).")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="CSV, XLSX or Parquet.")],
    map: MapOption = None,
    set: SetOption = None,
    branch_system: BranchSystemOption = "none",
) -> None:
    """Add a size_class_<ID> column per definition to every row (workshops or size bands)."""
    from kargah.sizeclass import classify as run
    from kargah.sizeclass import get_definition
    from kargah.tables import write_table

    with user_errors():
        dataset = read(input, map, set, branch_system)
        warn_totals(dataset)
        chosen = [get_definition(d) for d in definition]
        table = step("Classifying…", lambda: run(dataset.table, chosen).to_pandas())
        step("Writing…", lambda: write_table(table, output))
        if dataset.totals is not None:
            count = int(dataset.totals.count().to_pyarrow().as_py())
            console.print(f"[dim]{count} total rows set apart (not classified, not written)[/]")
        for d in chosen:
            counts = table[f"size_class_{d.id}"].fillna("unclassified").value_counts()
            summary = ", ".join(f"{name} {n:,}" for name, n in counts.items())
            console.print(f"{d.id}: {summary}", highlight=False)
        console.print(f"[green]wrote[/] {output} ({len(table):,} rows)")
