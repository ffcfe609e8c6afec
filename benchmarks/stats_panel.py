"""The indicator panel through Kargah, against hand-written DuckDB SQL and pandas.

    python benchmarks/stats_panel.py [--rows N] [--quick] [--json] [--paths sql1,command,…]

Generates N synthetic workshop-year rows (default 30,000,000: 30 regions, 25 branches, 20 years,
most workshops under 10 persons) as Parquet, then computes the indicator panel by year × region ×
branch × size class, each path in its own process so that its peak memory is its own:

- sql1: one hand-written DuckDB query computing the indicator table alone under sci-iran (the
  baseline of the command's targets);
- command: ``kargah stats indicators SOURCE -d sci-iran --by year,region,branch -o OUT.parquet``
  — read, check, indicators, branch composition, write;
- command3: the same with ``-d sci-iran -d jihad-sazandegi -d world-bank-es`` (one scan);
- sql: one hand-written query per definition, three in all (the baseline of the API path);
- kargah: ``kargah.tables.read_dataset`` + ``kargah.stats.Indicators(...).compute`` per definition;
- pandas: the same three panels in pandas.

Prints the seconds, the ratios and the peak RSS of each, checks that every path gives the numbers
SQL gives (exit status 1 if not), and the verdicts against the targets: command ≤ 1.25 × sql1,
command3 ≤ 1.5 × sql1, kargah ≤ 1.25 × sql, kargah ≤ 2 GB peak RSS. ``--quick`` (20,000 rows) is
what the test suite runs, for correctness; ``--json`` prints one JSON object, last.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KEYS = ["year", "region", "branch", "size_class"]
MEASURES = ["units", "employees", "wages", "output", "value_added", "capital"]
RATIOS = {
    "value_added_per_employee": ("value_added", "employees"),
    "wage_per_employee": ("wages", "employees"),
    "capital_per_employee": ("capital", "employees"),
    "capital_output_ratio": ("capital", "value_added"),
    "employees_per_capital": ("employees", "capital"),
}
COLUMNS = KEYS + MEASURES + [f"share_{m}" for m in MEASURES] + list(RATIOS)
DEFINITIONS = ["sci-iran", "jihad-sazandegi", "world-bank-es"]
#: The three definitions written by hand, as SQL CASE bodies (the baseline knows them by heart).
SQL_CLASSES = {
    "sci-iran": "CASE WHEN employees < 10 THEN 'small' WHEN employees BETWEEN 10 AND 49 "
    "THEN 'medium' WHEN employees >= 50 THEN 'large' ELSE 'unclassified' END",
    "jihad-sazandegi": "CASE WHEN employees <= 50 AND capital <= 500000000 AND "
    "electricity_kw <= 50 AND floor_m2 <= 600 THEN 'small' ELSE 'other' END",
    "world-bank-es": "CASE WHEN employees BETWEEN 5 AND 19 THEN 'small' WHEN employees BETWEEN "
    "20 AND 99 THEN 'medium' WHEN employees >= 100 THEN 'large' ELSE 'unclassified' END",
}
BRANCHES = [f"{d:02d}" for d in range(10, 34)] + ["08"]  # ISIC Rev.4 manufacturing, and quarrying


def generate(path: Path, rows: int, seed: int = 1353, chunk: int = 1_000_000) -> None:
    """Synthetic workshop-years, in chunks so memory stays flat whatever ``rows`` is."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    regions = np.array([f"R{r:02d}" for r in range(1, 31)])
    region_weight = 1 / np.arange(1, 31) ** 0.8  # a few big provinces, many small ones
    branch_weight = 1 / np.arange(1, len(BRANCHES) + 1) ** 0.6
    writer = None
    done = 0
    while done < rows:
        n = min(chunk, rows - done)
        employees = np.floor(rng.lognormal(mean=1.1, sigma=1.25, size=n)) + 1  # median ≈ 4
        wage = rng.uniform(80e6, 250e6, n)
        productivity = rng.lognormal(19.5, 0.6, n)
        output = employees * productivity
        table = pa.table(
            {
                "workshop_id": np.arange(done, done + n, dtype=np.int64),
                "year": rng.integers(2001, 2021, n, dtype=np.int64),
                "region": regions[rng.choice(30, n, p=region_weight / region_weight.sum())],
                "branch": np.array(BRANCHES)[
                    rng.choice(len(BRANCHES), n, p=branch_weight / branch_weight.sum())
                ],
                "employees": employees,
                "wages": employees * wage,
                "output": output,
                "value_added": output * rng.uniform(0.2, 0.5, n),
                "capital": employees * rng.lognormal(19.0, 1.0, n),
                "electricity_kw": np.round(employees * rng.uniform(0.5, 6, n), 1),
                "floor_m2": np.round(employees * rng.uniform(10, 60, n)),
            }
        )
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
        done += n
    if writer is not None:
        writer.close()


