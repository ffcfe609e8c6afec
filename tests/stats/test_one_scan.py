"""`kargah stats indicators` reads the data once: the composition and every definition roll up
from one grouping of the detail rows, and give the numbers separate scans give."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import ibis
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import kargah.cli.stats as stats_cli
from kargah.cli import app
from kargah.stats import Indicators, IndicatorSums

DEFINITIONS = ["sci-iran", "jihad-sazandegi", "world-bank-es"]
ROWS = 3000


def workshops(n: int = ROWS, seed: int = 10) -> pd.DataFrame:
    """Microdata with every criterion of the three definitions, and a few empty cells."""
    rng = np.random.default_rng(seed)
    employees = np.floor(rng.lognormal(1.4, 1.2, n)) + 1
    frame = pd.DataFrame(
        {
            "year": rng.choice([1395, 1400], n),
            "region": rng.choice(["Rasht", "Lahijan", "Anzali"], n),
            "branch": rng.choice(["10", "13", "25"], n),
            "employees": employees,
            "wages": employees * rng.uniform(50, 90, n),
            "value_added": employees * rng.uniform(50, 150, n),
            "capital": employees * rng.uniform(1e6, 2e7, n),
            "electricity_kw": np.round(employees * rng.uniform(0.5, 6, n), 1),
            "floor_m2": np.round(employees * rng.uniform(10, 60, n)),
        }
    )
    frame.loc[frame.sample(frac=0.05, random_state=1).index, "wages"] = np.nan
    return frame


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("one-scan") / "workshops.parquet"
    workshops().to_parquet(path, index=False)
    return path


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Equal up to the order floating-point sums are added in."""
    pd.testing.assert_frame_equal(
        a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False, rtol=1e-12
    )


@pytest.mark.parametrize("by", [["year", "region", "branch"], ["year", "region"], []])
def test_both_tables_from_one_scan_equal_two_scans(by: list[str]) -> None:
    data = ibis.memtable(workshops())
    maker = Indicators(by=by, definition="sci-iran")
    sums = maker.sums(data).collect()
    same(maker.compute(sums).to_pandas(), maker.compute(data).to_pandas())
    same(maker.composition(sums).to_pandas(), maker.composition(data).to_pandas())


def test_composition_from_the_sums_is_the_branch_make_up_of_each_class() -> None:
    """Against pandas on the detail rows: sci-iran's classes by head count (<10, 10-49, 50+)."""
    frame = workshops()
    frame["size_class"] = np.select(
        [frame.employees < 10, frame.employees <= 49], ["small", "medium"], "large"
    )
    maker = Indicators(by=["year"], definition="sci-iran")
    composition = maker.composition(maker.sums(ibis.memtable(frame.drop(columns="size_class"))))
    got = composition.to_pandas().set_index(["year", "size_class", "branch"])
    want = frame.groupby(["year", "size_class", "branch"]).agg(
        units=("employees", "size"), employees=("employees", "sum"), wages=("wages", "sum")
    )
    share = want.employees / want.groupby(level=[0, 1]).employees.transform("sum")
    assert len(got) == len(want)
    for column in ["units", "employees", "wages"]:
        assert got[column].reindex(want.index).to_numpy() == pytest.approx(want[column])
    assert got.share_employees.reindex(want.index).to_numpy() == pytest.approx(share)


@pytest.mark.parametrize("by", [["year", "region", "branch"], ["region"], []])
def test_several_definitions_give_each_definitions_own_rows(by: list[str]) -> None:
    data = ibis.memtable(workshops())
    several = Indicators(by=by, definition=DEFINITIONS)
    sums = several.sums(data).collect()
    tables = {"compute": several.compute(sums), "composition": several.composition(sums)}
    for verb, table in tables.items():
        frame = table.to_pandas()
        assert frame.columns[0] == "definition"
        assert sorted(frame.definition.unique()) == sorted(DEFINITIONS)
        for definition in DEFINITIONS:
            alone = getattr(Indicators(by=by, definition=definition), verb)(data).to_pandas()
            mine = frame[frame.definition == definition].drop(columns="definition")
            same(mine, alone)


def test_several_definitions_without_collecting_are_the_same_rows() -> None:
    data = ibis.memtable(workshops())
    several = Indicators(by=["year"], definition=DEFINITIONS)
    same(several.compute(data).to_pandas(), several.compute(several.sums(data)).to_pandas())


def test_sums_grouped_otherwise_are_refused() -> None:
    from kargah.errors import OptionError

    sums = Indicators(by=["year"]).sums(ibis.memtable(workshops().assign(size_class="small")))
    assert isinstance(sums, IndicatorSums)
    with pytest.raises(OptionError, match="grouped by year"):
        Indicators(by=["region"]).compute(sums)


# ---- the command ----------------------------------------------------------------------------

runner = CliRunner()
ROWS_READ = [0]


@ibis.udf.scalar.pyarrow
def counted(employees: float) -> float:
    """The employees as they are, counting the rows the engine reads through it."""
    ROWS_READ[0] += len(employees)  # type: ignore[arg-type]  # a pyarrow array at run time
    return employees


