"""The location quotient against REAT's documented example, by hand, and on the US SUSB file."""

from __future__ import annotations

from pathlib import Path

import ibis
import pytest

from kargah.errors import InputError, OptionError
from kargah.stats import LocationQuotient
from kargah.tables import read_dataset

SUSB_MAPPING = {
    "region": "State_Name",
    "branch": "NAICS",
    "size_band": "Enterprise_Size",
    "units": "Firms",
    "employees": "Employment",
}


def test_reat_locq_example() -> None:
    """REAT (Wieland), `locq(1714, 79006, 879213, 15593224)` returns 0.3847623 (man/locq.Rd,
    the example from Farhauer/Kroell 2013): industry i has 1,714 of region j's 79,006 employees
    and 879,213 of all 15,593,224. As a table: region j and the rest of the country."""
    t = ibis.memtable(
        {
            "region": ["j", "j", "rest", "rest"],
            "branch": ["i", "other", "i", "other"],
            "employees": [
                1714.0,
                79006.0 - 1714,
                879213.0 - 1714,
                15593224.0 - 79006 - (879213 - 1714),
            ],
        }
    )
    rows = {r["branch"]: r for r in LocationQuotient(region="j").compute(t)}
    assert rows["i"]["lq"] == pytest.approx(0.3847623, abs=5e-8)
    assert rows["i"]["region_value"] == 1714 and rows["i"]["region_total"] == 79006
    assert rows["i"]["reference_value"] == 879213
    assert rows["i"]["reference_total"] == 15593224


def test_a_named_national_row_is_the_reference_and_not_summed() -> None:
    t = ibis.memtable(
        {
            "region": ["a", "a", "b", "b", "nation", "nation"],
            "branch": ["10", "13"] * 3,
            "employees": [30.0, 10.0, 20.0, 40.0, 100.0, 300.0],
        }
    )
    rows = LocationQuotient(region="a", reference="nation").compute(t)
    # (30 / 40) / (100 / 400) = 3; (10 / 40) / (300 / 400) = 1/3
    assert [r["lq"] for r in rows] == pytest.approx([3.0, 1 / 3])
    assert rows[0]["reference_total"] == 400
    default = LocationQuotient(region="a").compute(t)  # every row summed: the nation too
    assert default[0]["reference_total"] == 500
    assert default[0]["lq"] == pytest.approx((30 / 40) / (150 / 500))


def test_units_count_rows_of_microdata_and_a_year_is_chosen() -> None:
    t = ibis.memtable(
        {
            "year": [2020, 2020, 2020, 2020, 2021],
            "region": ["a", "a", "b", "b", "a"],
            "branch": ["10", "13", "13", "13", "10"],
        }
    )
    with pytest.raises(InputError, match=r"several years \(2020, 2021\).*--year"):
        LocationQuotient(region="a", measure="units").compute(t)
    rows = LocationQuotient(region="a", measure="units", year=2020).compute(t)
    # branch 10: (1/2) / (1/4) = 2; branch 13: (1/2) / (3/4) = 2/3
    assert [(r["branch"], r["lq"]) for r in rows] == [("10", 2.0), ("13", pytest.approx(2 / 3))]
    with pytest.raises(InputError, match=r"year 1999 is not in the input \(it has 2020, 2021\)"):
        LocationQuotient(region="a", measure="units", year=1999).compute(t)


def test_bad_input_is_named() -> None:
    t = ibis.memtable({"region": ["a", "b"], "branch": ["10", "10"], "employees": [0.0, 5.0]})
    with pytest.raises(InputError, match=r"no region 'Guilan' in the input \(it has a, b\)"):
        LocationQuotient(region="Guilan").compute(t)
    with pytest.raises(InputError, match=r"no reference region 'Iran'"):
        LocationQuotient(region="a", reference="Iran").compute(t)
    with pytest.raises(InputError, match=r"employees sums to 0 in a"):
        LocationQuotient(region="a").compute(t)
    with pytest.raises(InputError, match=r"needs the column\(s\) wages"):
        LocationQuotient(region="b", measure="wages").compute(t)
    with pytest.raises(InputError, match=r"needs the column\(s\) size_class"):
        LocationQuotient(region="b", by="size_class").compute(t)
    with pytest.raises(OptionError, match="its own reference"):
        LocationQuotient(region="a", reference="a")


def test_a_state_against_the_united_states(susb: Path) -> None:
    """SUSB 2021: Nevada's accommodation and food services (NAICS 72) against the US row of the
    same file. The figures are the file's own band rows summed (the total rows are set apart);
    the quotient is computed here from its definition."""
    ds = read_dataset(
        susb, mapping=SUSB_MAPPING, set_values={"year": "2021"}, branch_system="naics"
    )
    rows = LocationQuotient(region="Nevada", reference="United States").compute(ds)
    by_branch = {r["branch"]: r for r in rows}
    table = ds.table
    nevada = table.filter(table.region == "Nevada").to_pandas()
    us = table.filter(table.region == "United States").to_pandas()
    nv72 = nevada.query("branch == '72'")["employees"].sum()
    us72 = us.query("branch == '72'")["employees"].sum()
    expected = (nv72 / nevada["employees"].sum()) / (us72 / us["employees"].sum())
    assert by_branch["72"]["region_value"] == nv72
    assert by_branch["72"]["lq"] == pytest.approx(expected, rel=1e-12)
    assert by_branch["72"]["lq"] > 2  # Las Vegas: Nevada is specialised in it
    assert by_branch["72"]["reference_total"] == us["employees"].sum()
