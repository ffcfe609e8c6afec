"""What every ``kargah`` command shares: input options, reading with progress, showing tables,
and turning a user's error into a one-line message instead of a traceback."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

if TYPE_CHECKING:
    import pandas as pd

    from kargah.tables import Dataset, TotalMismatch

console = Console(stderr=True)
out = Console()
T = TypeVar("T")

MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        help="standard=source_column, e.g. --map employees=Employment (repeatable).",
        metavar="STD=COL",
    ),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="standard=value for a column the file lacks, e.g. --set year=2021.",
        metavar="STD=VALUE",
    ),
]
BranchSystemOption = Annotated[
    str,
    typer.Option(
        "--branch-system",
        help="Branch classification: isic4 (default), isic3, isic2, naics, nace, none.",
    ),
]
InputArgument = Annotated[
    Path, typer.Argument(help="CSV, XLSX or Parquet file.", exists=True, dir_okay=False)
]
#: The input of the commands that also run on Spark: checked by :func:`read` (a URL or a folder
#: is for Spark alone).
DataArgument = Annotated[
    str,
    typer.Argument(
        help="CSV, XLSX or Parquet file; with --engine spark also a folder of Parquet or CSV "
        "files read as one table, or a cluster URL (hdfs://…, s3a://…).",
        metavar="INPUT",
        show_default=False,
    ),
]


class Engine(StrEnum):
    """Where the statistics run: DuckDB on this machine, or Apache Spark."""

    duckdb = "duckdb"
    spark = "spark"


EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        help="duckdb: this machine; spark: Apache Spark (the 'spark' extra of kargah, Java 17+).",
        case_sensitive=False,
    ),
]
SparkMasterOption = Annotated[
    str | None,
    typer.Option(
        "--spark-master",
        help="With --engine spark: local[N], spark://HOST:7077, yarn or k8s://… "
        "(default: spark-submit's, else local[2]).",
        metavar="URL",
        show_default=False,
    ),
]


def pairs(values: list[str] | None, option: str) -> dict[str, str]:
    """``["a=b", …]`` → ``{"a": "b"}``, with a clear message for a value without '='."""
    result: dict[str, str] = {}
    for value in values or []:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"'{value}' is not STD=VALUE", param_hint=option)
        result[key.strip()] = rest.strip()
    return result


def split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def django_site() -> Any:
    """Django set up on the site's settings (KARGAH_HOME, KARGAH_DATABASE_URL and the others
    from the environment), for the commands that read or serve the site's database; its
    settings. Django is imported here, not at start-up: the other commands never need it."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kargah.web.settings")
    import django
    from django.conf import settings

    django.setup()
    return settings


@contextmanager
def user_errors() -> Iterator[None]:
    """Print a KargahError (bad input, bad definition) in red and exit with status 2."""
    from kargah.errors import KargahError

    try:
        yield
    except KargahError as error:
        from rich.markup import escape  # messages hold brackets: kargah[spark], local[2]

        console.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
        raise typer.Exit(2) from None
    except Exception as error:
        # A Spark job that fails on the cluster (a lost executor, denied storage) is the
        # user's to fix too; pyspark is never imported to tell, so --help stays quick.
        if not type(error).__module__.startswith(("pyspark", "py4j")):
            raise
        from rich.markup import escape

        from kargah.tables._spark import spark_message

        console.print(f"[bold red]error:[/] Spark: {escape(spark_message(error))}", highlight=False)
        raise typer.Exit(2) from None


def step(message: str, work: Callable[[], T]) -> T:
    """Run one stage under a spinner, so anything over a second shows it is alive."""
    with console.status(message, spinner="dots"):
        return work()


def read(
    path: Path | str,
    mapping: list[str] | None,
    set_values: list[str] | None,
    branch_system: str,
    *,
    engine: Engine = Engine.duckdb,
    master: str | None = None,
) -> Dataset:
    """The input as a checked Dataset, on the engine the user chose: the one place that
    chooses (a Spark session is started here, once)."""
    from kargah.errors import InputError, OptionError
    from kargah.tables import read_dataset, spark_connection

    system = None if branch_system.lower() in {"none", ""} else branch_system.lower()
    con = None
    if engine == Engine.spark:
        con = step(f"Starting Spark ({master or 'local'})…", lambda: spark_connection(master))
    elif master is not None:
        raise OptionError("--spark-master is for --engine spark")
    elif Path(path).is_dir():
        raise InputError("a folder: name one file, or read the folder with --engine spark", path)
    name = str(path).rstrip("/").rsplit("/", 1)[-1]
    dataset = step(
        f"Reading {name}…",
        lambda: read_dataset(
            path,
            mapping=pairs(mapping, "--map"),
            set_values=pairs(set_values, "--set"),
            branch_system=system,
            con=con,
        ),
    )
    ignored = getattr(dataset, "ignored_columns", None)
    if ignored:
        console.print(f"[dim]ignored columns: {', '.join(map(str, ignored))}[/]")
    return dataset


#: Columns that hold years: printed without thousands separators.
YEAR_COLUMNS = frozenset({"year", "year_jalali", "year_gregorian", "start", "end"})


def show(frame: pd.DataFrame, title: str, *, limit: int = 40, shares: bool = False) -> None:
    """A DataFrame as a Rich table: numbers right-aligned, shares as percentages (every number,
    with ``shares=True``)."""
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    for column in frame.columns:
        numeric = frame[column].dtype.kind in "fiu"
        table.add_column(str(column), justify="right" if numeric else "left", overflow="fold")
    for row in frame.head(limit).itertuples(index=False):
        table.add_row(
            *(
                fmt("share" if shares and isinstance(value, float) else name, value)
                for name, value in zip(frame.columns, row, strict=True)
            )
        )
    out.print(table)
    if len(frame) > limit:
        out.print(f"[dim]… {len(frame) - limit} more rows (write them with -o FILE)[/]")


def fmt(name: object, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float):
        if str(name).startswith("share_") or str(name) == "share":
            return f"{value:.2%}"
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    if isinstance(value, int) and str(name) in YEAR_COLUMNS:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def print_json(records: Any) -> None:
    """JSON on stdout and nothing else, so it can be piped; NaN becomes null."""

    def clean(value: Any) -> Any:
        if isinstance(value, float) and math.isnan(value):
            return None
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        if hasattr(value, "item"):  # numpy scalars
            return clean(value.item())
        return value

    sys.stdout.write(json.dumps(clean(records), ensure_ascii=False, indent=2) + "\n")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [dict(zip(frame.columns, row, strict=True)) for row in frame.itertuples(index=False)]


def warn_totals(dataset: Dataset) -> list[TotalMismatch]:
    """Official tables often do not add up: say so, with both figures."""
    if dataset.totals is None:
        return []
    from kargah.tables import check_totals

    keys = [k for k in ("year", "region", "branch") if k in dataset.table.columns]
    mismatches = list(check_totals(dataset.table, dataset.totals, keys, list(dataset.measures)))
    for mismatch in mismatches[:10]:
        console.print(f"[yellow]totals do not add up:[/] {mismatch}", highlight=False)
    if len(mismatches) > 10:
        console.print(f"[yellow]… and {len(mismatches) - 10} more mismatches[/]")
    return mismatches
