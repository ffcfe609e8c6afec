"""``kargah exchange match``: a registry file matched through the index, the issue's JSON shape,
and bad input named (the request's field; the file's row and column)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kargah.cli import app

REGISTRY = """\
workshop_id,name_en,isic,county,employees,capacity,utilisation,processes,materials,certifications
A1,Turner one,2592,Rasht,12,1000,0.4,CNC turning;welding.tig,Steel,ISO 9001
A2,Turner two,2592,Lahijan,60,800,0.9,machining.cnc-turning,metal.steel.stainless,ISO 9001; HACCP
A3,Welder,2511,Rasht,5,2000,0.5,welding,metal.steel,ISO 9001
A4,Miller,2592,Tehran,30,500,0.2,تراشکاری CNC,فولاد,ISO 9001
A5,Turner three,2592,Rasht,8,900,0.1,machining.turning,metal.steel,
"""
REQUEST = {
    "description": "Turned steel shafts", "processes": ["machining"],
    "materials": ["metal.steel"], "certifications": ["iso-9001"], "monthly_quantity": 500,
    "start": "2099-01-01", "end": "2099-06-30", "deadline": "2098-12-20", "county": "Rasht",
    "size": "small",
}  # fmt: skip


def files(tmp_path: Path, registry: str = REGISTRY, **changes: object) -> tuple[Path, Path]:
    request, workshops = tmp_path / "request.json", tmp_path / "workshops.csv"
    request.write_text(json.dumps({**REQUEST, **changes}), encoding="utf-8")
    workshops.write_text(registry, encoding="utf-8")
    return request, workshops


def test_match_a_registry_file_as_json(tmp_path: Path) -> None:
    request, workshops = files(tmp_path)
    done = CliRunner().invoke(
        app, ["exchange", "match", str(request), "--workshops", str(workshops), "--json"]
    )
    assert done.exit_code == 0, done.output
    matches = json.loads(done.stdout)["matches"]
    # Rows 2, 3 (stainless under steel) and 5 (a Persian-named turner in Tehran) meet it; row 4
    # only welds and row 6 has no certificate. Row 2: Rasht, idle 600 ≥ 500, small.
    assert [m["workshop_id"] for m in matches] == [2, 5, 3]
    assert matches[0]["idle_capacity"] == 600 and matches[0]["distance_km"] == 0
    assert matches[0]["score"] > matches[1]["score"] > matches[2]["score"]
    assert any("600 units a month idle" in r for r in matches[0]["reasons"])


def test_top_and_persian_reasons(tmp_path: Path) -> None:
    request, workshops = files(tmp_path)
    options = ["--workshops", str(workshops), "--top", "1", "--lang", "fa", "--json"]
    done = CliRunner().invoke(app, ["exchange", "match", str(request), *options])
    matches = json.loads(done.stdout)["matches"]
    assert len(matches) == 1 and "کیلومتر" in " ".join(matches[0]["reasons"])


def test_a_bad_request_names_the_field(tmp_path: Path) -> None:
    request, workshops = files(tmp_path, monthly_quantity=-3)
    done = CliRunner().invoke(
        app, ["exchange", "match", str(request), "--workshops", str(workshops)]
    )
    assert done.exit_code == 2
    assert "request.json, column 'monthly_quantity'" in " ".join(done.output.split())


def test_an_unknown_process_in_the_file_names_row_and_column(tmp_path: Path) -> None:
    request, workshops = files(tmp_path, REGISTRY.replace("CNC turning;", "alchemy;"))
    done = CliRunner().invoke(
        app, ["exchange", "match", str(request), "--workshops", str(workshops)]
    )
    assert done.exit_code == 2
    assert "row 2, column 'processes': 'alchemy'" in " ".join(done.output.split())


def test_without_a_file_a_site_without_the_exchange_s_tables_is_said(tmp_path: Path) -> None:
    """The site's database is read (a fresh home has none of the index's tables): a message,
    status 2, no traceback."""
    import os
    import subprocess
    import sys

    request, _workshops = files(tmp_path)
    env = {**os.environ, "KARGAH_HOME": str(tmp_path / "home")}
    env.pop("KARGAH_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "kargah.cli", "exchange", "match", str(request), "--json"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "the site's database cannot be read" in done.stderr and "Traceback" not in done.stderr
