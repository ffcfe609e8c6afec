"""Yes or no, one reading for every sheet Kargah imports."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kargah.coding import read_codings
from kargah.priorities import check_ideas, read_catalog
from kargah.registry import validate_workshops
from kargah.text import yes_no

YES = ("1", "۱", "١", "1.0", "true", "True", " YES ", "y", "بله", "آری")
NO = ("0", "۰", "٠", "0.0", "false", "No", "n", "خیر", "نه")


@pytest.mark.parametrize(
    ("spelling", "meaning"),
    [
        *[(s, True) for s in YES],
        *[(s, False) for s in NO],
        *[(s, None) for s in ("", None, "maybe", "2", "۲", "شاید", "yess")],
    ],
)
def test_yes_no_reads_persian_english_and_digit_spellings(
    spelling: object, meaning: object
) -> None:
    assert yes_no(spelling) is meaning


def _catalog(flag: str) -> bool:
    found = read_catalog()
    row = {"country": "TUR", "category": "food", "name_fa": "چای", "synthetic": flag}
    (record,) = check_ideas(
        [row],
        "ideas.csv",
        countries=list(found.countries),
        categories=list(found.categories),
        product_groups=list(found.product_groups),
    )
    return bool(record["synthetic"])


def _registry(flag: str) -> bool:
    cells = pd.DataFrame(
        {"name_fa": ["کارگاه"], "isic": ["1071"], "county": ["Rasht"], "employees": ["3"]}
        | {"synthetic": [flag]}
    )
    return bool(validate_workshops(cells, "full.csv", province="Gilan")["synthetic"].iloc[0])


def _coding(flag: str, tmp_path: Path) -> bool:
    sheet = tmp_path / "codings.csv"
    sheet.write_text(f"unit,coder,code,assisted\nu1,a,x,{flag}\n", "utf-8")
    ((_, _, code),) = read_codings(sheet, without_assisted=True)
    return code is None


@pytest.mark.parametrize("spelling", ["١", "1.0", "y", "n", "نه", "0.0", "NO"])
def test_the_catalog_the_registry_and_the_codings_read_a_flag_alike(
    spelling: str, tmp_path: Path
) -> None:
    """Three private yes/no tables had drifted apart: the catalog refused an Arabic-Indic one and
    a spreadsheet's 1.0, the registry "y", "n" and "نه"."""
    meaning = yes_no(spelling)
    assert meaning is not None
    assert _catalog(spelling) is meaning
    assert _registry(spelling) is meaning
    assert _coding(spelling, tmp_path) is meaning
