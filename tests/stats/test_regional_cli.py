"""`kargah stats lq | shiftshare | clusters` as a user types them: the records the issue names,
the REAT examples through a CSV file, and bad input as one line naming the file and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kargah.cli import app

from .test_shift_share import BRANCHES, NATION, REAT, reat_components

runner = CliRunner()


def kargah(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


@pytest.fixture
def reat_csv(tmp_path: Path) -> Path:
    """REAT's shift-share example as a file: regions A, B, C (summing to nation X) and X itself,
    years 2000 and 2001, ISIC branches standing for its four industries."""
    lines = ["year,region,branch,employees"]
    for region, years in {**REAT, "X": NATION}.items():
        for year, values in zip((2000, 2001), years, strict=True):
            lines += [f"{year},{region},{b},{v}" for b, v in zip(BRANCHES, values, strict=True)]
    path = tmp_path / "reat.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_shiftshare_json_gives_reats_components(reat_csv: Path) -> None:
    code, out, err = kargah(
        "stats", "shiftshare", reat_csv, "--region", "B", "--from", "2000", "--to", "2001",
        "--measure", "employees", "--reference", "X", "--method", "esteban-marquillas", "--json",
    )  # fmt: skip
    assert code == 0, err
    rows = json.loads(out)
    keys = {"branch", "start", "end", "change", "national_share", "industry_mix"}
    keys |= {"regional_shift", "homothetic", "competitive", "allocation"}
    assert all(keys <= set(r) for r in rows)
    total = rows[-1]
    assert total["branch"] == "total"
    for name, value in reat_components("B").items():
        assert total[name] == pytest.approx(float(value)), name
    code, out, err = kargah(
        "stats", "shiftshare", reat_csv, "--region", "B", "--from", "2000", "--to", "2001",
        "--reference", "X",
    )  # fmt: skip
    assert code == 0, err
    assert "national_share" in out and "competitive" not in out


def test_lq_json_records(reat_csv: Path) -> None:
    code, out, err = kargah(
        "stats", "lq", reat_csv, "--region", "A", "--measure", "employees", "--by", "branch",
        "--year", "2000", "--json",
    )  # fmt: skip
    assert code == 0, err
    rows = {r["branch"]: r for r in json.loads(out)}
    # Without --reference every row is summed, X too: A's 90 of 180 against 800 of 2200.
    first = rows["10"]
    assert (first["region_value"], first["region_total"]) == (90, 180)
    assert (first["reference_value"], first["reference_total"]) == (800, 2200)
    assert first["lq"] == pytest.approx((90 / 180) / (800 / 2200))


def test_clusters_json_and_thresholds(reat_csv: Path) -> None:
    options = ["--measure", "employees", "--units", "employees", "--year", "2001", "--json"]
    code, out, err = kargah("stats", "clusters", reat_csv, *options, "--reference", "X")
    assert code == 0, err
    rows = json.loads(out)
    assert {r["region"] for r in rows} == {"A", "B", "C"} and len(rows) == 12
    # A, first industry, t+1: LQ (100/205) / (440/1265) = 1.402; the three regions' LQs
    # 1.402, 1.137, 0.868 have 1.137 + 0.5 (1.402 − 1.137) = 1.270 as 75th percentile; A's 100
    # employees are above 85 + 0.5 (100 − 85) = 92.5. Strong.
    first = next(r for r in rows if (r["region"], r["branch"]) == ("A", "10"))
    assert first["lq"] == pytest.approx((100 / 205) / (440 / 1265))
    assert first["lq_threshold"] == pytest.approx(1.2695, abs=1e-4)
    assert first["value_threshold"] == 92.5 and first["strong"]
    strong = {(r["region"], r["branch"]) for r in rows if r["strong"]}
    assert strong == {("A", "10"), ("B", "13"), ("B", "20"), ("C", "25")}
    code, out, err = kargah(
        "stats", "clusters", reat_csv, *options, "--reference", "X", "--min-lq", "100"
    )
    assert code == 0, err
    assert not any(r["strong"] for r in json.loads(out))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["lq", "--region", "Guilan", "--year", "2000"],
            "reat.csv, column 'region': no region 'Guilan'",
        ),
        (["lq", "--region", "A"], "several years (2000, 2001): choose one with --year"),
        (["lq", "--region", "A", "--year", "2000", "--measure", "wages"], "wages"),
        (
            ["shiftshare", "--region", "A", "--from", "1999", "--to", "2001"],
            "reat.csv, column 'year': year 1999 is not in the input (it has 2000, 2001)",
        ),
        (
            ["shiftshare", "--region", "A", "--from", "2000", "--to", "2001", "--method", "x"],
            "unknown method 'x'",
        ),
        (["clusters", "--lq-percentile", "75"], "lq_percentile is a fraction from 0 to 1"),
    ],
)
def test_bad_input_is_one_line(reat_csv: Path, args: list[str], message: str) -> None:
    code, out, err = kargah("stats", args[0], reat_csv, *args[1:])
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_a_region_typed_with_arabic_letters_is_found(tmp_path: Path) -> None:
    """The file's keys are read with Persian ی/ک; the region typed with Arabic ي matches them."""
    path = tmp_path / "gilan.csv"
    path.write_text(
        "region,branch,employees\nلاهیجان,10,30\nلاهیجان,13,10\nرشت,10,20\nرشت,13,40\n",
        encoding="utf-8",
    )
    code, out, err = kargah("stats", "lq", path, "--region", "لاهيجان", "--json")
    assert code == 0, err
    assert [r["lq"] for r in json.loads(out)] == [1.5, 0.5]


def test_zero_totals_are_named(tmp_path: Path) -> None:
    path = tmp_path / "zero.csv"
    path.write_text("region,branch,employees\na,10,0\nb,10,5\n", encoding="utf-8")
    code, _, err = kargah("stats", "lq", path, "--region", "a")
    assert code == 2 and "zero.csv, column 'employees': employees sums to 0 in a" in err


def test_a_state_of_the_susb_file(susb: Path, susb_map: list[str]) -> None:
    code, out, err = kargah(
        "stats", "lq", susb, "--region", "Nevada", "--reference", "United States", "--json",
        *susb_map,
    )  # fmt: skip
    assert code == 0, err
    rows = {r["branch"]: r for r in json.loads(out)}
    # Accommodation and food services: 247,515 of Nevada's 899,659 employees in these sectors
    # against 12,142,327 of 95,411,604 in the US (the file's size bands summed).
    assert rows["72"]["lq"] == pytest.approx((247_515 / 899_659) / (12_142_327 / 95_411_604))
