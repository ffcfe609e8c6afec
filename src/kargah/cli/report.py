"""``kargah report``: documents from the site's database — the study report as PDF, HTML or
XLSX, in Persian or English."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kargah.cli._common import console, django_site, step, user_errors

app = typer.Typer(help="Reports from the site's database: the study report.", no_args_is_help=True)


class Lang(StrEnum):
    fa = "fa"
    en = "en"


class Format(StrEnum):
    pdf = "pdf"
    html = "html"
    xlsx = "xlsx"


@app.command()
def study(
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write.")],
    lang: Annotated[Lang, typer.Option("--lang", help="The report's language.")] = Lang.fa,
    fmt: Annotated[Format, typer.Option("--format", help="pdf, html or xlsx.")] = Format.pdf,
    survey: Annotated[
        int | None,
        typer.Option(help="The survey's number (default: the ranking's, else the latest)."),
    ] = None,
    ranking: Annotated[
        int | None, typer.Option(help="The ranking project's number (default: the latest).")
    ] = None,
    definition: Annotated[
        str, typer.Option(help="The definition of small the size classes follow.")
    ] = "sci-iran",
) -> None:
    """The study report of the site's database (KARGAH_HOME or KARGAH_DATABASE_URL): the
    registry in numbers, structural statistics and hypotheses, the survey, the coded challenges
    and solutions, agreement between coders, the priority ranking, the exchange's linkages and
    the cross-country comparison; sections without data are left out."""
    django_site()
    from django.db import DatabaseError

    from kargah.reports import write_report
    from kargah.sizeclass import get_definition
    from kargah.web.reports.study import study_report

    with user_errors():
        get_definition(definition)  # an unknown one is named before any work
        try:
            report = step(
                "Gathering the study…",
                lambda: study_report(lang.value, survey, ranking, definition),
            )
        except DatabaseError as error:  # no site database, or one never migrated
            console.print(f"[bold red]error:[/] the site's database cannot be read ({error})")
            raise typer.Exit(2) from None
        step(f"Writing the {fmt.value.upper()}…", lambda: write_report(report, output, fmt.value))
    console.print(f"[green]wrote[/] {output}", highlight=False)
