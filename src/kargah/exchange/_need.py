"""A buyer's need, as the site's form and ``REQUEST.json`` give it, checked field by field: a
bad value raises :class:`~kargah.errors.InputError` naming the field (as ``column``)."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kargah.errors import InputError
from kargah.exchange._nomenclature import Nomenclature, nomenclature
from kargah.exchange._place import county_location, county_name, in_iran

SIZES = ("micro", "small", "medium", "any")
VISIBILITY = ("public", "invite")
#: Lists of codes and the nomenclature kind each is checked against.
CODED = {"processes": "processes", "materials": "materials", "certifications": "certifications"}
#: The largest monthly quantity taken: beyond is a typo or a unit mixed up.
MAX_QUANTITY = 1e15


@dataclass(frozen=True, kw_only=True)
class Need:
    """What a buyer asks for. Codes are the nomenclature's; ``county`` is the registry's
    English county name; ``firm`` is the buyer's firm, whose own workshops are never matched."""

    description: str
    isic: str = ""
    product_group: str = ""
    processes: tuple[str, ...]
    materials: tuple[str, ...] = ()
    monthly_quantity: float
    start: date
    end: date
    county: str = ""
    latitude: float | None = None
    longitude: float | None = None
    certifications: tuple[str, ...] = ()
    size: str = "any"
    visibility: str = "public"
    deadline: date
    firm: str = ""

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        today: date | None = None,
        *,
        terms: Nomenclature | None = None,
        file: str | Path | None = None,
    ) -> Need:
        """Check every field (unknown codes, a negative quantity, a deadline in the past, a
        delivery place outside Iran…) and return the need; the first bad field raises."""
        terms = terms or nomenclature()
        today = today or date.today()
        if not isinstance(data, dict):
            raise InputError("a need is a JSON object of its fields", file=file)

        def bad(name: str, message: str) -> InputError:
            return InputError(message, file=file, column=name)

        unknown = sorted(set(data) - set(cls.__dataclass_fields__))
        if unknown:
            raise bad(unknown[0], f"not a field of a need (fields: {', '.join(FIELDS)})")
        text = {name: _text(data.get(name)) for name in ("description", "isic", "product_group",
                                                        "firm", "county")}  # fmt: skip
        if not text["description"]:
            raise bad("description", "is empty: say what is needed")
        if text["isic"]:
            from kargah.branches import is_valid

            if not is_valid(text["isic"], "isic4"):
                raise bad("isic", f"'{text['isic']}' is not an ISIC Rev.4 code")
        if text["product_group"]:
            from kargah.registry import catalog

            groups = {f"{g.category}/{g.id}" for g in catalog().groups()}
            if text["product_group"] not in groups:
                raise bad("product_group", f"'{text['product_group']}' is not a product group "
                          "of the catalog (category/group, e.g. food/tea)")  # fmt: skip
        coded = {}
        for name, kind in CODED.items():
            codes = _codes(data.get(name), name, file)
            for code in codes:
                if terms.term(kind, code) is None:
                    found = terms.resolve(kind, code)
                    hint = f" (did you mean '{found}'?)" if found else ""
                    raise bad(name, f"'{code}' is not a code of the {kind} nomenclature{hint}")
            coded[name] = codes
        if not coded["processes"]:
            raise bad("processes", "is empty: name at least one process")
        quantity = _number(data.get("monthly_quantity"), "monthly_quantity", file)
        if quantity is None:
            raise bad("monthly_quantity", "is empty: how many units a month")
        if quantity <= 0:
            raise bad("monthly_quantity", f"{quantity:g} is not a positive quantity")
        if quantity > MAX_QUANTITY:
            raise bad("monthly_quantity", f"{quantity:g} is more than {MAX_QUANTITY:g}")
        dates = {name: _date(data.get(name), name, file) for name in ("start", "end", "deadline")}
        for name, value in dates.items():
            if value is None:
                raise bad(name, "is empty: a date, e.g. 2026-12-01 (or Jalali 1405-09-10)")
        start, end, deadline = dates["start"], dates["end"], dates["deadline"]
        assert start is not None and end is not None and deadline is not None
        if end < start:
            raise bad("end", f"{end} is before the start, {start}")
        if deadline < today:
            raise bad("deadline", f"{deadline} is in the past (today is {today})")
        county = ""
        if text["county"]:
            county = county_name(text["county"]) or ""
            if not county:
                raise bad("county", f"'{text['county']}' is not a county of Iran "
                          "(fa or en names, e.g. Rasht / رشت)")  # fmt: skip
        latitude = _number(data.get("latitude"), "latitude", file)
        longitude = _number(data.get("longitude"), "longitude", file)
        if (latitude is None) != (longitude is None):
            name = "longitude" if longitude is None else "latitude"
            raise bad(name, "is empty: give both latitude and longitude, or neither")
        if latitude is not None and longitude is not None:
            if not in_iran(latitude, longitude):
                raise bad("latitude", f"{latitude:g}, {longitude:g} is outside Iran "
                          "(latitude and longitude swapped?)")  # fmt: skip
        elif not county:
            raise bad("county", "is empty: give the delivery place (a county, or coordinates)")
        size = _choice(data.get("size"), SIZES, "size", file, "any")
        visibility = _choice(data.get("visibility"), VISIBILITY, "visibility", file, "public")
        return cls(
            description=text["description"],
            isic=text["isic"],
            product_group=text["product_group"],
            processes=coded["processes"],
            materials=coded["materials"],
            monthly_quantity=quantity,
            start=start,
            end=end,
            county=county,
            latitude=latitude,
            longitude=longitude,
            certifications=coded["certifications"],
            size=size,
            visibility=visibility,
            deadline=deadline,
            firm=text["firm"],
        )

    def place(self) -> tuple[float, float] | None:
        """The delivery place as (latitude, longitude): the coordinates, else the county's."""
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        return county_location(self.county)

    def as_dict(self) -> dict[str, Any]:
        """The need as ``REQUEST.json`` holds it (dates as ISO text, lists as lists)."""
        out = asdict(self)
        for name, value in out.items():
            if isinstance(value, date):
                out[name] = value.isoformat()
            elif isinstance(value, tuple):
                out[name] = list(value)
        return out


