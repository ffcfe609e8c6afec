"""Reading files: the good, the bad, and the real US SUSB table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kargah.errors import InputError
from kargah.tables import check_totals, read_dataset, write_table

SUSB_MAPPING = {
    "region": "State_Name",
    "branch": "NAICS",
    "size_band": "Enterprise_Size",
    "units": "Firms",
    "employees": "Employment",
    "wages": "Annual_Payroll ($1,000)",
}


def write(tmp_path: Path, text: str, name: str = "t.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_persian_table_with_bom_totals_and_jalali_years(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\ufeffسال,استان,رشته,طبقه,تعداد کارگاه\n"
        "۱۳۹۶,گيلان,13,۱۰ تا ۴۹ نفر,۲۴٬۱۶۱\n"
        "۱۳۹۶,گیلان,13,50 نفر و بیشتر,6171\n"
        "1396,گیلان,13,جمع,30332\n",
    )
    ds = read_dataset(
        path,
        mapping={
            "year": "سال",
            "region": "استان",
            "branch": "رشته",
            "size_band": "طبقه",
            "units": "تعداد کارگاه",
        },
    )
    frame = ds.table.to_pandas()
    assert ds.kind == "bands" and ds.measures == ("units",)
    assert frame["units"].tolist() == [24161.0, 6171.0]
    assert set(frame["year"]) == {1396}
    assert set(frame["region"]) == {"گیلان"}  # Arabic ي read as Persian ی: one province
    assert ds.totals is not None and ds.totals.to_pandas()["total_of"].tolist() == ["size"]
    assert check_totals(ds.table, ds.totals, ["year", "region", "branch"], ds.measures) == []


def test_microdata_is_one_workshop_a_row(tmp_path: Path) -> None:
    from kargah.stats import Indicators

    path = write(tmp_path, "workshop_id,employees,capital\nw1,3,100\nw2,12,\n")
    ds = read_dataset(path)
    frame = ds.table.to_pandas()
    assert ds.kind == "microdata" and ds.measures == ("employees", "capital")
    assert pd.isna(frame.loc[1, "capital"])
    counted = Indicators(definition="sci-iran").compute(ds).to_pandas()
    assert counted.set_index("size_class")["units"].to_dict() == {"small": 1, "medium": 1}


def test_set_supplies_a_column(tmp_path: Path) -> None:
    path = write(tmp_path, "size_class,units\nsmall,5\n")
    ds = read_dataset(path, set_values={"year": "۲۰۲۱"})
    assert ds.table.to_pandas()["year"].tolist() == [2021]


@pytest.mark.parametrize(
    ("text", "row", "column", "why"),
    [
        ("size_class,employees\nsmall,12\nlarge,12x\n", 3, "employees", "'12x' is not a number"),
        ("size_class,Employment\nsmall,-4\n", 2, "Employment", "negative"),
        ("year,size_class,units\n2021,small,1\n21,large,2\n", 3, "year", "not a year"),
        ("year,size_class,units\n,small,1\n", 2, "year", "year is empty"),
        ("branch,size_class,units\n13,small,1\n1,small,2\n", 3, "branch", "did you mean '01'"),
        ("branch,size_class,units\n31-33,small,1\n", 2, "branch", "--branch-system naics"),
    ],
)
def test_bad_cells_name_file_row_and_column(
    tmp_path: Path, text: str, row: int, column: str, why: str
) -> None:
    path = write(tmp_path, text, "bad.csv")
    mapping = {"employees": "Employment"} if "Employment" in text else {}
    with pytest.raises(InputError) as caught:
        read_dataset(path, mapping=mapping)
    message = str(caught.value)
    assert f"bad.csv, row {row}, column '{column}'" in message
    assert why in message


def test_every_bad_cell_is_listed_and_nothing_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "size_class,units,employees\na,x,1\nb,2,y\nc,3,4\n", "bad.csv")
    with pytest.raises(InputError) as caught:
        read_dataset(path)
    error = caught.value
    assert [(p.row, p.column) for p in error.problems] == [(2, "units"), (3, "employees")]
    assert "2 bad cell(s); nothing was read" in str(error)


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("empty.csv", "", "empty"),
        ("header.csv", "size_class,units\n", "no rows"),
        ("data.json", "{}", "cannot read '.json'"),
        ("nomeasure.csv", "size_class,region\nsmall,x\n", "no measure"),
    ],
)
def test_unusable_files(tmp_path: Path, name: str, content: str, why: str) -> None:
    with pytest.raises(InputError, match=why):
        read_dataset(write(tmp_path, content, name))


def test_missing_mapped_header_lists_the_headers(tmp_path: Path) -> None:
    path = write(tmp_path, "size_class,Firms\nsmall,1\n")
    with pytest.raises(InputError, match="no column 'Employment'.*Firms"):
        read_dataset(path, mapping={"employees": "Employment"})


def test_unknown_standard_name_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "size_class,Firms\nsmall,1\n")
    with pytest.raises(InputError, match="'firms' is not a standard column"):
        read_dataset(path, mapping={"firms": "Firms"})


def test_windows_1256_and_semicolons(tmp_path: Path) -> None:
    path = write(tmp_path, "size_class;units\nکوچک;1.234\n", encoding="cp1256")
    frame = read_dataset(path).table.to_pandas()
    assert frame["size_class"].tolist() == ["کوچک"] and frame["units"].tolist() == [1.234]


def test_xlsx_and_parquet_round_trip(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"year": [1400, 1400], "size_class": ["کوچک", "بزرگ"], "units": [10.0, 2.0]}
    )
    for suffix in (".xlsx", ".parquet", ".csv"):
        path = write_table(frame, tmp_path / f"t{suffix}")
        back = read_dataset(path).table.to_pandas()
        assert back["units"].tolist() == [10.0, 2.0], suffix
        assert back["size_class"].tolist() == ["کوچک", "بزرگ"], suffix


def test_xlsx_errors_use_sheet_rows(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["size_class", "units"])
    sheet.append(["small", 3])
    sheet.append([None, None])  # an empty row keeps the numbering
    sheet.append(["large", "three"])
    book.save(tmp_path / "w.xlsx")
    with pytest.raises(InputError, match=r"w.xlsx, row 4, column 'units'"):
        read_dataset(tmp_path / "w.xlsx")


def test_typed_parquet_is_read_by_duckdb_and_bad_values_still_name_the_row(
    tmp_path: Path,
) -> None:
    good = pd.DataFrame({"year": [2020, 2021], "branch": ["13", "25"], "employees": [3.0, 40.0]})
    good.to_parquet(tmp_path / "good.parquet")
    ds = read_dataset(tmp_path / "good.parquet")
    assert "read_parquet" in str(ds.table.compile()).lower() or len(ds) == 2
    bad = good.assign(employees=[3.0, -1.0])
    bad.to_parquet(tmp_path / "bad.parquet")
    with pytest.raises(InputError, match=r"bad.parquet, row 2, column 'employees'"):
        read_dataset(tmp_path / "bad.parquet")


def test_the_us_susb_file(susb: Path) -> None:
    ds = read_dataset(
        susb, mapping=SUSB_MAPPING, set_values={"year": "2021"}, branch_system="naics"
    )
    assert ds.kind == "bands"
    assert ds.totals is not None
    assert len(ds) + int(ds.totals.count().to_pyarrow().as_py()) == 6246
    us = ds.table.filter(ds.table.region == "United States").to_pandas()
    assert us.query("branch == '--'").empty  # the branch totals are set apart
    assert us["units"].sum() > 0
    mismatches = check_totals(ds.table, ds.totals, ["year", "region", "branch"], ds.measures)
    by_size = [m for m in mismatches if m.total_of == "size"]
    # Bands suppressed for confidentiality are absent, so 87 state × sector groups of firms do not
    # reach their published total; the rest add up exactly.
    assert len({tuple(m.keys.values()) for m in by_size if m.measure == "units"}) == 87
    alabama = next(m for m in by_size if m.keys["region"] == "Alabama" and m.measure == "units")
    assert (alabama.parts_sum, alabama.total) == (128, 129)
    assert "sum to 128 but the total row says 129" in str(alabama)


def test_susb_needs_its_branch_system(susb: Path) -> None:
    with pytest.raises(InputError, match="NAICS|--branch-system"):
        read_dataset(susb, mapping=SUSB_MAPPING, set_values={"year": "2021"})


def test_a_tampered_total_is_reported_with_both_figures(susb: Path, tmp_path: Path) -> None:
    lines = susb.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace('"6,294,604"', '"6,294,700"')  # the US total of firms
    path = tmp_path / "tampered.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = read_dataset(
        path, mapping=SUSB_MAPPING, set_values={"year": "2021"}, branch_system="naics"
    )
    mismatches = check_totals(ds.table, ds.totals, ["year", "region", "branch"], ds.measures)
    found = [
        m
        for m in mismatches
        if m.total_of == "size" and m.keys["region"] == "United States" and m.measure == "units"
    ]
    assert len(found) == 1 and found[0].total == 6294700 and found[0].parts_sum == 6294604


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(max_size=8), min_size=1, max_size=6))
def test_fuzzed_cells_either_read_or_raise_input_error(tmp_path: Path, cells: list[str]) -> None:
    text = "size_class,units\n" + "\n".join(f'"s","{c.replace(chr(34), "")}"' for c in cells)
    path = tmp_path / "fuzz.csv"
    path.write_text(text + "\n", encoding="utf-8")
    try:
        read_dataset(path)
    except InputError:
        pass
