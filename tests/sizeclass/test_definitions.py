"""Every shipped definition, at its limits."""

from __future__ import annotations

import pytest

from kargah.errors import DefinitionError
from kargah.sizeclass import definitions, get_definition, load_definition

EXPECTED_IDS = {
    "sci-iran",
    "ministry-of-industries",
    "central-bank-1359",
    "central-bank-1370s",
    "jihad-sazandegi",
    "investment-guarantee-fund-1383",
    "plan-2-1334",
    "plan-4-5-1347",
    "japan-sme-1973",
    "india-ssi",
    "eu-2003-361",
    "world-bank-es",
}


def test_all_ship_with_names_and_sources() -> None:
    shipped = {d.id: d for d in definitions()}
    assert set(shipped) >= EXPECTED_IDS
    for d in shipped.values():
        assert d.name.get("en") and d.name.get("fa"), d.id
        assert len(d.source) > 10, d.id


@pytest.mark.parametrize(
    ("definition", "cases"),
    [
        ("sci-iran", {0: "small", 9: "small", 10: "medium", 49: "medium", 50: "large"}),
        ("ministry-of-industries", {5: None, 6: "small", 29: "small", 30: None}),
        ("central-bank-1359", {50: "small", 51: "large"}),
        ("central-bank-1370s", {10: "small", 11: "large"}),
        ("investment-guarantee-fund-1383", {49: "small", 50: "large"}),
        ("plan-2-1334", {19: "small", 20: "large"}),
        (
            "world-bank-es",
            {4: None, 5: "small", 19: "small", 20: "medium", 99: "medium", 100: "large"},
        ),
    ],
)
def test_head_count_limits(definition: str, cases: dict[int, str | None]) -> None:
    d = get_definition(definition)
    for persons, expected in cases.items():
        assert d.classify_values({"employees": persons}) == expected, persons


SMALL_RURAL = {"employees": 50, "capital": 500e6, "electricity_kw": 50, "floor_m2": 600}


@pytest.mark.parametrize(
    "breach",
    [{"employees": 51}, {"capital": 500e6 + 1}, {"electricity_kw": 50.5}, {"floor_m2": 601}],
)
def test_jihad_needs_all_four_criteria(breach: dict[str, float]) -> None:
    d = get_definition("jihad-sazandegi")
    assert d.classify_values(SMALL_RURAL) == "small"
    assert d.classify_values({**SMALL_RURAL, **breach}) == "other"


def test_jihad_missing_value_is_not_small() -> None:
    d = get_definition("jihad-sazandegi")
    assert d.classify_values({**SMALL_RURAL, "floor_m2": None}) == "other"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"employees": 9, "turnover": 2e6, "balance_sheet": 50e6}, "micro"),
        ({"employees": 9, "turnover": 3e6, "balance_sheet": 1e6}, "micro"),
        ({"employees": 9, "turnover": 3e6, "balance_sheet": 3e6}, "small"),
        ({"employees": 10, "turnover": 1e6, "balance_sheet": 1e6}, "small"),
        ({"employees": 249, "turnover": 60e6, "balance_sheet": 43e6}, "medium"),
        ({"employees": 249, "turnover": 60e6, "balance_sheet": 44e6}, "large"),
        ({"employees": 250, "turnover": 1e6, "balance_sheet": 1e6}, "large"),
    ],
)
def test_eu_headcount_and_either_money_test(values: dict[str, float], expected: str) -> None:
    assert get_definition("eu-2003-361").classify_values(values) == expected


def test_japan_either_criterion() -> None:
    d = get_definition("japan-sme-1973")
    assert d.classify_values({"employees": 1000, "capital": 1e8}) == "sme"
    assert d.classify_values({"employees": 300, "capital": 1e12}) == "sme"
    assert d.classify_values({"employees": 301, "capital": 1e8 + 1}) == "large"


def test_money_carries_currency_and_year() -> None:
    rule = get_definition("jihad-sazandegi").classes[0].rule
    text = rule.describe()
    assert "500,000,000 IRR of 1380" in text and "600 m²" in text


def test_unknown_id_lists_the_shipped_ones() -> None:
    with pytest.raises(DefinitionError, match="no definition 'sci'.*sci-iran"):
        get_definition("sci")
    for name in ("x" * 5000, "a\x00b"):  # no path either: still a DefinitionError, not OSError
        with pytest.raises(DefinitionError, match="no definition"):
            get_definition(name)


def test_the_minimal_user_form_is_accepted_as_written(user_definition) -> None:  # type: ignore[no-untyped-def]
    d = load_definition(user_definition)
    assert d.id == "small-under-20" and d.name["fa"] == "کوچک زیر ۲۰ نفر"
    assert d.class_names == ["small", "medium", "large"]
    assert [d.classify_values({"employees": n}) for n in (0, 19, 20, 99, 100)] == [
        "small", "small", "medium", "medium", "large",
    ]  # fmt: skip
    assert get_definition(str(user_definition)).id == "small-under-20"
