"""Shared fixtures: the real data in ../shared/data (skipped with a reason where absent) and a
CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"

SUSB_MAP = [
    "--map", "region=State_Name",
    "--map", "branch=NAICS",
    "--map", "size_band=Enterprise_Size",
    "--map", "units=Firms",
    "--map", "employees=Employment",
    "--map", "wages=Annual_Payroll ($1,000)",
    "--set", "year=2021",
    "--branch-system", "naics",
]  # fmt: skip

MINIMAL_DEFINITION = """\
id: small-under-20
name: {en: Small under 20, fa: کوچک زیر ۲۰ نفر}
source: user
classes:
  - {name: small, employees: {min: 0, max: 19}}
  - {name: medium, employees: {min: 20, max: 99}}
  - {name: large, employees: {min: 100}}
"""


@pytest.fixture(scope="session")
def susb() -> Path:
    path = SHARED_DATA / "us-susb-2021-state-naics2-size.csv"
    if not path.exists():
        pytest.skip(f"real data absent: {path} (shared/data is not beside this clone)")
    return path


@pytest.fixture(scope="session")
def susb_map() -> list[str]:
    """The command-line options that map the SUSB headers to Kargah's standard columns."""
    return list(SUSB_MAP)


@pytest.fixture
def user_definition(tmp_path: Path) -> Path:
    path = tmp_path / "small-under-20.yaml"
    path.write_text(MINIMAL_DEFINITION, encoding="utf-8")
    return path
