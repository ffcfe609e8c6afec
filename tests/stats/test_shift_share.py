"""Shift-share against REAT's documented example (Farhauer/Kroell 2013, in REAT's man/shift.Rd:
regions A, B and C of nation X, four industries, years t and t+1). REAT prints no figures for
it, so the expected values are worked out here by hand from REAT's formulas (R/shift.R):

    National share  = R1 N2 / N1 − R1
    Industrial mix  = Σ r1_i n2_i / n1_i − R1 N2 / N1
    Regional shift  = Σ r1_i (r2_i / r1_i − n2_i / n1_i)
    Esteban: h_i = R1 n1_i / N1; "Regional shift" = Σ h_i (r2_i / r1_i − n2_i / n1_i) (the
    competitive effect); Allocation effect = Σ (r1_i − h_i)(r2_i / r1_i − n2_i / n1_i)

The three regions sum to X in both years, so "every region of the input" is X.
"""

from __future__ import annotations

from fractions import Fraction as F

import ibis
import pytest

from kargah.errors import InputError, OptionError
from kargah.stats import ShiftShare

REAT = {
    "A": ([90, 20, 10, 60], [100, 40, 10, 55]),
    "B": ([60, 30, 30, 40], [85, 55, 40, 35]),
    "C": ([250, 100, 110, 300], [255, 115, 85, 390]),
}
NATION = ([400, 150, 150, 400], [440, 210, 135, 480])
BRANCHES = ["10", "13", "20", "25"]


def reat_table(with_nation: bool = False) -> ibis.Table:
    rows: dict[str, list] = {"year": [], "region": [], "branch": [], "employees": []}
    regions = {**REAT, **({"X": NATION} if with_nation else {})}
    for region, years in regions.items():
        for year, values in zip((2000, 2001), years, strict=True):
            for branch, v in zip(BRANCHES, values, strict=True):
                rows["year"].append(year)
                rows["region"].append(region)
                rows["branch"].append(branch)
                rows["employees"].append(float(v))
    return ibis.memtable(rows)


def reat_components(region: str) -> dict[str, F | float]:
    r1, r2 = ([F(v) for v in vs] for vs in REAT[region])
    n1, n2 = ([F(v) for v in vs] for vs in NATION)
    R1, N1, N2 = sum(r1), sum(n1), sum(n2)
    own = [b / a - d / c for a, b, c, d in zip(r1, r2, n1, n2, strict=True)]
    h = [R1 * c / N1 for c in n1]
    return {
        "change": sum(r2) - R1,
        "national_share": R1 * N2 / N1 - R1,
        "industry_mix": sum(a * d / c for a, c, d in zip(r1, n1, n2, strict=True)) - R1 * N2 / N1,
        "regional_shift": sum(a * o for a, o in zip(r1, own, strict=True)),
        "competitive": sum(x * o for x, o in zip(h, own, strict=True)),
        "allocation": sum((a - x) * o for a, x, o in zip(r1, h, own, strict=True)),
    }


def test_region_a_by_hand() -> None:
    """R1 = 180, R2 = 205, N1 = 1100, N2 = 1265 (growth 15%): national share 180 × 0.15 = 27;
    industrial mix 90·1.1 + 20·1.4 + 10·0.9 + 60·1.2 − 207 = 1; regional shift 205 − 208 = −3.
    Esteban: h = 180/1100 × n1; competitive −7/11, allocation −3 + 7/11 = −26/11."""
    expected = reat_components("A")
    assert (expected["national_share"], expected["industry_mix"]) == (27, 1)
    assert expected["regional_shift"] == -3
    assert (expected["competitive"], expected["allocation"]) == (F(-7, 11), F(-26, 11))
    total = ShiftShare(region="A", start=2000, end=2001, method="esteban-marquillas").compute(
        reat_table()
    )[-1]
    assert total["branch"] == "total"
    assert (total["start"], total["end"], total["change"]) == (180, 205, 25)
    assert total["national_share"] == pytest.approx(27)
    assert total["industry_mix"] == pytest.approx(1)
    assert total["regional_shift"] == pytest.approx(-3)
    assert total["homothetic"] == pytest.approx(180)
    assert total["competitive"] == pytest.approx(-7 / 11)
    assert total["allocation"] == pytest.approx(-26 / 11)