def run_kargah(source: Path, out: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from kargah.stats import Indicators
    from kargah.tables import read_dataset

    dataset = read_dataset(source, branch_system="isic4")
    parts = []
    for definition in DEFINITIONS:
        panel = Indicators(by=["year", "region", "branch"], definition=definition).compute(dataset)
        parts.append(_tag(panel.select(*COLUMNS).to_pyarrow(), definition))
    pq.write_table(pa.concat_tables(parts), out)


def run_sql(source: Path, out: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    con = _connect()
    parts = [_tag(_sql_panel(con, source, d), d) for d in DEFINITIONS]
    pq.write_table(pa.concat_tables(parts), out)


def _connect():  # type: ignore[no-untyped-def]
    import duckdb

    return duckdb.connect()


def _sql_panel(con, source: Path, definition: str):  # type: ignore[no-untyped-def]
    """One hand-written query: CASE, GROUP BY, window sums, NULLIF."""
    sums = ", ".join(
        ["count(*)::DOUBLE AS units"] + [f"sum({m}) AS {m}" for m in MEASURES if m != "units"]
    )
    shares = ", ".join(
        f"{m} / NULLIF(sum({m}) OVER (PARTITION BY year, region, branch), 0) AS share_{m}"
        for m in MEASURES
    )
    ratios = ", ".join(f"{a} / NULLIF({b}, 0) AS {name}" for name, (a, b) in RATIOS.items())
    query = f"""
        WITH g AS (
            SELECT year, region, branch, {SQL_CLASSES[definition]} AS size_class, {sums}
            FROM read_parquet('{source}')
            GROUP BY ALL
        )
        SELECT year, region, branch, size_class, {", ".join(MEASURES)}, {shares}, {ratios}
        FROM g ORDER BY year, region, branch, size_class
    """
    return con.sql(query).to_arrow_table()


def run_sql1(source: Path, out: Path) -> None:
    """The indicator table alone, one definition: what the command's targets are measured by."""
    import pyarrow.parquet as pq

    pq.write_table(_tag(_sql_panel(_connect(), source, "sci-iran"), "sci-iran"), out)


def run_command(source: Path, out: Path, definitions: list[str] | None = None) -> None:
    """``kargah stats indicators`` as a user types it, in this process."""
    from kargah.cli import app

    chosen = [a for d in definitions or ["sci-iran"] for a in ("-d", d)]
    by = ",".join(KEYS[:-1])
    app(["stats", "indicators", str(source), *chosen, "--by", by, "-o", str(out)],
        standalone_mode=False)  # fmt: skip


def run_command3(source: Path, out: Path) -> None:
    run_command(source, out, DEFINITIONS)


def run_pandas(source: Path, out: Path) -> None:
    import numpy as np
    import pandas as pd

    frame = pd.read_parquet(source)
    frame["units"] = 1.0
    conditions = {
        "sci-iran": (
            [frame.employees < 10, frame.employees.between(10, 49), frame.employees >= 50],
            ["small", "medium", "large"],
        ),
        "jihad-sazandegi": (
            [
                (frame.employees <= 50)
                & (frame.capital <= 5e8)
                & (frame.electricity_kw <= 50)
                & (frame.floor_m2 <= 600)
            ],
            ["small"],
        ),
        "world-bank-es": (
            [
                frame.employees.between(5, 19),
                frame.employees.between(20, 99),
                frame.employees >= 100,
            ],
            ["small", "medium", "large"],
        ),
    }
    parts = []
    for definition in DEFINITIONS:
        whens, names = conditions[definition]
        default = "other" if definition == "jihad-sazandegi" else "unclassified"
        frame["size_class"] = np.select(whens, names, default=default)
        panel = frame.groupby(KEYS, as_index=False, observed=True)[MEASURES].sum()
        totals = panel.groupby(KEYS[:-1])[MEASURES].transform("sum")
        for m in MEASURES:
            panel[f"share_{m}"] = panel[m] / totals[m].replace(0, np.nan)
        for name, (a, b) in RATIOS.items():
            panel[name] = panel[a] / panel[b].replace(0, np.nan)
        panel["definition"] = definition
        parts.append(panel)
    pd.concat(parts).to_parquet(out, index=False)


def _tag(table, definition: str):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    return table.append_column("definition", pa.array([definition] * table.num_rows))


PATHS = {
    "sql1": run_sql1,
    "command": run_command,
    "command3": run_command3,
    "sql": run_sql,
    "kargah": run_kargah,
    "pandas": run_pandas,
}
#: path → (baseline, target ratio).
TARGETS = {"command": ("sql1", 1.25), "command3": ("sql1", 1.5), "kargah": ("sql", 1.25)}


def child(path_name: str, source: Path, out: Path) -> None:
    """One path in this process: prints its seconds and peak RSS (MB) as JSON."""
    start = time.perf_counter()
    PATHS[path_name](source, out)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_mb}))


