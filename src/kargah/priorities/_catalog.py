"""The comparative catalog: small-business ideas of several countries, each mapped to a center
category and product group (and so to ISIC), and the country × category matrix that shows where
each country puts its weight. Countries and ideas are shipped as ``kargah/data/priorities/*.csv``
(a source per record; what the Guilan paper does not give is marked synthetic); the categories
and product groups are the registry's catalog (``kargah.registry.catalog()``), one for Kargah."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kargah.errors import InputError
from kargah.registry import catalog
from kargah.text import normalise, yes_no

#: The regions a country may be in (the Guilan paper's three, East Asia, and Iran itself).
REGIONS = ("south_asia", "southeast_asia", "eastern_asia", "eurasia", "iran")

#: Each catalog file: its columns, the required ones first.
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "countries": (("code", "name_fa", "region"), ("name_en", "source")),
    "ideas": (("country", "category", "name_fa"),
              ("product_group", "name_en", "source", "synthetic")),
}  # fmt: skip

#: Persian headers an imported sheet may use.
HEADERS = {
    "کشور": "country", "دسته": "category", "گروه محصول": "product_group",
    "نام فارسی": "name_fa", "نام انگلیسی": "name_en", "منبع": "source", "ساختگی": "synthetic",
}  # fmt: skip
_LONGEST = 300


@dataclass(frozen=True)
class IdeaCatalog:
    """The four tables as records: countries and ideas keyed by the column names of
    :data:`COLUMNS`; the registry's categories (``code``, ``name_fa``, ``name_en``) and product
    groups (``code`` as ``category/group``, ``category``, names, ``isic`` comma-separated)."""

    countries: tuple[dict[str, Any], ...]
    categories: tuple[dict[str, Any], ...]
    product_groups: tuple[dict[str, Any], ...]
    ideas: tuple[dict[str, Any], ...]


def read_catalog(folder: str | Path | None = None) -> IdeaCatalog:
    """The catalog in ``folder`` (``countries.csv``, ``ideas.csv``; default: the one Kargah
    ships) with the registry's categories and product groups, every cell checked: one
    :class:`InputError` lists every bad cell by file, row and column."""
    shipped = resources.files("kargah") / "data" / "priorities"
    base: Any = Path(folder) if folder is not None else shipped
    problems: list[InputError] = []
    tables: dict[str, list[dict[str, Any]]] = _registry_tables()
    for name in COLUMNS:
        path = base / f"{name}.csv"
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        tables[name] = _checked(name, rows, path, problems, tables)
    if problems:
        raise InputError(
            f"{len(problems)} bad cell(s); nothing was read", file=None, problems=problems
        )
    return IdeaCatalog(**{k: tuple(v) for k, v in tables.items()})


def check_ideas(
    rows: Iterable[Mapping[str, Any]],
    file: str | Path,
    *,
    countries: Iterable[Mapping[str, Any]],
    categories: Iterable[Mapping[str, Any]],
    product_groups: Iterable[Mapping[str, Any]],
    first_row: int = 2,
    row_numbers: Sequence[int] | None = None,
) -> list[dict[str, Any]]:
    """Ideas as an imported sheet gives them (headers in English or Persian; a country, category
    or product group by its code or either name), checked against the catalog's tables: the
    records with codes, or one :class:`InputError` listing every bad cell (all or nothing).
    Rows are numbered from ``first_row``, or by ``row_numbers`` (the sheet's, where a reader
    left out blank rows)."""
    problems: list[InputError] = []
    known = {
        "countries": [dict(c) for c in countries],
        "categories": [dict(c) for c in categories],
        "product_groups": [dict(g) for g in product_groups],
    }
    renamed = [{_header(k): v for k, v in row.items()} for row in rows]
    numbers = list(row_numbers) if row_numbers is not None else None
    found = _checked("ideas", renamed, Path(file), problems, known, first_row, numbers)
    if problems:
        raise InputError(
            f"{len(problems)} bad cell(s); nothing was imported", file=file, problems=problems
        )
    return found


def _registry_tables() -> dict[str, list[dict[str, Any]]]:
    """The registry's catalog as records, as :func:`check_ideas` takes them."""
    shipped = catalog()
    return {
        "categories": [{"code": c.id, "name_fa": c.name["fa"], "name_en": c.name["en"]}
                       for c in shipped.categories],
        "product_groups": [{"code": f"{g.category}/{g.id}", "category": g.category,
                            "name_fa": g.name["fa"], "name_en": g.name["en"],
                            "isic": ",".join(g.isic)} for g in shipped.groups()],
    }  # fmt: skip


