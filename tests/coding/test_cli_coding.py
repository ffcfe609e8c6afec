"""``kargah coding qdpx`` says what it reads: a .qdpx project, not a table."""

from __future__ import annotations

from typer.testing import CliRunner

from kargah.cli.coding import app


def test_qdpx_help_names_its_input() -> None:
    result = CliRunner().invoke(app, ["qdpx", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert ".qdpx" in result.output and "CSV, XLSX or Parquet" not in result.output
