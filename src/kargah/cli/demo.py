"""``kargah demo``: the site with the demo study (synthetic Guilan registry, demo accounts, the
thesis's reference tables); ``kargah stats demo``: the statistics verbs on the reference data
shipped with Kargah, printed and written to one workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kargah.cli._common import console, out, show, step, user_errors


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


def statistics_demo(
    output: Annotated[Path, typer.Option("-o", "--output", help="Workbook to write.")] = Path(
        "kargah-demo.xlsx"
    ),
) -> None:
    """Run the statistics on the shipped reference data: print the tables, write an XLSX."""
    from importlib import resources

    from kargah.stats import (
        Change,
        Indicators,
        Sensitivity,
        reference_tables,
        thesis_branches,
        thesis_census,
    )
    from kargah.tables import read_dataset, write_workbook

    with user_errors():
        out.rule("[bold]Kargah demo — small and large industry in Iran, from published figures")
        census = step(
            "Census shares…", lambda: Indicators(by=["year"]).compute(thesis_census()).to_pandas()
        )
        show(census, "1. Workshops by size class, 1353 and 1375 (thesis, citing the SCI)")
        small_1353 = census.query("year == 1353 and size_class == 'small'")["share_units"].item()
        out.print(
            f"   Small workshops were {small_1353:.2%} of all industrial workshops in 1353.\n"
        )

        change = step(
            "Change 1353 → 1375…",
            lambda: Change(start=1353, end=1375, measure="units").compute(thesis_branches()),
        )
        assert change.contributions is not None  # the thesis's table has branches
        summary, contributions = change.summary.to_pandas(), change.contributions.to_pandas()
        show(summary, "2. Change in the number of workshops, 1353 → 1375")
        show(
            contributions,
            "   Contribution of each branch (32 = textiles, apparel, leather; derived)",
        )
        textiles = contributions.query("size_class == 'small' and branch == '32'")
        out.print(
            f"   Textiles account for {textiles['contribution_share'].item():.1%} "
            "of the fall in small workshops.\n"
        )

        sci_file = (
            resources.files("kargah") / "data" / "reference" / "iran_sci_workshops_10plus.csv"
        )
        with resources.as_file(sci_file) as path:
            bands = step(
                "Reading the SCI band table…", lambda: read_dataset(path, branch_system=None)
            )
            by_sci = step(
                "Classifying bands…",
                lambda: Indicators(by=["year"], definition="sci-iran").compute(bands).to_pandas(),
            )
            spread = step(
                "Every definition…",
                lambda: Sensitivity(measure="units", by=["year"]).compute(bands),
            )
        show(by_sci, "3. Workshops with 10+ workers, 1396 and 1400, under the SCI definition")
        if spread.shares is not None:
            wide = spread.wide().reset_index()  # type: ignore[attr-defined]
            show(
                wide, "   The same bands under every definition that can classify them", shares=True
            )
        for definition_id, reason in spread.skipped.items():
            console.print(f"   [dim]{definition_id}: {reason}[/]", highlight=False)

        countries = reference_tables()["cross_country_sme_shares"]
        table = countries.pivot_table(
            index="indicator", columns="country", values="share_pct", sort=False
        ).reset_index()
        show(table, "4. Share of small industries (%) in five countries (thesis, section 7-3)")

        sheets = {
            "census_shares": census,
            "change_summary": summary,
            "change_by_branch": contributions,
            "sci_10plus": by_sci,
            "cross_country": table,
        }
        if spread.shares is not None:
            sheets["sensitivity"] = spread.shares.to_pandas()
        sheets.update({f"ref_{name}": frame for name, frame in reference_tables().items()})
        step("Writing the workbook…", lambda: write_workbook(sheets, output))
        out.print(f"[green]Wrote[/] {output.resolve()} ({len(sheets)} sheets).")
