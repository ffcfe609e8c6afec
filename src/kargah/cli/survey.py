"""``kargah survey``: the form template and answer files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kargah.cli._common import InputArgument, out, step, user_errors

app = typer.Typer(help="The expert survey: form template, answer files.", no_args_is_help=True)


@app.command()
def template(
    output: Annotated[Path, typer.Option("-o", "--output", help="CSV or XLSX to write.")] = Path(
        "guilan-answers.xlsx"
    ),
) -> None:
    """An empty answer sheet for the Guilan form: one row per respondent, a column per line."""
    import pandas as pd

    from kargah.survey import PROFILE_FIELDS, load_form
    from kargah.tables import write_table

    form = load_form("guilan")
    write_table(
        pd.DataFrame(columns=["respondent", *PROFILE_FIELDS, *form.answer_columns()]), output
    )
    out.print(f"[green]Wrote[/] {output}")


@app.command()
def check(path: InputArgument) -> None:
    """Check an answer file against the Guilan form (every problem, with row and column)."""
    from kargah.survey import load_form, read_answers

    with user_errors():
        responses = step(f"Reading {path.name}…", lambda: read_answers(path, load_form("guilan")))
    out.print(
        f"[green]ok:[/] {len(responses.respondents):,} respondents, "
        f"{len(responses.answers):,} answers"
    )
