"""The `kargah` command end to end, as a user types it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from kargah.cli import app

runner = CliRunner()


def kargah(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_the_parts() -> None:
    code, out, _ = kargah("--help")
    assert code == 0 and "sizeclass" in out and "stats" in out and "demo" in out


def test_susb_imports_with_map_and_classifies_under_a_user_definition(
    susb: Path, susb_map: list[str], user_definition: Path, tmp_path: Path
) -> None:
    output = tmp_path / "classified.csv"
    code, _, err = kargah(
        "sizeclass", "classify", susb, "-d", user_definition, "-o", output, *susb_map
    )
    assert code == 0, err
    frame = pd.read_csv(output, encoding="utf-8-sig", dtype={"branch": str})
    assert set(frame["size_class_small-under-20"]) == {"small", "medium", "large"}
    band_to_class = dict(zip(frame["size_band"], frame["size_class_small-under-20"], strict=True))
    assert band_to_class["04: 10-19 employees"] == "small"
    assert band_to_class["07: 100-499 employees"] == "large"


def test_susb_indicators_shares_by_state(
    susb: Path, susb_map: list[str], user_definition: Path
) -> None:
    code, out, err = kargah(
        "stats", "indicators", susb, "-d", user_definition, "--by", "region,branch", "--json",
        *susb_map,
    )  # fmt: skip
    assert code == 0, err
    rows = pd.DataFrame(json.loads(out))
    us = rows[(rows.region == "United States") & (rows.branch == "23")].set_index("size_class")
    assert us["share_units"].sum() == pytest.approx(1)
    # Construction, US: 512,417 + 121,536 + 68,991 of 764,546 firms have under 20 employees;
    # the bands sum to the published total row, which is kept apart, not added.
    assert us["units"].sum() == 764_546
    assert us.loc["small", "units"] == 702_944
    assert us.loc["small", "share_units"] == pytest.approx(702_944 / 764_546)
    assert us.loc["large", "employees"] == 1_214_422 + 1_301_156


def test_susb_bands_straddling_a_definition_is_an_error(susb: Path, susb_map: list[str]) -> None:
    code, _, err = kargah("stats", "indicators", susb, "-d", "sci-iran", *susb_map)
    assert code == 2
    assert "20-99" in err and "medium" in err and "large" in err


def test_change_json(tmp_path: Path) -> None:
    path = tmp_path / "census.csv"
    path.write_text(
        "سال,size_class,branch,units\n"
        "۱۳۵۳,small,13,۱٬۰۰۰\n1353,large,13,10\n1375,small,13,500\n1375,large,13,20\n",
        encoding="utf-8",
    )
    code, out, err = kargah(
        "stats", "change", path, "--from", "1353", "--to", "1375", "--json", "--map", "year=سال"
    )
    assert code == 0, err
    summary = {r["size_class"]: r for r in json.loads(out)["summary"]}
    assert summary["small"]["change"] == -500 and summary["large"]["change_pct"] == 100


def test_change_on_a_table_of_totals_needs_no_branch(tmp_path: Path) -> None:
    """A table of totals by size class and year (no branch column) gives the summary; there is
    nothing to break the change down by, so no contributions."""
    path = tmp_path / "totals.csv"
    path.write_text(
        "year,size_class,units\n1353,small,1000\n1353,large,10\n1375,small,400\n1375,large,25\n",
        encoding="utf-8",
    )
    code, out, err = kargah("stats", "change", path, "--from", "1353", "--to", "1375", "--json")
    assert code == 0, err
    result = json.loads(out)
    summary = {r["size_class"]: r for r in result["summary"]}
    assert summary["small"]["change"] == -600 and summary["large"]["change_pct"] == 150
    assert summary["total"]["start_value"] == 1010 and result["contributions"] == []
    code, _, err = kargah(
        "stats", "change", path, "--from", "1353", "--to", "1375", "--by", "branch"
    )
    assert code == 2 and "branch" in err  # asked for explicitly, the missing column is named


def test_bad_cell_is_named_by_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("year,size_class,employees\n2021,small,12\n2021,large,12x\n", encoding="utf-8")
    code, _, err = kargah("stats", "indicators", path)
    assert code == 2
    assert "bad.csv" in err and "row 3" in err and "employees" in err


def test_demo_prints_the_thesis_share_and_writes_a_workbook(tmp_path: Path) -> None:
    output = tmp_path / "demo.xlsx"
    code, out, err = kargah("stats", "reference", "-o", output)
    assert code == 0, err
    assert "99.64%" in out
    sheets = pd.read_excel(output, sheet_name=None)
    assert {"census_shares", "change_by_branch", "cross_country"} <= set(sheets)


def test_demo_prepares_the_site_and_prints_the_accounts(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`kargah demo --check` does all `kargah demo` does but listen: database, demo study, accounts.
    (Run in a subprocess: it sets up its own Django against its own data folder.)"""
    import subprocess
    import sys

    env = {**__import__("os").environ, "KARGAH_HOME": str(tmp_path / "home")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("KARGAH_DATABASE_URL", None)  # its own SQLite, never a shared server
    done = subprocess.run(
        [sys.executable, "-m", "kargah.cli", "demo", "--check"],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "loaded 20,000 synthetic workshops" in done.stderr
    assert "owner / kargah-demo / owner" in done.stderr
    assert "exchange: 4 open needs" in done.stderr  # the exchange's demo, its buyers too
    assert "buyer2 / kargah-demo / buyer" in done.stderr
    assert "ranking results (analyst): " in done.stderr  # the Guilan ranking (helper ranking)
    assert (tmp_path / "home" / "kargah.sqlite3").exists()


def test_coding_commands_print_the_json_the_issue_names(tmp_path: Path) -> None:
    """``kargah coding agreement/frequencies FILE --json`` on the demo study's files."""
    import json

    from typer.testing import CliRunner

    from kargah.cli import app

    runner = CliRunner()
    made = runner.invoke(app, ["coding", "synthetic", "-o", str(tmp_path)])
    assert made.exit_code == 0, made.output
    agreement = json.loads(
        runner.invoke(app, ["coding", "agreement", str(tmp_path / "codings.csv"), "--json"]).stdout
    )
    assert set(agreement) == {"units", "coders", "krippendorff_alpha_nominal", "cohen_kappa"}
    assert agreement["units"] == 1337 and agreement["coders"] == 2
    assert 0.8 < agreement["krippendorff_alpha_nominal"] < 1
    result = runner.invoke(app, ["coding", "frequencies", str(tmp_path / "segments.csv"), "--json"])
    records = json.loads(result.stdout)
    top = records[0]
    assert set(top) == {"area", "kind", "theme", "count", "share", "respondents"}
    assert (top["area"], top["kind"], top["count"]) == ("investment", "challenge", 51)
    assert round(top["share"] * 100, 1) == 19.0
    summary = runner.invoke(app, ["coding", "qdpx", str(tmp_path / "study.qdpx"), "--json"])
    assert json.loads(summary.stdout)["themes"] == 54
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,coder\n1,a\n", encoding="utf-8")
    failed = runner.invoke(app, ["coding", "agreement", str(bad)])
    assert failed.exit_code == 2 and "missing column" in failed.output


def test_an_unknown_branch_system_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("branch,employees,year,size_class\n1311,5,2020,micro\n", encoding="utf-8")
    code, _, err = kargah("stats", "indicators", table, "--branch-system", "foo")
    assert code == 2
    assert "unknown branch system 'foo'" in err and "Traceback" not in err
