"""The same indicator expressions on Apache Spark give the same numbers as on DuckDB.

Heavy: needs the `spark` extra (pyspark, several hundred MB) and a Java runtime; `.ci/run`
installs it for the heavy run. Skipped, with the reason, where either is missing.
"""

from __future__ import annotations

import shutil

import ibis
import numpy as np
import pandas as pd
import pytest

from kargah.stats import Change, Indicators

pytestmark = pytest.mark.heavy


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    pytest.importorskip("pyspark", reason="pyspark absent: pip install -e '.[spark]'")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for Spark")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
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
            "region": rng.choice(["Rasht", "Lahijan", "Anzali"], n),
            "branch": rng.choice(["10", "13", "25"], n),
            "employees": employees,
            "value_added": employees * rng.uniform(50, 150, n),
            "capital": employees * rng.uniform(100, 900, n),
        }
    )


def test_indicators_on_spark_match_duckdb(spark) -> None:  # type: ignore[no-untyped-def]
    frame = workshops()
    maker = Indicators(by=["year", "region"], definition="sci-iran")
    on_duckdb = maker.compute(ibis.memtable(frame)).to_pandas()
    on_spark = maker.compute(spark.create_table("workshops", frame, overwrite=True)).to_pandas()
    keys = ["year", "region", "size_class"]
    pd.testing.assert_frame_equal(
        on_duckdb.sort_values(keys).reset_index(drop=True),
        on_spark[on_duckdb.columns].sort_values(keys).reset_index(drop=True),
        check_dtype=False,
        rtol=1e-9,
    )


def test_change_on_spark_matches_duckdb(spark) -> None:  # type: ignore[no-untyped-def]
    frame = workshops()
    change = Change(start=1395, end=1400, measure="employees", definition="sci-iran")
    a = change.compute(ibis.memtable(frame)).contributions.to_pandas()
    b = change.compute(spark.create_table("w2", frame, overwrite=True)).contributions.to_pandas()
    keys = ["size_class", "branch"]
    pd.testing.assert_frame_equal(
        a.sort_values(keys).reset_index(drop=True),
        b[a.columns].sort_values(keys).reset_index(drop=True),
        check_dtype=False,
        rtol=1e-9,
    )
