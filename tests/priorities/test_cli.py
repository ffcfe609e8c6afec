"""`kargah priorities ahp|rank|stability` as a user types them: the published figures come out,
and bad files are refused with the cell named and exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kargah.cli import app

runner = CliRunner()


def kargah(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


DRINKS = """\
,coffee,wine,tea,beer,sodas,milk,water
coffee,1,9,5,2,1,1,1/2
wine,1/9,1,1/3,1/9,1/9,1/9,1/9
tea,1/5,3,1,1/3,1/4,1/3,1/9
beer,1/2,9,3,1,1/2,1,1/3
sodas,1,9,4,2,1,2,1/2
milk,1,9,3,1,1/2,1,1/3
water,2,9,9,3,2,3,1
"""

AIRCRAFT = """\
alternative,speed,range,payload,cost,reliability,maneuverability
A1,2.0,1500,20000,5.5,5,9
A2,2.5,2700,18000,6.5,3,5
A3,1.8,2000,21000,4.5,7,7
A4,2.2,1800,20000,5.0,5,5
"""
AIRCRAFT_CRITERIA = """\
criterion,weight,direction
speed,0.2,benefit
range,0.1,benefit
payload,0.1,benefit
cost,0.1,cost
reliability,0.2,benefit
maneuverability,0.3,benefit
"""


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "drinks.csv").write_text(DRINKS, encoding="utf-8")
    (tmp_path / "aircraft.csv").write_text(AIRCRAFT, encoding="utf-8")
    (tmp_path / "criteria.csv").write_text(AIRCRAFT_CRITERIA, encoding="utf-8")
    return tmp_path


def test_ahp_json_gives_saatys_published_weights(files: Path) -> None:
    """Saaty (2008), Table 2: .177 .019 .042 .116 .190 .129 .327."""
    code, stdout, _ = kargah("priorities", "ahp", files / "drinks.csv", "--json")
    assert code == 0
    result = json.loads(stdout)
    assert [round(w, 3) for w in result["weights"].values()] == [
        0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327,
    ]  # fmt: skip
    assert result["random_index"] == 1.32 and round(result["cr"], 3) == 0.022
    assert {"lambda_max", "ci", "cr", "experts"} <= set(result)
    assert result["experts"][0]["file"].endswith("drinks.csv")


def test_ahp_group_of_two_files(files: Path) -> None:
    other = files / "other.csv"
    other.write_text(DRINKS.replace("coffee,1,9,5,2", "coffee,1,7,5,2").replace(
        "wine,1/9,1", "wine,1/7,1"), encoding="utf-8")  # fmt: skip
    code, stdout, _ = kargah("priorities", "ahp", files / "drinks.csv", other, "--json")
    result = json.loads(stdout)
    assert code == 0 and len(result["experts"]) == 2
    assert result["weights"] != result["experts"][0]["weights"]
    code, table, _ = kargah("priorities", "ahp", files / "drinks.csv", other)
    assert code == 0 and "expert 2" in table and "CR" in table


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (",a,b\na,1,3\nb,1/2,1\n", "row 2, column 'b': not reciprocal"),
        (",a,b\na,1,11\nb,1/11,1\n", "row 2, column 'b'"),
        (",a,b,c\na,1,3,1\nb,1/3,1,1\n", "not square"),
    ],
)
def test_ahp_refusals_name_the_cell(tmp_path: Path, text: str, words: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    code, stdout, stderr = kargah("priorities", "ahp", bad, "--json")
    assert code == 2 and stdout == ""
    assert "bad.csv" in stderr and words in " ".join(stderr.split())


def test_rank_topsis_gives_hwang_and_yoons_closeness(files: Path) -> None:
    code, stdout, _ = kargah(
        "priorities", "rank", files / "aircraft.csv", "--criteria", files / "criteria.csv",
        "--method", "topsis", "--json",
    )  # fmt: skip
    assert code == 0
    result = json.loads(stdout)
    assert result["method"] == "topsis"
    closeness = {r["alternative"]: round(r["score"], 3) for r in result["alternatives"]}
    assert closeness == {"A1": 0.643, "A2": 0.268, "A3": 0.614, "A4": 0.312}
    assert [r["rank"] for r in result["alternatives"]] == [1, 2, 3, 4]


def test_rank_vikor_and_promethee_shapes(files: Path) -> None:
    args: list[str | Path] = ["priorities", "rank", files / "aircraft.csv", "--criteria"]
    args.append(files / "criteria.csv")
    _, stdout, _ = kargah(*args, "--method", "vikor", "--v", "0.6", "--json")
    vikor = json.loads(stdout)
    assert vikor["compromise"] and vikor["v"] == 0.6
    assert {"S", "R", "Q"} <= set(vikor["alternatives"][0])
    _, stdout, _ = kargah(*args, "--method", "promethee2", "--json")
    promethee = json.loads(stdout)
    assert all(r["score"] == r["phi"] for r in promethee["alternatives"])
    assert {"phi_plus", "phi_minus"} <= set(promethee["alternatives"][0])


def test_rank_all_prints_every_method_and_correlations(files: Path) -> None:
    args: list[str | Path] = ["priorities", "rank", files / "aircraft.csv", "--criteria"]
    args.append(files / "criteria.csv")
    code, stdout, _ = kargah(*args, "--method", "all", "--normalization", "minmax", "--json")
    result = json.loads(stdout)
    assert code == 0 and set(result["methods"]) == {"topsis", "vikor", "promethee2", "wsm"}
    assert result["methods"]["topsis"]["normalization"] == "minmax"
    assert result["spearman"]["topsis"]["vikor"] is not None
    code, table, _ = kargah(*args, "--method", "all")
    assert code == 0 and "Kendall" in table and "compromise" in table


def test_stability_command(files: Path) -> None:
    args: list[str | Path] = ["priorities", "stability", files / "aircraft.csv", "--criteria"]
    args.append(files / "criteria.csv")
    code, stdout, _ = kargah(*args, "--steps", "5", "--json")
    result = json.loads(stdout)
    assert code == 0 and len(result["sweeps"]["speed"]) == 5 * 4
    low, high = result["weight_ranges"]["maneuverability"].values()
    assert low <= 0.3 <= high


def test_rank_refusals(files: Path) -> None:
    bad = files / "bad.csv"
    bad.write_text(AIRCRAFT.replace("2700", "lots"), encoding="utf-8")
    code, _, stderr = kargah("priorities", "rank", bad, "--criteria", files / "criteria.csv")
    assert code == 2 and "bad.csv, row 3, column 'range'" in " ".join(stderr.split())
    fewer = files / "fewer.csv"
    fewer.write_text("\n".join(AIRCRAFT_CRITERIA.splitlines()[:-1]) + "\n", encoding="utf-8")
    code, _, stderr = kargah("priorities", "rank", files / "aircraft.csv", "--criteria", fewer)
    assert code == 2 and "maneuverability" in stderr


def test_rank_gives_papathanasiou_and_ploskas_published_vikor_and_promethee(tmp_path: Path) -> None:
    """Papathanasiou & Ploskas (2018), Multiple Criteria Decision Aid, Springer: VIKOR with
    v = 0.625, Q = 0.640 1.000 0.693 0.271 0.000 0.694 (pp. 31–55); PROMETHEE II with the linear
    function q = 1, p = 2, φ = −0.26 −0.52 −0.22 0.36 0.70 −0.06 (pp. 57–89)."""
    decision = tmp_path / "decision.csv"
    decision.write_text(
        "alternative,c1,c2,c3,c4\nA1,8,7,2,1\nA2,5,3,7,5\nA3,7,5,6,4\nA4,9,9,7,3\n"
        "A5,11,10,3,7\nA6,6,9,5,4\n",
        encoding="utf-8",
    )
    criteria = tmp_path / "criteria.csv"
    criteria.write_text(
        "criterion,weight,direction,preference,q,p\n"
        + "".join(f"c{k},{w},benefit,linear,1,2\n" for k, w in enumerate([0.4, 0.3, 0.1, 0.2], 1)),
        encoding="utf-8",
    )
    args: list[str | Path] = ["priorities", "rank", decision, "--criteria", criteria, "--json"]
    _, stdout, _ = kargah(*args, "--method", "vikor", "--v", "0.625")
    q = {r["alternative"]: round(r["Q"], 3) for r in json.loads(stdout)["alternatives"]}
    assert q == {"A1": 0.640, "A2": 1.0, "A3": 0.693, "A4": 0.271, "A5": 0.0, "A6": 0.694}
    _, stdout, _ = kargah(*args, "--method", "promethee2")
    phi = {r["alternative"]: round(r["phi"], 2) for r in json.loads(stdout)["alternatives"]}
    assert phi == {"A1": -0.26, "A2": -0.52, "A3": -0.22, "A4": 0.36, "A5": 0.70, "A6": -0.06}