def compare(files: dict[str, Path]) -> list[str]:
    """Differences between each path's panel and SQL's (empty when they agree to 1e-9): the
    three-query SQL where it ran, else the one-query one (sci-iran only)."""
    import numpy as np
    import pandas as pd

    order = ["definition", *KEYS]
    frames = {}
    for name, path in files.items():
        frame = pd.read_parquet(path)
        if "definition" not in frame.columns:  # one -d: the command's own table, as a user sees it
            frame["definition"] = "sci-iran"
        frames[name] = frame[["definition", *COLUMNS]]
    base = frames["sql" if "sql" in frames else "sql1"]
    problems = []
    for name, frame in frames.items():
        shared = set(frame.definition) & set(base.definition)
        mine, theirs = (
            f[f.definition.isin(shared)].sort_values(order).reset_index(drop=True)
            for f in (frame, base)
        )
        if not shared or len(mine) != len(theirs):
            problems.append(f"{name}: {len(mine)} rows, sql has {len(theirs)} for them")
            continue
        for column in ["definition", *COLUMNS]:
            a, b = mine[column].to_numpy(), theirs[column].to_numpy()
            if column in order:
                same = np.array_equal(a.astype(str), b.astype(str))
            else:
                a, b = a.astype(float), b.astype(float)
                same = bool(np.all(np.isclose(a, b, rtol=1e-9, atol=0, equal_nan=True)))
            if not same:
                problems.append(f"{name}: column {column} differs from sql")
    return problems


def verdicts(figures: dict[str, dict[str, float]]) -> dict[str, dict[str, object]]:
    """Each target whose path and baseline both ran: the ratio and whether it is met."""
    found: dict[str, dict[str, object]] = {}
    for name, (baseline, target) in TARGETS.items():
        if name in figures and baseline in figures:
            ratio = figures[name]["seconds"] / figures[baseline]["seconds"]
            found[name] = {"over": baseline, "ratio": ratio, "target": target,
                           "met": ratio <= target}  # fmt: skip
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=30_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 rows: a correctness run")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument(
        "--paths",
        default=",".join(PATHS),
        help=f"paths to run, comma-separated (default: all of {','.join(PATHS)})",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="runs of each path, interleaved; the median "
        "time counts (default 3, or 1 with --quick)",
    )
    parser.add_argument(
        "--child", nargs=3, metavar=("PATH", "SOURCE", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    paths = [p.strip() for p in args.paths.split(",") if p.strip()]
    unknown = sorted(set(paths) - set(PATHS))
    if unknown or not {"sql", "sql1"} & set(paths):
        parser.error(f"--paths: unknown {unknown}" if unknown else "--paths needs sql or sql1")
    rows = 20_000 if args.quick else args.rows
    with tempfile.TemporaryDirectory(prefix="kargah-bench-") as folder:
        source = Path(folder) / "workshops.parquet"
        start = time.perf_counter()
        generate(source, rows)
        made = time.perf_counter() - start
        repeat = args.repeat or (1 if args.quick else 3)
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in paths}
        outputs = {name: Path(folder) / f"{name}.parquet" for name in paths}
        for _ in range(repeat):  # interleaved, so a slow spell of the machine hits every path
            for name in paths:
                done = subprocess.run(
                    [sys.executable, __file__, "--child", name, str(source), str(outputs[name])],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
        figures = {
            name: {
                "seconds": statistics.median(r["seconds"] for r in results),
                "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
                "runs": len(results),
            }
            for name, results in runs.items()
        }
        problems = compare(outputs)
    targets = verdicts(figures)
    if args.json:
        print(json.dumps({"rows": rows, "paths": figures, "targets": targets,
                          "agree": not problems, "problems": problems}))  # fmt: skip
        return 1 if problems else 0
    print(f"{rows:,} workshop-year rows (generated in {made:.1f} s), "
          f"median of {repeat} run(s) per path")  # fmt: skip
    base = figures["sql1" if "sql1" in figures else "sql"]["seconds"]
    print(f"{'path':<9} {'seconds':>9} {'× sql1':>7} {'peak RSS MB':>12}")
    for name, f in figures.items():
        seconds, peak = f["seconds"], f["peak_rss_mb"]
        print(f"{name:<9} {seconds:>9.2f} {seconds / base:>7.2f} {peak:>12.0f}")
    for name, v in targets.items():
        verdict = "met" if v["met"] else "NOT met"
        print(f"{name} / {v['over']} = {v['ratio']:.2f} (target ≤ {v['target']}): {verdict}")
    if "kargah" in figures:
        print(f"peak RSS kargah = {figures['kargah']['peak_rss_mb']:.0f} MB (target ≤ 2048)")
    if "kargah" in figures and "pandas" in figures:
        faster = figures["pandas"]["seconds"] / figures["kargah"]["seconds"]
        print(f"kargah is {faster:.1f}× faster than pandas")
    print(
        "every path agrees with sql"
        if not problems
        else "DISAGREEMENT:\n  " + "\n  ".join(problems)
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