@pytest.fixture
def count_rows_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every value of `employees` the command reads passes through :func:`counted`."""
    read = stats_cli.read

    def counting(*args: Any, **kwargs: Any) -> Any:
        dataset = read(*args, **kwargs)
        table = dataset.table
        return dataclasses.replace(dataset, table=table.mutate(employees=counted(table.employees)))

    monkeypatch.setattr(stats_cli, "read", counting)
    ROWS_READ[0] = 0
    return ROWS_READ


def kargah(*args: str | Path, columns: int = 60) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": str(columns)})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("by", ["year,region", "year,region,branch"])
def test_the_command_reads_the_data_once(
    parquet: Path, tmp_path: Path, count_rows_read: list[int], by: str
) -> None:
    """Before: the composition was a second full scan (2 × the rows)."""
    output = tmp_path / "out.xlsx"
    args: list[str | Path] = ["-d", "sci-iran", "--by", by, "-o", output]
    code, _, err = kargah("stats", "indicators", parquet, *args)
    assert code == 0, err
    assert count_rows_read[0] == ROWS
    assert {"indicators", "composition"} <= set(pd.read_excel(output, sheet_name=None))


def test_three_definitions_in_one_call_read_the_data_once(
    parquet: Path, count_rows_read: list[int]
) -> None:
    args = [a for d in DEFINITIONS for a in ("-d", d)]
    code, out, err = kargah("stats", "indicators", parquet, *args, "--by", "year", "--json")
    assert code == 0, err
    assert count_rows_read[0] == ROWS
    rows = pd.DataFrame(json.loads(out))
    assert list(rows.columns[:3]) == ["definition", "year", "size_class"]
    for definition in DEFINITIONS:
        code, alone, _ = kargah(
            "stats", "indicators", parquet, "-d", definition, "--by", "year", "--json"
        )
        mine = rows[rows.definition == definition].drop(columns="definition")
        same(mine, pd.DataFrame(json.loads(alone)))


def test_one_definition_keeps_its_columns(parquet: Path) -> None:
    code, out, _ = kargah("stats", "indicators", parquet, "-d", "sci-iran", "--json")
    assert code == 0
    assert "definition" not in json.loads(out)[0]


def test_with_output_the_terminal_gets_a_summary_not_a_table(parquet: Path, tmp_path: Path) -> None:
    output = tmp_path / "panel.parquet"
    args = [a for d in DEFINITIONS for a in ("-d", d)]
    code, out, err = kargah("stats", "indicators", parquet, *args, "--by", "year,region,branch",
                            "-o", output, columns=60)  # fmt: skip
    assert code == 0, err
    written = pd.read_parquet(output)
    assert set(written.definition) == set(DEFINITIONS)
    assert not any(glyph in out for glyph in "┃│┏━")  # no table
    assert max(map(len, out.splitlines())) <= 60
    flat = " ".join(out.split())
    assert f"rows {len(written):,}" in flat
    assert "definitions jihad-sazandegi, sci-iran, world-bank-es" in flat
    assert str(output) in "".join(line.strip() for line in out.splitlines())


def test_a_long_table_without_output_is_summarised_with_a_note(parquet: Path) -> None:
    by = "year,region,branch"
    code, out, _ = kargah("stats", "indicators", parquet, "-d", "sci-iran", "--by", by)
    assert code == 0
    assert not any(glyph in out for glyph in "┃│")
    rows = Indicators(by=["year", "region", "branch"], definition="sci-iran").compute(
        ibis.memtable(workshops())
    )
    flat = " ".join(out.split())
    assert f"rows {rows.count().execute()}" in flat and "-o FILE" in flat and "--json" in flat


def test_a_short_table_is_shown_in_blocks_as_wide_as_the_terminal(parquet: Path) -> None:
    code, out, _ = kargah("stats", "indicators", parquet, "-d", "sci-iran", columns=70)
    assert code == 0
    assert max(map(len, out.splitlines())) <= 70
    for column in ["share_units", "employees_per_capital", "capital_output_ratio"]:
        assert f" {column} " in out  # whole, not squeezed into "sha…"
    assert "…" not in out


def test_sensitivity_reads_the_data_once(count_rows_read: list[int]) -> None:
    """Every usable definition in one grouping of the rows (before: a union of one query per
    definition, which DuckDB ran by materialising the whole input; 5× slower on 5 M rows), with
    the numbers of one `Indicators` per definition."""
    from kargah.stats import Sensitivity

    table = ibis.memtable(workshops())
    result = Sensitivity(measure="employees").compute(
        table.mutate(employees=counted(table.employees))
    )
    assert result.shares is not None
    shares = result.shares.to_pandas()
    assert count_rows_read[0] == ROWS
    assert len(set(shares.definition)) > 3
    for definition, group in shares.groupby("definition"):
        alone = Indicators(definition=str(definition)).compute(table).to_pandas()
        assert group.value.to_numpy() == pytest.approx(alone.employees.to_numpy()), definition
        assert group.share.to_numpy() == pytest.approx(alone.share_employees.to_numpy())


def test_totals_that_do_not_add_up_are_a_sheet_of_the_workbook(tmp_path: Path) -> None:
    """Before: the mismatches' keys were one dict per cell, and writing the workbook failed."""
    table = tmp_path / "bands.csv"
    table.write_text(
        "year,size_band,units,employees\n2021,1-9,10,40\n2021,10-49,5,100\n2021,Total,16,140\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.xlsx"
    code, _, err = kargah("stats", "indicators", table, "-d", "sci-iran", "-o", output)
    assert code == 0, err
    check = pd.read_excel(output, sheet_name="totals_check")
    units = check.set_index("measure").loc["units"]
    assert (units.year, units.parts_sum, units.total) == (2021, 15, 16)
