"""The matcher: hard filters through the hierarchy, a score whose parts are worked out here by
hand, the reasons in both languages, and the weights as settings."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kargah.errors import OptionError
from kargah.exchange import WEIGHTS, Matcher, Need

TODAY = date(2026, 11, 27)


def a_need(**changes: Any) -> Need:
    data: dict[str, Any] = {
        "description": "shafts", "processes": ["machining"], "materials": ["metal.steel"],
        "monthly_quantity": 500, "start": "2027-01-01", "end": "2027-06-30",
        "deadline": "2026-12-20", "county": "Rasht",
    }  # fmt: skip
    data.update(changes)
    return Need.from_dict(data, TODAY)


def workshops(*rows: dict[str, Any]) -> dict[str, list[Any]]:
    base = {"processes": ["machining.cnc-turning"], "materials": ["metal.steel"],
            "certifications": [], "county": "Rasht", "latitude": None, "longitude": None,
            "employees": 12, "idle": 1000.0, "active": True, "firm": None, "completed": 0,
            "rating": None, "on_time": None}  # fmt: skip
    full = [{**base, "workshop_id": i, **row} for i, row in enumerate(rows, 1)]
    return {name: [r[name] for r in full] for name in full[0]}


def ids(matcher: Matcher) -> list[int]:
    return [m.workshop_id for m in matcher.matches_]


def test_a_need_for_a_family_is_met_by_its_members_not_the_reverse() -> None:
    table = workshops(
        {},
        {"processes": ["machining"]},
        {"processes": ["welding.tig"]},
        {"materials": ["metal.steel.stainless"]},
        {"materials": ["metal"]},
    )
    assert ids(Matcher().match(a_need(), table)) == [1, 2, 4]
    turning = a_need(processes=["machining.cnc-turning"])
    assert sorted(ids(Matcher().match(turning, table))) == [1, 4]  # generic machining: no


@pytest.mark.parametrize(
    ("row", "need"),
    [
        ({"active": False}, {}),
        ({"firm": "Iran Khodro"}, {"firm": "Iran Khodro"}),
        ({"certifications": ["haccp"]}, {"certifications": ["iso-9001"]}),
    ],
)
def test_hard_filters(row: dict[str, Any], need: dict[str, Any]) -> None:
    matched = Matcher().match(a_need(**need), workshops(row, {"certifications": ["iso-9001"]}))
    assert ids(matched) == [2]


def test_the_score_is_the_weighted_parts() -> None:
    """One workshop, every part worked out by hand."""
    table = workshops({
        "processes": ["machining.cnc-turning", "welding.tig"], "materials": ["metal.steel"],
        "latitude": 37.28, "longitude": 49.58, "employees": 60, "idle": 250.0,
        "completed": 5, "rating": 4.0, "on_time": 0.9,
    })  # fmt: skip
    match = Matcher().match(a_need(latitude=37.28, longitude=49.58, size="small"), table)
    (found,) = match.matches_
    parts = {r.code: r.value for r in found.reasons}
    assert parts["capability"] == pytest.approx(2 / 3)  # 2 of its 3 processes and materials
    assert parts["capacity"] == pytest.approx(0.5)  # 250 idle for 500 asked
    assert parts["distance"] == pytest.approx(1.0)  # at the delivery place
    assert parts["size"] == pytest.approx(0.5)  # medium, small asked: the band next to it
    assert parts["performance"] == pytest.approx(0.4 * 0.75 + 0.4 * 0.9 + 0.2 * 0.5)
    expected = sum(WEIGHTS[k] * parts[k] for k in WEIGHTS) / sum(WEIGHTS.values())
    assert found.score == pytest.approx(expected)
    assert found.distance_km == pytest.approx(0.0) and found.idle_capacity == 250.0


def test_best_first_and_ties_by_id() -> None:
    table = workshops({"idle": 100.0}, {"idle": 1000.0}, {"idle": 1000.0}, {"idle": None})
    assert ids(Matcher().match(a_need(), table)) == [2, 3, 1, 4]
    assert ids(Matcher(top=2).match(a_need(), table)) == [2, 3]


def test_nearer_is_better_and_the_distance_is_said() -> None:
    table = workshops({"county": "Astara"}, {"county": "Rasht"}, {"county": "Tehran"})
    found = Matcher().match(a_need(), table).matches_
    assert [m.workshop_id for m in found] == [2, 1, 3]
    assert 0 < found[1].distance_km < found[2].distance_km  # type: ignore[operator]


def test_reasons_in_both_languages() -> None:
    found = Matcher().match(a_need(), workshops({"idle": 600.0})).matches_[0]
    english = [r.text("en") for r in found.reasons]
    persian = [r.text("fa") for r in found.reasons]
    assert any("600 units a month idle for 500" in t for t in english)
    assert any("Machining (CNC turning)" in t for t in english)
    assert any("۶۰۰ واحد در ماه" in t for t in persian)
    assert any("ماشین‌کاری (تراشکاری CNC)" in t for t in persian)
    assert any("no linkage yet" in t for t in english)
    assert Matcher().match(a_need(), workshops({})).as_dict("fa")["matches"][0]["reasons"]


def test_weights_change_the_order_and_are_checked() -> None:
    table = workshops({"county": "Tehran", "idle": 5000.0}, {"county": "Rasht", "idle": 50.0})
    assert ids(Matcher().match(a_need(), table))[0] == 1
    assert ids(Matcher(weights={"distance": 5}).match(a_need(), table))[0] == 2
    with pytest.raises(OptionError, match="not a part"):
        Matcher(weights={"beauty": 1}).match(a_need(), table)
    with pytest.raises(OptionError):
        Matcher(weights={k: 0 for k in WEIGHTS}).match(a_need(), table)


def test_as_dict_has_the_issue_s_shape() -> None:
    out = Matcher().match(a_need(), workshops({}, {})).as_dict()
    assert list(out) == ["matches"]
    assert set(out["matches"][0]) == {"workshop_id", "score", "reasons", "distance_km",
                                      "idle_capacity"}  # fmt: skip
