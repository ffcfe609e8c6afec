"""The columns the site's full export adds are checked like every other column."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kargah.errors import InputError
from kargah.registry import validate_workshops

BASE = {"name_fa": "کارگاه", "isic": "1071", "county": "Rasht", "employees": "3"}


def check(**columns: list[object]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    cells = pd.DataFrame({**{k: [v] * n for k, v in BASE.items()}, **columns})
    cells.index = pd.RangeIndex(2, n + 2)
    return validate_workshops(cells, "full.csv", province="Gilan")


def problems(**columns: list[object]) -> list[str]:
    with pytest.raises(InputError) as caught:
        check(**columns)
    return [str(p) for p in caught.value.problems]


def test_province_synthetic_groups_owner_and_history_are_read() -> None:
    history = json.dumps([{"at": "2025-01-02T03:04:05+00:00", "before": {}, "after": {}}])
    frame = check(
        province=["Gilan", "گیلان", ""],
        synthetic=["True", "خیر", ""],
        product_groups=["food/tea; food/rice", "", None],
        owner=["owner", None, None],
        contact=["+98 13\nRasht", None, None],
        history=[history, None, None],
    )
    assert list(frame["province"]) == ["Gilan"] * 3
    assert list(frame["synthetic"]) == [True, False, False]
    assert frame["product_groups"][2] == "food/tea;food/rice"
    assert frame["contact"][2] == "+98 13\nRasht" and frame["owner"][2] == "owner"
    assert json.loads(frame["history"][2])[0]["at"].startswith("2025")


def test_a_file_without_a_province_column_gets_the_province_it_was_checked_for() -> None:
    assert list(check(city=["Rasht"])["province"]) == ["Gilan"]


def test_bad_cells_of_the_full_columns_are_named_by_row_and_column() -> None:
    found = problems(
        province=["Tehran", "Gilan"],
        synthetic=["maybe", "1"],
        product_groups=["food/tea;nothing/here", ""],
        history=["[1, 2]", "not json"],
    )
    assert "full.csv, row 2, column 'province': 'Tehran' is not Gilan" in found
    assert any("row 2, column 'synthetic'" in p for p in found)
    assert any("row 2, column 'product_groups'" in p for p in found)
    assert sum("column 'history'" in p for p in found) == 2


def test_each_county_must_lie_in_its_rows_province() -> None:
    cells = pd.DataFrame({**{k: [v] for k, v in BASE.items()}, "province": ["Tehran"]})
    cells.index = pd.RangeIndex(2, 3)
    with pytest.raises(InputError) as caught:
        validate_workshops(cells, "f.csv")
    assert "f.csv, row 2, column 'county': 'Rasht' is not a county of Tehran" in str(
        caught.value.problems[0]
    )