def _header(text: object) -> str:
    key = " ".join(str(text).split()).lower()
    return HEADERS.get(key, key.replace(" ", "_"))


def _checked(
    name: str,
    rows: Sequence[Mapping[str, Any]],
    path: Path,
    problems: list[InputError],
    known: Mapping[str, Sequence[Mapping[str, Any]]],
    first_row: int = 2,
    numbers: Sequence[int] | None = None,
) -> list[dict[str, Any]]:
    required, optional = COLUMNS[name]
    present = set(rows[0]) if rows else set()
    if missing := [c for c in required if c not in present]:
        has = ", ".join(sorted(str(c) for c in present)) or "no columns"
        problems.append(InputError(f"missing column(s) {', '.join(missing)}; the file has {has}",
                                   file=path))  # fmt: skip
        return []
    if not rows:
        problems.append(InputError("the file has a header but no rows", file=path))
    lookups = {table: _lookup(records) for table, records in known.items()}
    group_category = {g["code"]: g["category"] for g in known.get("product_groups", ())}
    seen: set[str] = set()
    records = []
    for index, row in enumerate(rows):
        number = numbers[index] if numbers is not None else first_row + index

        def bad(column: str, message: str, number: int = number) -> None:
            problems.append(InputError(message, file=path, row=number, column=column))

        record: dict[str, Any] = {c: _text(row.get(c)) for c in (*required, *optional)}
        for column in required:
            if not record[column]:
                bad(column, f"{column} is empty")
        for column, value in record.items():
            if len(value) > _LONGEST and column != "source":
                bad(column, f"'{value[:40]}…' is longer than {_LONGEST} characters")
        if "synthetic" in record:
            # An empty cell: not synthetic.
            flag = yes_no(record["synthetic"]) if record["synthetic"] else False
            if flag is None:
                bad("synthetic", f"'{record['synthetic']}' is not true or false")
            record["synthetic"] = bool(flag)
        if record.get("code"):
            if record["code"] in seen:
                bad("code", f"'{record['code']}' is given twice")
            seen.add(record["code"])
        if name == "countries" and record["region"] and record["region"] not in REGIONS:
            bad("region", f"'{record['region']}' is not a region: {', '.join(REGIONS)}")
        if name == "countries" and record["code"] and not re.fullmatch(r"[A-Z]{3}", record["code"]):
            bad("code", f"'{record['code']}' is not an ISO 3166 alpha-3 code")
        for column, table, what in (
            ("country", "countries", "a country of the catalog"),
            ("category", "categories", "a center category of the catalog"),
            ("product_group", "product_groups", "a product group of the catalog"),
        ):
            if record.get(column) and table in lookups:
                code = lookups[table].get(normalise(record[column]).lower())
                if code is None:
                    bad(column, f"'{record[column]}' is not {what}")
                record[column] = code or record[column]
        group, category = record.get("product_group"), record.get("category")
        if group in group_category and category and group_category[group] != category:
            bad("product_group", f"'{group}' is a product group of another category")
        records.append(record)
    return records


