"""``kargah stats``: structural indicators, change between years, sensitivity to the definition,
paired tests of the hypotheses, and regional specialisation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kargah.cli._common import (
    BranchSystemOption,
    DataArgument,
    Engine,
    EngineOption,
    InputArgument,
    MapOption,
    SetOption,
    SparkMasterOption,
    console,
    out,
    print_json,
    read,
    records,
    show,
    split,
    step,
    user_errors,
    warn_totals,
)
from kargah.cli._regional import clusters, lq, shiftshare
from kargah.cli._summary import show_fitting, summarise, written

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(help="Statistics by size class × branch × region × year.", no_args_is_help=True)


DefinitionOption = Annotated[
    str | None,
    typer.Option("-d", "--definition", help="Definition id or path of a definition file."),
]
OutputOption = Annotated[
    Path | None, typer.Option("-o", "--output", help="Write CSV, XLSX or Parquet (by extension).")
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the result as JSON and nothing else.")
]


DefinitionsOption = Annotated[
    list[str] | None,
    typer.Option(
        "-d",
        "--definition",
        help="Definition id or path of a definition file; repeat it to compare several in one "
        "pass over the data (the tables then start with a definition column).",
    ),
]


@app.command()
def indicators(
    input: DataArgument,
    definition: DefinitionsOption = None,
    by: Annotated[
        str, typer.Option(help="Group columns, comma-separated, e.g. year,region,branch.")
    ] = "",
    output: OutputOption = None,
    as_json: JsonOption = False,
    map: MapOption = None,
    set: SetOption = None,
    branch_system: BranchSystemOption = "isic4",
    engine: EngineOption = Engine.duckdb,
    spark_master: SparkMasterOption = None,
) -> None:
    """Sums, shares and per-employee ratios per group and size class, and the branch
    composition of each size class; with -o, a summary on the terminal and the tables in the
    file."""
    from kargah.stats import Indicators

    with user_errors():
        dataset = read(input, map, set, branch_system, engine=engine, master=spark_master)
        groups = split(by)
        mismatches = warn_totals(dataset)
        chosen = list(dict.fromkeys(definition or []))
        several = len(chosen) > 1
        maker = Indicators(by=groups, definition=chosen if several else next(iter(chosen), None))
        # One pass over the data; both tables roll up from its sums in memory.
        sums = step("Computing indicators…", lambda: maker.sums(dataset).collect())
        table = maker.compute(sums).to_pandas()
        sheets = {"indicators": table}
        if sums.has_branch:
            sheets["composition"] = maker.composition(sums).to_pandas()
        if mismatches:
            import pandas as pd

            # One column per key: a cell holding a dict cannot be written to a workbook.
            rows = [{**m.keys, **{k: v for k, v in vars(m).items() if k != "keys"}}
                    for m in mismatches]  # fmt: skip
            sheets["totals_check"] = pd.DataFrame(rows)
        keys = [*(["definition"] if several else []), *groups]
        title = f"Indicators by {', '.join([*keys, 'size class'])}"
        if as_json:
            print_json(records(table))
        if output is not None:
            save(sheets, output)
        if not as_json and (output is not None or not show_fitting(table, title, keys)):
            summarise(table, title, keys, extra=_about(sheets, output))


def _about(sheets: dict[str, pd.DataFrame], output: Path | None) -> dict[str, str]:
    """The summary's last lines: the composition, and where the tables went (or can go)."""
    about = {}
    if "composition" in sheets:
        about["composition"] = f"{len(sheets['composition']):,} rows (branch × size class)"
    if output is not None:
        about["written to"] = written(output, list(sheets))
    else:
        about["note"] = (
            "too many rows to read here: write them with -o FILE (.xlsx, .csv, .parquet) "
            "or print them with --json"
        )
    return about


@app.command()
def change(
    input: DataArgument,
    start: Annotated[int, typer.Option("--from", help="First year (Jalali or Gregorian).")],
    end: Annotated[int, typer.Option("--to", help="Second year.")],
    measure: Annotated[str, typer.Option(help="Measure to follow.")] = "units",
    by: Annotated[
        str | None,
        typer.Option(
            help="Breakdown of the contributions, comma-separated; default: branch, if the input "
            "has one (a table of totals by size class and year gives the summary only)."
        ),
    ] = None,
    definition: DefinitionOption = None,
    output: OutputOption = None,
    as_json: JsonOption = False,
    map: MapOption = None,
    set: SetOption = None,
    branch_system: BranchSystemOption = "isic4",
    engine: EngineOption = Engine.duckdb,
    spark_master: SparkMasterOption = None,
) -> None:
    """Change of a measure between two years per size class, and each branch's contribution."""
    from kargah.stats import Change

    with user_errors():
        dataset = read(input, map, set, branch_system, engine=engine, master=spark_master)
        result = step(
            "Computing change…",
            lambda: Change(
                start=start,
                end=end,
                measure=measure,
                by=None if by is None else split(by),
                definition=definition,
            ).compute(dataset),
        )
        summary = result.summary.to_pandas()
        sheets = {"summary": summary}
        if result.contributions is not None:
            sheets["contributions"] = result.contributions.to_pandas()
        if as_json:
            parts = {"summary": summary, "contributions": sheets.get("contributions")}
            print_json({k: [] if v is None else records(v) for k, v in parts.items()})
        else:
            show(summary, f"{measure}: {start} → {end}")
            if "contributions" in sheets:
                show(sheets["contributions"], "Contributions to the change")
        if output is not None:
            save(sheets, output)


