"""The statistics on Apache Spark give the numbers they give on DuckDB: the same Ibis expressions
through the Python API, and the commands with ``--engine spark`` on a folder of Parquet files and
on a CSV file, with the same checks of the input.

Needs the `spark` extra (pyspark) and a Java runtime; skipped, with the reason, where either is
missing — except where ``KARGAH_REQUIRE_SPARK=1`` (as in `.ci/run`, where these are a gate):
there a missing piece fails. One Spark session serves the module (the commands find it running).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from kargah.cli import app
from kargah.stats import Change, Indicators

pytestmark = pytest.mark.spark
runner = CliRunner()


def _missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark absent: pip install -e '.[spark]'"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime for Spark"
    return None


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    reason = _missing()
    if reason is not None:
        if os.environ.get("KARGAH_REQUIRE_SPARK") == "1":
            pytest.fail(f"KARGAH_REQUIRE_SPARK=1 but {reason}")
        pytest.skip(reason)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")  # small data: no 200 empty tasks
        .config("spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("spark-warehouse")))
        .getOrCreate()
    )
    yield ibis.pyspark.connect(session)
    session.stop()


def workshops(n: int = 2000) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    employees = np.floor(rng.lognormal(1.5, 1.0, n))
    return pd.DataFrame(
        {
            "year": rng.choice([1395, 1400], n),
            "region": rng.choice(["رشت", "Lahijan", "Anzali"], n),
            "branch": rng.choice(["10", "13", "25"], n),
            "employees": employees,
            "value_added": employees * rng.uniform(50, 150, n),
            "capital": employees * rng.uniform(100, 900, n),
        }
    )


def same(a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> None:
    assert list(a.columns) == list(b.columns) and len(a) == len(b) > 0
    pd.testing.assert_frame_equal(
        a.sort_values(keys).reset_index(drop=True),
        b.sort_values(keys).reset_index(drop=True),
        check_dtype=False,
        rtol=1e-9,
    )


def test_indicators_on_spark_match_duckdb(spark) -> None:  # type: ignore[no-untyped-def]
    frame = workshops()
    maker = Indicators(by=["year", "region"], definition="sci-iran")
    on_duckdb = maker.compute(ibis.memtable(frame)).to_pandas()
    on_spark = maker.compute(spark.create_table("workshops", frame, overwrite=True)).to_pandas()
    same(on_duckdb, on_spark[on_duckdb.columns], ["year", "region", "size_class"])


def test_change_on_spark_matches_duckdb(spark) -> None:  # type: ignore[no-untyped-def]
    frame = workshops()
    change = Change(start=1395, end=1400, measure="employees", definition="sci-iran")
    a = change.compute(ibis.memtable(frame)).contributions.to_pandas()
    b = change.compute(spark.create_table("w2", frame, overwrite=True)).contributions.to_pandas()
    same(a, b[a.columns], ["size_class", "branch"])


def test_regional_statistics_on_spark_match_duckdb(spark) -> None:  # type: ignore[no-untyped-def]
    from kargah.stats import ClusterStrength, LocationQuotient, ShiftShare

    frame = workshops()
    on_spark = spark.create_table("w3", frame, overwrite=True)
    for maker in (
        LocationQuotient(region="Anzali", measure="value_added", year=1395),
        ShiftShare(region="Anzali", start=1395, end=1400, method="esteban-marquillas"),
        ClusterStrength(measure="capital", year=1400),
    ):
        a = pd.DataFrame(maker.compute(ibis.memtable(frame)))
        b = pd.DataFrame(maker.compute(on_spark))
        same(a, b, [k for k in ("region", "branch") if k in a.columns])


def kargah(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    # Rich wraps a long message at the terminal's width: words, not line breaks, are compared.
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same rows as one Parquet file (for DuckDB) and as a folder of three (for Spark)."""
    root = tmp_path_factory.mktemp("panel")
    frame = workshops(3000)
    frame.to_parquet(root / "all.parquet", index=False)
    folder = root / "panel"
    folder.mkdir()
    for part in range(3):
        frame.iloc[part::3].to_parquet(folder / f"part-{part}.parquet", index=False)
    (folder / "_SUCCESS").touch()  # as Spark itself leaves it: not data
    return root / "all.parquet", folder


COMMANDS = {
    "indicators": (["-d", "sci-iran", "--by", "year,region"], ["year", "region", "size_class"]),
    "change": (
        ["--from", "1395", "--to", "1400", "--measure", "employees", "-d", "sci-iran"],
        ["size_class"],
    ),
    "sensitivity": (
        ["--measure", "employees", "--by", "year"],
        ["definition", "year", "size_class"],
    ),
    "lq": (["--region", "Lahijan", "--year", "1400", "--measure", "employees"], ["branch"]),
    "shiftshare": (
        ["--region", "Lahijan", "--from", "1395", "--to", "1400", "--method", "esteban-marquillas"],
        ["branch"],
    ),
    "clusters": (["--measure", "employees", "--year", "1400"], ["region", "branch"]),
}


