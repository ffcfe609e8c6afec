"""Docs that cannot go stale: the CLI reference is generated, every public name is documented,
and the README opens with the two commands CI runs."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PARTS = [
    "text",
    "tables",
    "branches",
    "sizeclass",
    "stats",
    "registry",
    "survey",
    "coding",
    "priorities",
    "exchange",
    "reports",
]


def test_cli_reference_is_current() -> None:
    from kargah.cli._reference import reference

    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == reference(), (
        "docs/cli.md is stale: run `make docs`"
    )


@pytest.mark.parametrize("part", PARTS)
def test_every_public_name_is_documented(part: str) -> None:
    module = importlib.import_module(f"kargah.{part}")
    text = (ROOT / "docs" / f"{part}.md").read_text(encoding="utf-8")
    missing = [name for name in module.__all__ if name not in text]
    assert not missing, f"docs/{part}.md does not mention {missing}"


def test_help_does_not_import_heavy_libraries() -> None:
    """`kargah --help` must answer at once: Ibis, DuckDB and pandas load only in commands."""
    code = (
        "import sys, kargah.cli; "
        "print(','.join(m for m in ('ibis', 'duckdb', 'pandas', 'pyarrow', 'scipy', 'pyspark') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```")[1]
    assert "make demo" in block and "make test" in block
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("doc", ["README.md", "docs/coding.md", "src/kargah/coding/__init__.py"])
def test_the_synthetic_study_is_not_said_to_reproduce_the_paper(doc: str) -> None:
    """It is built to the paper's published marginals; everything else in it is made up."""
    text = " ".join((ROOT / doc).read_text(encoding="utf-8").split())
    assert "reproduces the Guilan paper" not in text and "published marginals" in text
