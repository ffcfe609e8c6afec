"""A need checked field by field: each bad value the issue names is refused with a message
naming its field; good ones come back clean (codes, county names, Jalali dates)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from kargah.errors import InputError
from kargah.exchange import Need, read_need

TODAY = date(2026, 11, 27)
ROOT = Path(__file__).resolve().parents[2]


def need(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "description": "Turned steel shafts",
        "processes": ["machining"],
        "materials": ["metal.steel"],
        "monthly_quantity": 500,
        "start": "2027-01-01",
        "end": "2027-06-30",
        "deadline": "2026-12-20",
        "county": "Rasht",
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"processes": ["machining.laser-cutting"]}, "processes", "not a code"),
        ({"materials": ["unobtainium"]}, "materials", "not a code"),
        ({"certifications": ["iso-9999"]}, "certifications", "not a code"),
        ({"monthly_quantity": -5}, "monthly_quantity", "not a positive"),
        ({"monthly_quantity": "many"}, "monthly_quantity", "not a number"),
        ({"deadline": "2026-11-01"}, "deadline", "in the past"),
        ({"latitude": 48.86, "longitude": 2.35}, "latitude", "outside Iran"),
        ({"latitude": 33.3, "longitude": 44.4}, "latitude", "outside Iran"),  # Baghdad
        ({"county": "Paris"}, "county", "not a county"),
        ({"county": "", "latitude": None}, "county", "delivery place"),
        ({"processes": []}, "processes", "empty"),
        ({"end": "2026-12-01"}, "end", "before the start"),
        ({"size": "huge"}, "size", "not one of"),
        ({"visibility": "secret"}, "visibility", "not one of"),
        ({"isic": "9999"}, "isic", "ISIC"),
        ({"product_group": "food/caviar-bars"}, "product_group", "catalog"),
        ({"colour": "red"}, "colour", "not a field"),
        ({"start": "next week"}, "start", "not a date"),
    ],
)
def test_a_bad_field_is_refused_by_name(changes: dict, field: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        Need.from_dict(need(**changes), TODAY)
    assert caught.value.column == field and words in caught.value.message, caught.value


def test_a_good_need_comes_back_clean() -> None:
    checked = Need.from_dict(
        need(county="رشت", processes="machining.cnc-turning; welding", start="1405-10-11",
             certifications=["iso-9001"], size="Small"),
        TODAY,
    )  # fmt: skip
    assert checked.county == "Rasht"
    assert checked.processes == ("machining.cnc-turning", "welding")
    assert checked.start == date(2027, 1, 1)  # 11 Dey 1405
    assert checked.size == "small" and checked.visibility == "public"
    assert checked.place() is not None
    assert Need.from_dict(checked.as_dict(), TODAY) == checked


def test_the_deadline_may_be_today() -> None:
    assert Need.from_dict(need(deadline=TODAY.isoformat()), TODAY).deadline == TODAY


def test_a_harbour_on_the_coast_is_in_iran() -> None:
    for latitude, longitude in ((37.47, 49.46), (27.18, 56.27), (26.53, 53.98)):  # Anzali,
        Need.from_dict(need(latitude=latitude, longitude=longitude), TODAY)  # Bandar Abbas, Kish


def test_read_need_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(need(monthly_quantity=-1)), encoding="utf-8")
    with pytest.raises(InputError, match=r"request.json, column 'monthly_quantity'"):
        read_need(path, TODAY)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="is not JSON"):
        read_need(path, TODAY)


def test_the_documented_example_is_a_good_request() -> None:
    """docs/exchange.md's REQUEST.json example is read as a need (the docs cannot go stale)."""
    text = (ROOT / "docs" / "exchange.md").read_text(encoding="utf-8")
    found = re.search(r"## Request schema.*?```json\n(.*?)```", text, re.S)
    assert found, "docs/exchange.md has no REQUEST.json example under 'Request schema'"
    example = json.loads(found.group(1))
    checked = Need.from_dict(example, date.fromisoformat(example["deadline"]))
    assert checked.processes and checked.monthly_quantity > 0