def tables(out: str) -> dict[str, pd.DataFrame]:
    data = json.loads(out)
    parts = data if isinstance(data, dict) else {"rows": data}
    return {k: pd.DataFrame(v) for k, v in parts.items() if isinstance(v, list) and v}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_commands_on_a_parquet_folder_match_duckdb(
    spark,  # type: ignore[no-untyped-def]
    panel: tuple[Path, Path],
    command: str,
) -> None:
    options, keys = COMMANDS[command]
    code, on_duckdb, err = kargah("stats", command, panel[0], *options, "--json")
    assert code == 0, err
    code, on_spark, err = kargah(
        "stats", command, panel[1], *options, "--json", "--engine", "spark"
    )
    assert code == 0, err
    expected, got = tables(on_duckdb), tables(on_spark)
    assert expected.keys() == got.keys()
    for name, frame in expected.items():
        same(frame, got[name], [k for k in [*keys, "branch"] if k in frame.columns])


def test_a_messy_csv_with_mapped_columns_gives_the_same_file(spark, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Persian digits, thousands separators, flags for "no figure", Arabic ي in a key, a header
    mapped with --map and a year set with --set: read alike by both engines, written alike
    with -o."""
    frame = workshops(600).query("year == 1400").drop(columns="year")
    frame = frame.rename(columns={"employees": "Employment"}).astype({"Employment": object})
    frame.loc[frame.index[:50], "Employment"] = [f"{v:,.0f}" for v in frame["Employment"][:50]]
    frame.loc[frame.index[50:60], "Employment"] = "۱۲"
    frame.loc[frame.index[60:65], "Employment"] = "-"
    frame.loc[frame.index[65:70], "region"] = "لاهيجان"  # Arabic yeh
    source = tmp_path / "workshops.csv"
    frame.to_csv(source, index=False)
    options = ["--map", "employees=Employment", "--set", "year=1400", "-d", "sci-iran"]
    options += ["--by", "region"]
    written = {}
    for engine in ("duckdb", "spark"):
        output = tmp_path / f"{engine}.csv"
        code, _, err = kargah(
            "stats", "indicators", source, *options, "--engine", engine, "-o", output
        )
        assert code == 0, err
        written[engine] = pd.read_csv(output, encoding="utf-8-sig")
    assert "لاهیجان" in set(written["spark"]["region"])
    same(written["duckdb"], written["spark"], ["region", "size_class"])


def test_a_table_of_bands_with_total_rows_matches_duckdb(spark) -> None:  # type: ignore[no-untyped-def]
    """The shipped SCI table: size bands, and "جمع" rows that are totals, set apart, not summed."""
    from importlib import resources

    source = resources.files("kargah") / "data" / "reference" / "iran_sci_workshops_10plus.csv"
    options = ["-d", "sci-iran", "--by", "year", "--branch-system", "none", "--json"]
    code, on_duckdb, err = kargah("stats", "indicators", str(source), *options)
    assert code == 0, err
    code, on_spark, err = kargah("stats", "indicators", str(source), *options, "--engine", "spark")
    assert code == 0, err
    same(tables(on_duckdb)["rows"], tables(on_spark)["rows"], ["year", "size_class"])


def test_bad_cells_are_named_and_nothing_is_computed(spark, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "bad.csv"
    source.write_text(
        "year,region,branch,employees\n1395,a,10,3\n1700,b,10,4\n1400,c,10,abc\n"
        "1400,d,10,-4\n1400,e,9999,2\n",
        encoding="utf-8",
    )
    code, out, err = kargah("stats", "indicators", source, "--engine", "spark")
    assert code == 2 and out == ""
    assert "'1700' is not a year" in err and "'abc' is not a number" in err
    assert "'-4' is negative" in err and "'9999' is not an ISIC Rev.4 code" in err
    assert "Traceback" not in err


def test_missing_input_and_bad_master_are_clear_errors(spark, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = kargah("stats", "indicators", tmp_path / "nothing", "--engine", "spark")
    assert code == 2 and "nothing: no such file or folder" in err
    (tmp_path / "header.csv").write_text("year,employees\n", encoding="utf-8")
    code, _, err = kargah("stats", "indicators", tmp_path / "header.csv", "--engine", "spark")
    assert code == 2 and "header.csv: no rows" in err
    (tmp_path / "book.xlsx").write_bytes(b"PK")
    code, _, err = kargah("stats", "indicators", tmp_path / "book.xlsx", "--engine", "spark")
    assert code == 2 and "Spark reads Parquet or CSV files" in err
    code, _, err = kargah(
        "stats", "change", tmp_path, "--from", "1395", "--to", "1400", "--engine", "spark",
        "--spark-master", "spark:/one-slash",
    )  # fmt: skip
    assert code == 2 and "'spark:/one-slash' is not a Spark master URL" in err
    code, _, err = kargah("stats", "indicators", tmp_path, "--spark-master", "local[2]")
    assert code == 2 and "--spark-master is for --engine spark" in err
    code, _, err = kargah("stats", "indicators", tmp_path)
    assert code == 2 and "read the folder with --engine spark" in err


def test_without_pyspark_or_java_the_command_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No session needed: the check comes before any JVM is started."""
    source = tmp_path / "w.csv"
    workshops(20).to_csv(source, index=False)
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "pyspark.sql", None)  # import fails as if not installed
        code, _, err = kargah("stats", "indicators", source, "--engine", "spark")
    assert code == 2 and "pip install 'kargah[spark]'" in err
    if _missing() is None:  # pyspark present: hide Java
        monkeypatch.setattr(shutil, "which", lambda name: None)
        monkeypatch.delenv("JAVA_HOME", raising=False)
        code, _, err = kargah("stats", "indicators", source, "--engine", "spark")
        assert code == 2 and "needs a Java runtime" in err
