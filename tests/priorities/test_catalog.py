"""The comparative catalog core: shipped data, checked imports, the country × category matrix."""

from __future__ import annotations

import csv
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from kargah.errors import InputError
from kargah.priorities import REGIONS, category_matrix, check_ideas, read_catalog
from kargah.registry import catalog as registry_catalog

SHIPPED = Path(str(resources.files("kargah") / "data" / "priorities"))


def test_the_shipped_catalog_has_the_papers_nine_countries_in_its_three_regions() -> None:
    found = read_catalog()
    names = {c["name_en"]: c["region"] for c in found.countries}
    assert set(names) == {"Bangladesh", "Pakistan", "Malaysia", "India", "China", "Hong Kong",
                          "Taiwan", "Russia", "Turkey"}  # fmt: skip
    assert set(names.values()) == {"south_asia", "southeast_asia", "eurasia"}
    assert names["Turkey"] == names["Russia"] == "eurasia"
    assert all(c["source"].startswith("Guilan paper (seed 003)") for c in found.countries)


def test_sixteen_categories_every_record_sourced_and_invented_ones_marked_synthetic() -> None:
    found = read_catalog()
    assert len(found.categories) == 16
    assert len(found.ideas) > 100  # the paper: "more than 100" ideas
    # The paper's text names no category, group or idea: each one here is invented. The
    # categories and groups are the registry's, sourced once for its whole catalog.
    assert registry_catalog().synthetic and registry_catalog().source.startswith("Synthetic")
    for record in found.ideas:
        assert record["synthetic"] is True and record["source"].startswith("Synthetic")


def test_categories_and_groups_are_the_registrys_so_a_group_finds_its_workshops() -> None:
    found = read_catalog()
    assert [c["code"] for c in found.categories] == [c.id for c in registry_catalog().categories]
    shipped = {f"{g.category}/{g.id}": ",".join(g.isic) for g in registry_catalog().groups()}
    assert {g["code"]: g["isic"] for g in found.product_groups} == shipped
    categories = {c["code"] for c in found.categories}
    assert all(i["category"] in categories for i in found.ideas)
    groups = {g["code"]: g["category"] for g in found.product_groups}
    assert all(groups[i["product_group"]] == i["category"] for i in found.ideas)


def test_every_country_puts_weight_somewhere_and_rows_of_shares_sum_to_one() -> None:
    found = read_catalog()
    matrix = category_matrix(found.ideas, rows=[c["code"] for c in found.countries],
                             columns=[c["code"] for c in found.categories])  # fmt: skip
    for row in matrix.rows:
        assert sum(matrix.shares_[row].values()) == pytest.approx(1)
        assert matrix.top(row) is not None
    assert sum(matrix.row_totals_.values()) == len(found.ideas)


def test_matrix_counts_shares_and_column_shares_on_a_small_example() -> None:
    ideas = [
        {"country": "TUR", "category": "food"},
        {"country": "TUR", "category": "food"},
        {"country": "TUR", "category": "textiles"},
        {"country": "CHN", "category": "textiles"},
    ]
    matrix = category_matrix(ideas, rows=["TUR", "CHN", "RUS"], columns=["food", "textiles"])
    assert matrix.counts_["TUR"] == {"food": 2, "textiles": 1}
    assert matrix.shares_["TUR"]["food"] == pytest.approx(2 / 3)
    assert matrix.column_shares_["CHN"]["textiles"] == pytest.approx(1 / 2)
    assert matrix.shares_["RUS"] == {"food": 0.0, "textiles": 0.0}  # no idea: no division by 0
    assert matrix.top("TUR") == "food" and matrix.top("RUS") is None
    assert matrix.column_totals_ == {"food": 2, "textiles": 2}
    # food holds 2 of the 4 ideas (1/2): Turkey's share of 2/3 is 4/3 of that
    assert matrix.relative_["TUR"] == {
        "food": pytest.approx(4 / 3),
        "textiles": pytest.approx(2 / 3),
    }
    assert matrix.relative_["CHN"]["textiles"] == 2 and matrix.relative_["RUS"]["food"] == 0
    cell = {"row": "CHN", "column": "food", "count": 0, "share": 0.0, "column_share": 0.0,
            "relative": 0.0}  # fmt: skip
    assert cell in matrix.records()


def test_matrix_by_region() -> None:
    ideas = [{"region": "eurasia", "category": "wood"}, {"region": "eurasia", "category": "food"}]
    matrix = category_matrix(ideas, by="region")
    assert matrix.rows == ["eurasia"] and matrix.shares_["eurasia"]["wood"] == 0.5


def test_matrix_refuses_an_idea_without_a_category_naming_it() -> None:
    with pytest.raises(InputError) as caught:
        category_matrix([{"country": "TUR", "category": "food"}, {"country": "TUR"}])
    assert (caught.value.row, caught.value.column) == (2, "category")