@pytest.mark.parametrize("region", sorted(REAT))
@pytest.mark.parametrize("named_nation", [False, True])
def test_reat_example_every_region(region: str, named_nation: bool) -> None:
    table = reat_table(with_nation=named_nation)
    maker = ShiftShare(
        region=region,
        start=2000,
        end=2001,
        method="esteban-marquillas",
        reference="X" if named_nation else None,
    )
    rows = maker.compute(table)
    assert [r["branch"] for r in rows] == [*BRANCHES, "total"]
    total = rows[-1]
    for name, value in reat_components(region).items():
        assert total[name] == pytest.approx(float(value), abs=1e-9), name
    for row in rows:
        assert row["national_share"] + row["industry_mix"] + row["regional_shift"] == (
            pytest.approx(row["change"])
        )
        assert row["competitive"] + row["allocation"] == pytest.approx(row["regional_shift"])


def test_per_branch_dunn_by_hand() -> None:
    """Region A, industry 2 (20 → 40; nation 150 → 210): national share 20 × 0.15 = 3, industry
    mix 20 × (1.4 − 1.15) = 5, regional shift 40 − 28 = 12."""
    rows = ShiftShare(region="A", start=2000, end=2001).compute(reat_table())
    second = rows[1]
    assert second["branch"] == "13" and "competitive" not in second
    assert second["national_share"] == pytest.approx(3)
    assert second["industry_mix"] == pytest.approx(5)
    assert second["regional_shift"] == pytest.approx(12)
    assert (second["reference_start"], second["reference_end"]) == (150, 210)


def test_a_branch_new_to_the_region() -> None:
    t = ibis.memtable(
        {
            "year": [1, 1, 2, 2, 1, 2],
            "region": ["a", "b", "a", "b", "b", "a"],
            "branch": ["x", "x", "x", "x", "y", "y"],
            "employees": [10.0, 10.0, 10.0, 10.0, 20.0, 5.0],
        }
    )
    dunn = ShiftShare(region="a", start=1, end=2).compute(t)
    y = dunn[1]
    assert (y["start"], y["end"], y["national_share"], y["industry_mix"]) == (0, 5, 0, 0)
    assert y["regional_shift"] == 5
    em = ShiftShare(region="a", start=1, end=2, method="esteban-marquillas").compute(t)
    assert em[1]["competitive"] is None and em[-1]["competitive"] is None
    assert em[-1]["regional_shift"] == pytest.approx(dunn[-1]["regional_shift"])


def test_bad_input_is_named() -> None:
    t = reat_table()
    with pytest.raises(InputError, match=r"year 1999 is not in the input \(it has 2000, 2001\)"):
        ShiftShare(region="A", start=1999, end=2001).compute(t)
    with pytest.raises(InputError, match=r"no region 'Guilan' in the input \(it has A, B, C\)"):
        ShiftShare(region="Guilan", start=2000, end=2001).compute(t)
    with pytest.raises(InputError, match=r"no reference region 'X'"):
        ShiftShare(region="A", start=2000, end=2001, reference="X").compute(t)
    with pytest.raises(InputError, match=r"needs the column\(s\) wages"):
        ShiftShare(region="A", start=2000, end=2001, measure="wages").compute(t)
    no_year = t.drop("year")
    with pytest.raises(InputError, match=r"needs the column\(s\) year"):
        ShiftShare(region="A", start=2000, end=2001).compute(no_year)
    zero = t.mutate(employees=ibis.ifelse(t.region == "A", 0.0, t.employees))
    with pytest.raises(InputError, match=r"employees sums to 0 in A in 2000"):
        ShiftShare(region="A", start=2000, end=2001).compute(zero)
    with pytest.raises(OptionError, match="unknown method"):
        ShiftShare(region="A", start=2000, end=2001, method="gerfin")
    with pytest.raises(OptionError, match="the same"):
        ShiftShare(region="A", start=2000, end=2000)
