"""Workshop records as a registry imports them: every cell checked, every problem reported by
file, row and column, and nothing imported unless all rows are good."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kargah.errors import InputError
from kargah.registry._catalog import catalog
from kargah.registry._geography import counties, provinces
from kargah.text import normalise, yes_no

if TYPE_CHECKING:
    import pandas as pd

OWNERSHIP = {
    "private": "private", "خصوصی": "private",
    "cooperative": "cooperative", "تعاونی": "cooperative",
    "public": "public", "دولتی": "public", "عمومی": "public",
}  # fmt: skip
#: Iran lies within these: a coordinate outside is a typo (or latitude and longitude swapped).
LATITUDE, LONGITUDE = (25.0, 40.0), (44.0, 64.0)
#: The largest value each count or amount may take: beyond is a typo or a unit mixed up (and
#: would not fit the database's columns). The import and the site's edit form both use these.
MAXIMA = {
    "employees": 1_000_000, "capital": 1e18, "electricity_kw": 1e7, "floor_m2": 1e8,
    "capacity": 1e15,
}  # fmt: skip
#: The longest text each column takes (for processes and materials: each item), in characters,
#: as the site's database columns hold it: longer is refused with its row and column, not cut.
LENGTHS = {
    "workshop_id": 40, "name_fa": 200, "name_en": 200, "city": 80, "owner": 150,
    "processes": 200, "materials": 200,
}  # fmt: skip
MAX_PROBLEMS = 100
#: Between the product groups, processes or materials of one cell.
SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    parse: Callable[[Any], Any]
    help: str


def idle_capacity(capacity: float | None, utilisation: float | None) -> float | None:
    """The part of capacity not in use: capacity × (1 − utilisation).

    >>> idle_capacity(1000, 0.7)
    300.0
    """
    if capacity is None or utilisation is None:
        return None
    return round(capacity * (1 - utilisation), 6)


def validate_workshops(
    cells: pd.DataFrame, path: str | Path | None = None, *, province: str | None = None
) -> pd.DataFrame:
    """Check an import file's cells (as :func:`kargah.tables.read_cells` gives them) and return
    the workshops with clean types, plus ``idle_capacity``. Raises one :class:`InputError`
    listing every bad cell (up to 100); a file with any bad cell imports nothing."""
    import pandas as pd

    columns = _columns(province)
    headers = {normalise(h).replace(" ", "_"): h for h in cells.columns}
    problems: list[InputError] = []
    missing = [c.name for c in columns if c.required and c.name not in headers]
    if "name_fa" not in headers and "name_en" not in headers:
        missing.append("name_fa or name_en")
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}; "
            f"the file has {', '.join(map(str, cells.columns))}",
            file=path,
        )
    out: dict[str, list[Any]] = {}
    for column in columns:
        header = headers.get(column.name)
        if header is None:
            continue
        values: list[Any] = []
        for row, cell in cells[header].items():
            empty = (
                cell is None
                or (isinstance(cell, float) and cell != cell)
                or str(cell).strip() == ""
            )
            if empty:
                if column.required:
                    _report(problems, f"{column.name} is empty ({column.help})", path, row, header)
                values.append(None)
                continue
            try:
                values.append(column.parse(cell))
            except ValueError as error:
                _report(problems, f"'{cell}' {error}", path, row, header)
                values.append(None)
        out[column.name] = values
    if "province" in out and "county" in out:
        _check_places(cells, headers, out, problems, path)
    if problems:
        problems.sort(key=lambda p: p.row or 0)  # as a person reads the file: row by row
        raise InputError(
            f"{len(problems)} bad cell(s); nothing was imported", file=path, problems=problems
        )
    frame = pd.DataFrame(out, index=cells.index)
    if province is not None:  # the file is checked as this province's: it is
        frame["province"] = frame["province"].fillna(province) if "province" in frame else province
    if "synthetic" in frame:
        frame["synthetic"] = frame["synthetic"].fillna(False).astype(bool)  # empty: a real one
    frame["idle_capacity"] = [
        idle_capacity(c, u)
        for c, u in zip(
            frame.get("capacity", [None] * len(frame)),
            frame.get("utilisation", [None] * len(frame)),
            strict=True,
        )
    ]
    return frame


def _columns(province: str | None) -> list[Column]:
    from kargah.branches import is_valid
    from kargah.tables import is_jalali, parse_number

    regions = {normalise(p.en): p.en for p in provinces()}
    regions.update({normalise(p.fa): p.en for p in provinces()})
    places = {normalise(c.en): c.en for c in counties(province)}
    places.update({normalise(c.fa): c.en for c in counties(province)})
    groups = {f"{g.category}/{g.id}" for g in catalog().groups()}

    def number(low: float = 0, high: float | None = None) -> Callable[[Any], float]:
        def parse(cell: Any) -> float:
            try:
                value = parse_number(cell)
            except ValueError:
                raise ValueError("is not a number") from None
            if value is None or not math.isfinite(value):
                raise ValueError("is not a number")
            if value < 0 <= low:
                raise ValueError("is negative")
            if value < low or (high is not None and value > high):
                raise ValueError(f"is outside {_show(low)}–{_show(high or math.inf)}")
            return value

        return parse

    def whole(cell: Any, high: float | None = None) -> int:
        value = number(0, high)(cell)
        if not float(value).is_integer():
            raise ValueError("is not a whole number of persons")
        return int(value)

    def isic(cell: Any) -> str:
        code = normalise(cell)
        if not is_valid(code, "isic4"):
            raise ValueError("is not an ISIC Rev.4 code")
        return code

    def county(cell: Any) -> str:
        found = places.get(normalise(cell))
        if found is None:
            where = f" of {province}" if province else ""
            raise ValueError(f"is not a county{where} (fa or en names, e.g. Rasht / رشت)")
        return found

    def ownership(cell: Any) -> str:
        found = OWNERSHIP.get(normalise(cell))
        if found is None:
            raise ValueError(
                "is not an ownership: private, cooperative or public (خصوصی، تعاونی، دولتی)"
            )
        return found

    def group(cell: Any) -> str:
        key = normalise(cell)
        if key not in groups:
            raise ValueError(
                "is not a product group of the catalog (category/group, e.g. food/tea)"
            )
        return key

    def province_of(cell: Any) -> str:
        found = regions.get(normalise(cell))
        if found is None or (province is not None and found != province):
            raise ValueError(f"is not {province}" if province else "is not a province of Iran")
        return found

    def groups_of(cell: Any) -> str:
        return SEPARATOR.join(group(part) for part in str(cell).split(SEPARATOR) if part.strip())

    def flag(cell: Any) -> bool:
        found = yes_no(cell)
        if found is None:
            raise ValueError("is not true or false (yes/no, 1/0, بله/خیر)")
        return found

    def year(cell: Any) -> int:
        value = whole(cell)
        if not (1250 <= value <= 1500 if is_jalali(value) else 1870 <= value <= 2100):
            raise ValueError("is not a founding year (Jalali 1250–1500 or Gregorian 1870–2100)")
        return value

    def share(cell: Any) -> float:
        value = number(0, 100)(cell)
        return value / 100 if value > 1 else value  # 70 and 0.7 both mean 70%

    def text(cell: Any) -> str:
        return " ".join(str(cell).split())

    def short(column: str) -> Callable[[Any], str]:
        def parse(cell: Any) -> str:
            value = text(cell)
            items = value.split(SEPARATOR) if column in ("processes", "materials") else [value]
            if any(len(item.strip()) > LENGTHS[column] for item in items):
                raise ValueError(f"is longer than {LENGTHS[column]} characters")
            return value

        return parse

    return [
        Column("workshop_id", False, short("workshop_id"), "an identifier"),
        Column("name_fa", False, short("name_fa"), "name in Persian"),
        Column("name_en", False, short("name_en"), "name in English"),
        Column("isic", True, isic, "ISIC Rev.4 code of the main activity"),
        Column("product_group", False, group, "catalog product group"),
        Column("county", True, county, "county"),
        Column("city", False, short("city"), "city"),
        Column("latitude", False, number(*LATITUDE), "latitude"),
        Column("longitude", False, number(*LONGITUDE), "longitude"),
        Column("ownership", False, ownership, "private, cooperative or public"),
        Column("employees", True, lambda c: whole(c, MAXIMA["employees"]), "persons engaged"),
        Column("capital", False, number(0, MAXIMA["capital"]), "capital in rials"),
        Column("electricity_kw", False, number(0, MAXIMA["electricity_kw"]), "electricity in kW"),
        Column("floor_m2", False, number(0, MAXIMA["floor_m2"]), "floor area in m²"),
        Column("founded", False, year, "founding year"),
        Column("capacity", False, number(0, MAXIMA["capacity"]), "capacity per month"),
        Column("utilisation", False, share, "share of capacity in use"),
        Column("certifications", False, text, "certificates, separated by ';'"),
        Column("processes", False, short("processes"), "processes it does, separated by ';'"),
        Column("materials", False, short("materials"), "materials it works, separated by ';'"),
        # The full export's columns (kargah.web's registry), so that it imports back whole.
        Column("province", False, province_of, "province"),
        Column("product_groups", False, groups_of, "catalog product groups, separated by ';'"),
        Column("synthetic", False, flag, "made up for a demo: true or false"),
        Column("contact", False, str, "private contact"),
        Column("owner", False, short("owner"), "the owner's user name"),
        Column("history", False, _history, "the edits, as JSON (as the full export writes it)"),
    ]


def _history(cell: Any) -> str:
    """A workshop's history as the full export writes it: a JSON list of edits, each with
    its time and the values before and after."""
    import json
    from datetime import datetime

    try:
        changes = json.loads(str(cell))
        assert isinstance(changes, list)
        for change in changes:
            assert isinstance(change["before"], dict) and isinstance(change["after"], dict)
            datetime.fromisoformat(change["at"])
    except (ValueError, AssertionError, KeyError, TypeError):
        raise ValueError("is not a history as the full export writes it (JSON)") from None
    return json.dumps(changes, ensure_ascii=False)


def _check_places(
    cells: pd.DataFrame,
    headers: dict[str, Any],
    out: dict[str, list[Any]],
    problems: list[InputError],
    path: Any,
) -> None:
    """Each row's county lies in that row's province."""
    for row, region, county in zip(cells.index, out["province"], out["county"], strict=True):
        if region and county and county not in {c.en for c in counties(region)}:
            _report(problems, f"'{county}' is not a county of {region}", path, row,
                    headers["county"])  # fmt: skip


def _show(bound: float) -> str:
    return f"{bound:,.0f}" if float(bound).is_integer() and bound < 1e9 else f"{bound:g}"


def check_value(column: str, value: Any, *, province: str | None = None) -> Any:
    """One value of a workshop checked as the import checks its column's cells (the same types,
    bounds and codes): returns it clean, or raises :class:`InputError` naming the column. The
    site's edit form calls this, so what the import refuses the form refuses too.

    >>> check_value("latitude", 37.2)
    37.2
    >>> check_value("employees", "1e30")
    Traceback (most recent call last):
    kargah.errors.InputError: column 'employees': '1e30' is outside 0–1,000,000
    """
    found = {c.name: c for c in _columns(province)}.get(column)
    if found is None:
        raise InputError(f"not a workshop column: {column}")
    try:
        return found.parse(value)
    except ValueError as error:
        raise InputError(f"'{value}' {error}", column=column) from None


def _report(problems: list[InputError], message: str, path: Any, row: Any, column: str) -> None:
    if len(problems) < MAX_PROBLEMS:
        problems.append(InputError(message, file=path, row=int(row), column=str(column)))


def import_columns() -> list[str]:
    """The columns a workshop import reads; a file's other columns are left out (and the site
    says so before the import, naming the closest of these for a misspelt one)."""
    return [column.name for column in _columns(None)]