def known() -> Any:
    found = read_catalog()
    return {"countries": list(found.countries), "categories": list(found.categories),
            "product_groups": list(found.product_groups)}  # fmt: skip


def test_an_import_takes_codes_or_names_and_persian_headers() -> None:
    rows = [
        {"کشور": "ترکیه", "دسته": "Food processing", "گروه محصول": "food/tea",
         "نام فارسی": "چای", "ساختگی": "خیر"},
        {"country": "chn", "category": "textiles", "name_fa": "پوشاک", "name_en": "Clothes",
         "synthetic": "yes", "source": "survey"},
    ]  # fmt: skip
    ideas = check_ideas(rows, "ideas.xlsx", **known())
    assert [(i["country"], i["category"], i["product_group"]) for i in ideas] == [
        ("TUR", "food", "food/tea"),
        ("CHN", "textiles", ""),
    ]
    assert [i["synthetic"] for i in ideas] == [False, True]


def test_an_import_with_bad_cells_names_every_one_by_row_and_column() -> None:
    rows = [
        {"country": "TUR", "category": "food", "name_fa": "چای"},
        {"country": "Atlantis", "category": "food", "name_fa": "x"},
        {"country": "TUR", "category": "nothing", "name_fa": "x"},
        {"country": "TUR", "category": "food", "product_group": "textiles/silk", "name_fa": "x"},
        {"country": "TUR", "category": "food", "name_fa": "", "synthetic": "maybe"},
    ]
    with pytest.raises(InputError) as caught:
        check_ideas(rows, "ideas.xlsx", **known())
    found = {(p.row, p.column): p.message for p in caught.value.problems}
    assert found == {
        (3, "country"): "'Atlantis' is not a country of the catalog",
        (4, "category"): "'nothing' is not a center category of the catalog",
        (5, "product_group"): "'textiles/silk' is a product group of another category",
        (6, "name_fa"): "name_fa is empty",
        (6, "synthetic"): "'maybe' is not true or false",
    }
    assert str(caught.value).startswith("ideas.xlsx: 5 bad cell(s); nothing was imported")


def test_an_import_without_a_required_column_says_which() -> None:
    with pytest.raises(InputError) as caught:
        check_ideas([{"country": "TUR", "name_fa": "x"}], "ideas.csv", **known())
    assert "missing column(s) category" in str(caught.value)


def copy_with(tmp_path: Path, name: str, change: dict[str, str], row: int = 0) -> Path:
    folder = tmp_path / "catalog"
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns("*.md"))
    path = folder / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[row].update(change)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


def test_the_catalog_reads_countries_and_ideas_only_categories_come_from_the_registry(
    tmp_path: Path,
) -> None:
    """One catalog of categories and groups for Kargah: no copy of them among the priorities'
    files, and a folder of countries and ideas alone is a whole catalog."""
    assert sorted(p.name for p in SHIPPED.glob("*.csv")) == ["countries.csv", "ideas.csv"]
    folder = tmp_path / "catalog"
    folder.mkdir()
    for name in ("countries.csv", "ideas.csv"):
        shutil.copy(SHIPPED / name, folder / name)
    assert read_catalog(folder) == read_catalog()


@pytest.mark.parametrize(
    ("name", "change", "row", "column", "message"),
    [
        ("countries", {"region": "mars"}, 2, "region", "'mars' is not a region"),
        ("countries", {"code": "tr"}, 2, "code", "'tr' is not an ISO 3166 alpha-3 code"),
        ("countries", {"code": "BGD"}, 3, "code", "'BGD' is given twice"),
        (
            "ideas",
            {"product_group": "food/nothing"},
            2,
            "product_group",
            "'food/nothing' is not a product group of the catalog",
        ),
        (
            "ideas",
            {"category": "nothing"},
            2,
            "category",
            "'nothing' is not a center category of the catalog",
        ),
        ("ideas", {"synthetic": "perhaps"}, 2, "synthetic", "'perhaps' is not true or false"),
    ],
)
def test_a_bad_cell_in_the_shipped_files_is_named(
    tmp_path: Path, name: str, change: dict[str, str], row: int, column: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        read_catalog(copy_with(tmp_path, name, change, row - 2))
    problem = caught.value.problems[0]  # then the rows that refer to it, where its code changed
    assert Path(str(problem.file)).name == f"{name}.csv"
    assert (problem.row, problem.column) == (row, column)
    assert problem.message.startswith(message)


def test_regions_are_the_contracts() -> None:
    assert REGIONS == ("south_asia", "southeast_asia", "eastern_asia", "eurasia", "iran")


def test_an_import_names_the_sheets_own_row_numbers_when_given() -> None:
    rows = [{"country": "TUR", "category": "food", "name_fa": "x"},
            {"country": "TUR", "category": "nothing", "name_fa": "y"}]  # fmt: skip
    with pytest.raises(InputError) as caught:
        check_ideas(rows, "ideas.xlsx", row_numbers=[2, 7], **known())
    assert [p.row for p in caught.value.problems] == [7]