@app.command()
def sensitivity(
    input: DataArgument,
    measure: Annotated[str, typer.Option(help="Measure whose shares are compared.")] = "units",
    by: Annotated[str, typer.Option(help="Group columns, comma-separated.")] = "",
    output: OutputOption = None,
    as_json: JsonOption = False,
    map: MapOption = None,
    set: SetOption = None,
    branch_system: BranchSystemOption = "isic4",
    engine: EngineOption = Engine.duckdb,
    spark_master: SparkMasterOption = None,
) -> None:
    """The share of each size class under every definition that can classify the input."""
    from kargah.stats import Sensitivity

    with user_errors():
        dataset = read(input, map, set, branch_system, engine=engine, master=spark_master)
        result = step(
            "Classifying under every definition…",
            lambda: Sensitivity(measure=measure, by=split(by)).compute(dataset),
        )
        long = result.shares.to_pandas() if result.shares is not None else None
        if as_json:
            print_json(
                {"shares": records(long) if long is not None else [], "skipped": result.skipped}
            )
            return
        if long is not None:
            wide = result.wide().reset_index()  # type: ignore[attr-defined]
            show(wide, f"Share of {measure} by size class under each definition", shares=True)
        for definition_id, reason in result.skipped.items():
            console.print(f"[dim]{definition_id}: not used — {reason}[/]", highlight=False)
        if output is not None and long is not None:
            save({"sensitivity": long}, output)


@app.command()
def compare(
    input: InputArgument,
    indicator: Annotated[
        str, typer.Option(help="e.g. employees_per_capital (H3), capital_output_ratio (H4).")
    ],
    classes: Annotated[str, typer.Option(help="The two size classes, A,B.")] = "small,large",
    over: Annotated[
        str, typer.Option(help="What the pairs are, e.g. branch or region,branch.")
    ] = "branch",
    expect: Annotated[
        str | None, typer.Option(help="Hypothesis: 'greater' or 'less' (A against B).")
    ] = None,
    definition: DefinitionOption = None,
    as_json: JsonOption = False,
    map: MapOption = None,
    set: SetOption = None,
    branch_system: BranchSystemOption = "isic4",
) -> None:
    """Paired Wilcoxon signed-rank test and bootstrap CI of the median difference between two
    size classes, with a plain verdict in Persian and English."""
    from kargah.stats import Comparison

    pair = split(classes)
    if len(pair) != 2:
        raise typer.BadParameter(
            "give exactly two classes, e.g. small,large", param_hint="--classes"
        )
    if expect not in (None, "greater", "less"):
        raise typer.BadParameter("'greater' or 'less'", param_hint="--expect")
    with user_errors():
        dataset = read(input, map, set, branch_system)
        result = step(
            "Testing…",
            lambda: Comparison(
                indicator=indicator,
                classes=(pair[0], pair[1]),
                over=split(over),
                definition=definition,
                expect=expect,  # type: ignore[arg-type]
            ).compute(dataset),
        )
        if as_json:
            print_json(result.to_dict())
            return
        if result.pairs is not None:
            show(result.pairs, f"{indicator} by {over}")
        out.print(result.verdict_en, highlight=False)
        out.print(result.verdict_fa, highlight=False)


def save(sheets: dict[str, object], output: Path) -> None:
    from kargah.tables import write_table, write_workbook

    if output.suffix.lower() == ".xlsx":
        write_workbook(sheets, output)
    else:
        write_table(next(iter(sheets.values())), output)
    console.print(f"[green]wrote[/] {output}")


@app.command()
def reference(
    output: Annotated[Path, typer.Option("-o", "--output", help="Workbook to write.")] = Path(
        "kargah-reference.xlsx"
    ),
) -> None:
    """The statistics on the reference data shipped with Kargah (the thesis's published figures):
    print the tables, write an XLSX."""
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
        out.rule("[bold]Small and large industry in Iran, from published figures")
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


# Regional specialisation: location quotient, shift-share, cluster strength (cli/_regional.py).
app.command()(lq)
app.command()(shiftshare)
app.command()(clusters)
