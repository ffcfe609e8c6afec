"""The registry core: places, catalog, checked imports, the demo registry."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kargah.branches import is_valid
from kargah.errors import InputError
from kargah.registry import (
    catalog,
    counties,
    idle_capacity,
    provinces,
    synthetic_registry,
    validate_workshops,
)
from kargah.tables import read_cells, write_table


def test_guilan_has_its_sixteen_counties_in_both_languages() -> None:
    guilan = {c.en: c.fa for c in counties("Gilan")}
    assert len(guilan) == 16
    assert guilan["Rasht"] == "رشت" and guilan["Lahijan"] == "لاهیجان"
    assert len(provinces()) == 31


def test_catalog_has_sixteen_categories_with_valid_isic_codes() -> None:
    shipped = catalog()
    assert len(shipped.categories) == 16 and shipped.synthetic
    for group in shipped.groups():
        assert group.name["fa"] and group.name["en"]
        assert all(is_valid(code) for code in group.isic), group
    assert shipped.group("food/tea").isic == ("1079",)


def test_demo_registry_is_reproducible_realistic_and_labelled() -> None:
    a, b = synthetic_registry(3000, seed=7), synthetic_registry(3000, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert a["synthetic"].all()
    assert (a["employees"] < 10).mean() > 0.8  # most workshops are micro, as in the census
    assert set(a["county"]) <= {c.en for c in counties("Gilan")}
    assert a["latitude"].between(36.5, 38.7).all() and a["longitude"].between(48.5, 50.6).all()
    assert not synthetic_registry(100, seed=8).equals(synthetic_registry(100, seed=7))


def cells(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, dtype=object)
    frame.index = range(2, len(frame) + 2)
    return frame


GOOD = {
    "name_fa": "کارگاه چای",
    "isic": "1079",
    "county": "لاهیجان",
    "employees": "۷",
    "ownership": "تعاونی",
    "capacity": "1,000",
    "utilisation": "70",
    "founded": "1395",
}


def test_a_good_row_is_cleaned() -> None:
    frame = validate_workshops(cells([GOOD]), "w.csv", province="Gilan")
    row = frame.iloc[0]
    assert (row.county, row.employees, row.ownership) == ("Lahijan", 7, "cooperative")
    assert row.utilisation == pytest.approx(0.7) and row.idle_capacity == pytest.approx(300)


@pytest.mark.parametrize(
    ("column", "value", "why"),
    [
        ("isic", "9999", "not an ISIC Rev.4 code"),
        ("county", "Tehran", "not a county of Gilan"),
        ("employees", "3.5", "not a whole number"),
        ("employees", "-2", "negative"),
        ("utilisation", "120", "outside 0–100"),
        ("ownership", "state", "not an ownership"),
        ("founded", "1100", "not a founding year"),
        ("latitude", "50.1", "outside 25–40"),
        ("product_group", "food/pizza", "not a product group"),
        ("employees", "", "employees is empty"),
    ],
)
def test_each_bad_cell_is_named(column: str, value: str, why: str) -> None:
    with pytest.raises(InputError) as caught:
        validate_workshops(cells([GOOD, {**GOOD, column: value}]), "w.csv", province="Gilan")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (3, column)
    assert why in str(problem)


def test_missing_columns_are_listed() -> None:
    with pytest.raises(InputError, match="missing column.*isic"):
        validate_workshops(cells([{"name_fa": "x", "county": "Rasht", "employees": 1}]), "w.csv")


def test_import_round_trip_through_a_file(tmp_path: Path) -> None:
    frame = synthetic_registry(200, seed=3)
    for suffix in (".csv", ".xlsx"):
        path = write_table(frame, tmp_path / f"workshops{suffix}")
        back = validate_workshops(read_cells(path), path, province="Gilan")
        assert len(back) == 200, suffix
        assert back["employees"].sum() == frame["employees"].sum()
        assert back["county"].tolist() == frame["county"].tolist()


def test_idle_capacity() -> None:
    assert idle_capacity(1000, 0.25) == 750
    assert idle_capacity(None, 0.5) is None


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("employees", "1e30"),  # passed the preview and failed at load, naming no row
        ("capacity", "-1000"),
        ("latitude", "999"),
        ("founded", "99999"),
        ("capital", "inf"),
        ("floor_m2", "1e999"),
    ],
)
def test_values_out_of_bounds_are_named_with_row_and_column(column: str, value: str) -> None:
    with pytest.raises(InputError) as caught:
        validate_workshops(cells([GOOD, {**GOOD, column: value}]), "w.csv", province="Gilan")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (3, column)
    assert value in problem.message


def test_check_value_is_the_imports_check() -> None:
    from kargah.registry import MAXIMA, check_value

    assert check_value("employees", "۱۲") == 12
    assert check_value("employees", MAXIMA["employees"]) == MAXIMA["employees"]
    with pytest.raises(InputError, match="outside") as caught:
        check_value("employees", MAXIMA["employees"] + 1)
    assert caught.value.column == "employees"
    with pytest.raises(InputError, match="not a workshop column"):
        check_value("nonsense", 1)


@pytest.mark.parametrize(
    ("column", "value"),
    [("name_fa", "ن" * 201), ("city", "c" * 81), ("workshop_id", "w" * 41),
     ("processes", "cutting;" + "p" * 201)],
)  # fmt: skip
def test_texts_longer_than_their_column_are_named(column: str, value: str) -> None:
    from kargah.registry import LENGTHS

    with pytest.raises(InputError) as caught:
        validate_workshops(cells([GOOD, {**GOOD, column: value}]), "w.csv", province="Gilan")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (3, column)
    assert f"longer than {LENGTHS[column]}" in problem.message
