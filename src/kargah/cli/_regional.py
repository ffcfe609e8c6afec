"""``kargah stats lq | shiftshare | clusters``: regional specialisation (registered on the
``stats`` group in stats.py). Each prints a table, or with ``--json`` the records of
:mod:`kargah.stats` and nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from kargah.cli._common import (
    BranchSystemOption,
    DataArgument,
    Engine,
    EngineOption,
    MapOption,
    SetOption,
    SparkMasterOption,
    out,
    print_json,
    read,
    step,
    user_errors,
)

RegionOption = Annotated[
    str, typer.Option("--region", help="The region, as the region column spells it.")
]
MeasureOption = Annotated[
    str, typer.Option(help="Measure to compare: employees, units (workshops), wages, output, …")
]
ByOption = Annotated[str, typer.Option(help="Column of the branches compared.")]
ReferenceOption = Annotated[
    str | None,
    typer.Option(
        help="The region-column value of a national row to compare against (e.g. 'United "
        "States'); default: every region of the input summed.",
        show_default=False,
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(help="The year, where the input holds several.", show_default=False),
]
OutputOption = Annotated[
    Path | None, typer.Option("-o", "--output", help="Write CSV, XLSX or Parquet (by extension).")
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the records as JSON and nothing else.")
]


def lq(
    input: DataArgument,
    region: RegionOption,
    measure: MeasureOption = "employees",
    by: ByOption = "branch",
    reference: ReferenceOption = None,
    year: YearOption = None,
    output: OutputOption = None,
    as_json: JsonOption = False,
    map: MapOption = None,
    set: SetOption = None,
    branch_system: BranchSystemOption = "isic4",
    engine: EngineOption = Engine.duckdb,
    spark_master: SparkMasterOption = None,
) -> None:
    """Location quotient of a region per branch: (region's share of the branch) / (reference's
    share); above 1, the region is specialised in it."""
    from kargah.stats import LocationQuotient

    with user_errors():
        region, reference = key(region), reference and key(reference)
        maker = LocationQuotient(region, measure, by, reference=reference, year=year)
        dataset = read(input, map, set, branch_system, engine=engine, master=spark_master)
        rows = step("Computing location quotients…", lambda: maker.compute(dataset))
        title = f"Location quotient of {region} ({measure}) against {reference or 'all regions'}"
        finish(rows, title, [by], as_json, output)


def shiftshare(
    input: DataArgument,
    region: RegionOption,
    start: Annotated[int, typer.Option("--from", help="First year (Jalali or Gregorian).")],
    end: Annotated[int, typer.Option("--to", help="Second year.")],
    measure: MeasureOption = "employees",
    method: Annotated[
        str,
        typer.Option(
            help="dunn: national share, industry mix, regional shift; esteban-marquillas: also "
            "the homothetic value, competitive and allocation effects."
        ),
    ] = "dunn",
    by: ByOption = "branch",
    reference: ReferenceOption = None,
    output: OutputOption = None,
    as_json: JsonOption = False,
    map: MapOption = None,
    set: SetOption = None,
    branch_system: BranchSystemOption = "isic4",
    engine: EngineOption = Engine.duckdb,
    spark_master: SparkMasterOption = None,
) -> None:
    """Shift-share of a region's change between two years, per branch and in total."""
    from kargah.stats import ShiftShare

    with user_errors():
        region, reference = key(region), reference and key(reference)
        maker = ShiftShare(region, start, end, measure, by, method, reference=reference)
        dataset = read(input, map, set, branch_system, engine=engine, master=spark_master)
        rows = step("Splitting the change…", lambda: maker.compute(dataset))
        title = f"Shift-share of {region} ({measure}), {start} → {end}, {method}"
        finish(rows, title, [by], as_json, output)


def clusters(
    input: DataArgument,
    measure: MeasureOption = "employees",
    units: Annotated[
        str, typer.Option(help="Count of establishments (a row per workshop where absent).")
    ] = "units",
    by: ByOption = "branch",
    lq_percentile: Annotated[
        float, typer.Option(help="The LQ must reach this percentile across regions (0–1).")
    ] = 0.75,
    min_lq: Annotated[float, typer.Option(help="… and at least this LQ.")] = 1.0,
    size_percentile: Annotated[
        float,
        typer.Option(help="Employment and units must be above this percentile across regions."),
    ] = 0.25,
    strong_only: Annotated[
        bool, typer.Option("--strong-only", help="Only the strong clusters.")
    ] = False,
    reference: ReferenceOption = None,
    year: YearOption = None,
    output: OutputOption = None,
    as_json: JsonOption = False,
    map: MapOption = None,
    set: SetOption = None,
    branch_system: BranchSystemOption = "isic4",
    engine: EngineOption = Engine.duckdb,
    spark_master: SparkMasterOption = None,
) -> None:
    """Strong regional clusters as the US Cluster Mapping Project flags them: every region ×
    branch with its LQ, the branch's thresholds and whether it is strong."""
    from kargah.stats import ClusterStrength

    with user_errors():
        maker = ClusterStrength(
            measure,
            units,
            by,
            lq_percentile=lq_percentile,
            min_lq=min_lq,
            size_percentile=size_percentile,
            reference=reference and key(reference),
            year=year,
        )
        dataset = read(input, map, set, branch_system, engine=engine, master=spark_master)
        rows = step("Comparing regions…", lambda: maker.compute(dataset))
        if strong_only:
            rows = [r for r in rows if r["strong"]]
        title = f"Cluster strength ({measure}, {units})"
        finish(rows, title, ["region", by], as_json, output)


def key(name: str) -> str:
    """A region as the files' keys are read: Arabic ي/ك typed as Persian ی/ک."""
    from persiantools.characters import ar_to_fa

    return str(ar_to_fa(name)).strip()


def finish(
    rows: list[dict[str, Any]], title: str, keys: list[str], as_json: bool, output: Path | None
) -> None:
    """The records as JSON, or as a table (a summary when too long to read); and in a file
    with -o."""
    import pandas as pd

    from kargah.cli._summary import show_fitting, summarise, written
    from kargah.cli.stats import save

    frame = pd.DataFrame(rows)
    if as_json:
        print_json(rows)
    elif frame.empty:
        out.print(f"{title}: none", highlight=False)
    else:
        flags = {"strong": frame.strong.map({True: "yes", False: ""})} if "strong" in frame else {}
        shown = frame.assign(**flags)
        if output is not None or not show_fitting(shown, title, keys):
            extra = (
                {"written to": written(output, ["records"])}
                if output is not None
                else {
                    "note": "too many rows to read here: write them with -o FILE or print them "
                    "with --json"
                }
            )
            if "strong" in frame.columns:
                extra["strong"] = f"{int(frame.strong.sum()):,} of {len(frame):,}"
            summarise(frame, title, keys, extra=extra)
    if output is not None:
        save({"records": frame}, output)