FIELDS = tuple(Need.__dataclass_fields__)


def read_need(path: str | Path, today: date | None = None) -> Need:
    """A need from a ``REQUEST.json`` file; a bad field raises an error naming the file and it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"is not JSON ({error})", file=path) from None
    return Need.from_dict(data, today, file=path)


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _codes(value: Any, name: str, file: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = value.replace("،", ",").replace(";", ",").split(",")
    if not isinstance(value, list | tuple):
        raise InputError("is not a list of codes", file=file, column=name)
    codes = [_text(v) for v in value]
    return tuple(dict.fromkeys(c for c in codes if c))  # once each, in the order given


def _number(value: Any, name: str, file: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InputError(f"{value} is not a number", file=file, column=name)
    try:
        if isinstance(value, str):
            from kargah.tables import parse_number

            parsed = parse_number(value)
        else:
            parsed = float(value)
    except (TypeError, ValueError):
        raise InputError(f"'{value}' is not a number", file=file, column=name) from None
    if parsed is None or not math.isfinite(parsed):
        raise InputError(f"'{value}' is not a number", file=file, column=name)
    return parsed


def _date(value: Any, name: str, file: Any) -> date | None:
    """ISO dates, Gregorian or Jalali (a year below 1700 is Jalali, as elsewhere in Kargah)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        from kargah.text import ascii_digits

        year, month, day = (int(p) for p in ascii_digits(str(value)).strip().split("-"))
        if year < 1700:
            from persiantools.jdatetime import JalaliDate

            return JalaliDate(year, month, day).to_gregorian()
        return date(year, month, day)
    except (TypeError, ValueError):
        raise InputError(
            f"'{value}' is not a date (YYYY-MM-DD, Gregorian or Jalali)", file=file, column=name
        ) from None


def _choice(value: Any, allowed: tuple[str, ...], name: str, file: Any, default: str) -> str:
    text = _text(value).lower() or default
    if text not in allowed:
        raise InputError(f"'{value}' is not one of {', '.join(allowed)}", file=file, column=name)
    return text