def _lookup(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """A record's code by its code or either name, compared normalised and case-blind."""
    found: dict[str, str] = {}
    for r in records:
        for key in (r.get("name_en"), r.get("name_fa"), r["code"]):
            if key:
                found[normalise(str(key)).lower()] = r["code"]
    return found


def _text(value: object) -> str:
    if value is None or value != value:  # None or NaN (an empty spreadsheet cell)
        return ""
    return " ".join(str(value).split())


@dataclass
class CategoryMatrix:
    """Ideas counted by row (country or region) and center category. ``shares_[row][column]`` is
    the row's share of its ideas in the category (rows sum to 1): where each puts its weight;
    ``column_shares_[row][column]`` the category's share held by the row (columns sum to 1);
    ``relative_[row][column]`` the row's share over the category's share of all ideas — a
    location quotient of ideas: above 1, the row leans to the category more than the whole set."""

    rows: list[str]
    columns: list[str]
    counts_: dict[str, dict[str, int]] = field(default_factory=dict)
    shares_: dict[str, dict[str, float]] = field(default_factory=dict)
    column_shares_: dict[str, dict[str, float]] = field(default_factory=dict)
    relative_: dict[str, dict[str, float]] = field(default_factory=dict)
    row_totals_: dict[str, int] = field(default_factory=dict)
    column_totals_: dict[str, int] = field(default_factory=dict)

    def records(self) -> list[dict[str, Any]]:
        """One record per cell: ``row``, ``column``, ``count``, ``share``, ``column_share``,
        ``relative`` (for a heat-map or a long table)."""
        return [
            {"row": r, "column": c, "count": self.counts_[r][c], "share": self.shares_[r][c],
             "column_share": self.column_shares_[r][c], "relative": self.relative_[r][c]}
            for r in self.rows for c in self.columns
        ]  # fmt: skip

    def top(self, row: str) -> str | None:
        """The category where the row puts most of its weight (None when it has no idea)."""
        counts = self.counts_[row]
        best = max(self.columns, key=lambda c: counts[c], default=None)
        return best if best is not None and counts[best] else None


def category_matrix(
    ideas: Iterable[Mapping[str, Any]],
    by: str = "country",
    rows: Sequence[str] | None = None,
    columns: Sequence[str] | None = None,
) -> CategoryMatrix:
    """Count ``ideas`` (records with ``by`` — ``country`` or ``region`` — and ``category``) into
    a :class:`CategoryMatrix`; ``rows``/``columns`` fix the order and keep empty ones."""
    ideas = list(ideas)
    for number, idea in enumerate(ideas, start=1):
        for key in (by, "category"):
            if not idea.get(key):
                raise InputError(f"{key} is empty", row=number, column=key)
    row_keys = list(rows) if rows is not None else sorted({str(i[by]) for i in ideas})
    col_keys = list(columns) if columns is not None else sorted({str(i["category"]) for i in ideas})
    counts = {r: dict.fromkeys(col_keys, 0) for r in row_keys}
    for idea in ideas:
        r, c = str(idea[by]), str(idea["category"])
        if r in counts and c in counts[r]:
            counts[r][c] += 1
    row_totals = {r: sum(counts[r].values()) for r in row_keys}
    col_totals = {c: sum(counts[r][c] for r in row_keys) for c in col_keys}
    shares = {r: {c: _share(counts[r][c], row_totals[r]) for c in col_keys} for r in row_keys}
    overall = {c: _share(col_totals[c], sum(row_totals.values())) for c in col_keys}
    return CategoryMatrix(
        rows=row_keys,
        columns=col_keys,
        counts_=counts,
        shares_=shares,
        column_shares_={
            r: {c: _share(counts[r][c], col_totals[c]) for c in col_keys} for r in row_keys
        },
        relative_={
            r: {c: shares[r][c] / overall[c] if overall[c] else 0.0 for c in col_keys}
            for r in row_keys
        },
        row_totals_=row_totals,
        column_totals_=col_totals,
    )


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
