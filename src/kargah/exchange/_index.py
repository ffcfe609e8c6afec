"""The candidate index: the tables that let a database hand the matcher a few hundred workshops
out of two million, and the search that pages through them until the top is exact.

Two tables (their names in :class:`SiteTables`; the site's are Django tables of
``kargah.web.exchange``, the CLI's and the benchmark's an SQLite file made by
:func:`build_index`):

- ``exchange_profile``: one row per workshop — ``workshop_id`` (primary key), ``processes``,
  ``materials``, ``certifications`` (codes joined by ';'), ``county``, ``latitude``,
  ``longitude``, ``employees``, ``idle``, ``active``, ``firm``, ``completed``, ``rating``,
  ``on_time``: the matcher's columns.
- ``exchange_profilecode``: one row per active workshop and code it offers *or any code above
  it* (kind-prefixed: ``p:machining``, ``m:metal.steel``, ``c:iso-9001``), with the figures the
  score's upper bound needs (``latitude``, ``longitude``, ``idle``, ``employees``,
  ``performance``); keyed (or indexed, covering) by ``(code, workshop_id)``.

Because every ancestor is indexed, "machining" is one equality lookup that finds CNC turners.
:func:`candidates_query` scans the rows of one asked code (the rarest), joins the other asked
codes on the key, and orders by an upper bound of the score computed in SQL; the search
(:mod:`kargah.exchange._search`) reads it ring by ring and layer by layer until the top is exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kargah.errors import OptionError
from kargah.exchange._matcher import WEIGHTS, performance_part, profiles
from kargah.exchange._nomenclature import Nomenclature
from kargah.exchange._place import EARTH_KM, county_location

if TYPE_CHECKING:
    from kargah.exchange._need import Need

PREFIX = {"processes": "p:", "materials": "m:", "certifications": "c:"}
PROFILE_COLUMNS = (
    "workshop_id", "processes", "materials", "certifications", "county", "latitude",
    "longitude", "employees", "idle", "active", "firm", "completed", "rating", "on_time",
)  # fmt: skip
CODE_COLUMNS = ("code", "layer", "cell", "workshop_id", "latitude", "longitude", "idle",
                "employees", "performance", "under", "offered")  # fmt: skip
#: The grid of the index, in degrees: the search reads the cells around the delivery place
#: first, and farther rings only while a workshop there could still enter the top.
CELL = 0.5
#: The cell of a workshop whose place is unknown: read with the first ring, always.
NOWHERE = -1
#: Each code's rows are split in layers by size band (micro, small, medium, large, unknown),
#: by whether the workshop has completed linkages, and by its idle capacity (0 or unknown, then
#: doubling buckets: below 2, 2–4, 4–8, …): a layer's workshops share a ceiling of their size,
#: performance and capacity parts, so layers that cannot beat the top are not read, or not far.
BANDS = 5
IDLE_BUCKETS = 24
LAYERS = BANDS * 2 * IDLE_BUCKETS
#: The first ring's radius; each next ring's is twice as wide.
FIRST_RING_KM = 50.0
#: Iran lies below 40° N, where a degree of longitude is at least cos 40.5° of a degree of
#: latitude; the 0.9 leaves room for the great circle being shorter than the parallel.
LONGITUDE_FACTOR = math.cos(math.radians(40.5))
SAFETY = 0.9
#: The first page of candidates read; each next page is twice as long.
FIRST_PAGE = 100


@dataclass(frozen=True)
class SiteTables:
    """The index's table names and the DB-API placeholder: ``%s`` for Django's cursors (on
    SQLite and PostgreSQL alike), ``?`` for :mod:`sqlite3`. The defaults are the names Django
    gives models ``Profile`` and ``ProfileCode`` of the site's app ``exchange``
    (``kargah.web.exchange``); :func:`index_ddl` gives their columns."""

    profile: str = "exchange_profile"
    codes: str = "exchange_profilecode"
    placeholder: str = "%s"


def index_codes(processes: Any, materials: Any, certifications: Any) -> list[str]:
    """The kind-prefixed codes a workshop is indexed under: each offered code and its
    ancestors, once each."""
    out: dict[str, None] = {}
    for kind, codes in (("processes", processes), ("materials", materials),
                        ("certifications", certifications)):  # fmt: skip
        for code in _split(codes):
            parts = code.split(".")
            for i in range(len(parts), 0, -1):
                out[PREFIX[kind] + ".".join(parts[:i])] = None
    return list(out)


def _code_rows(processes: Any, materials: Any, certifications: Any) -> tuple[dict[str, int], int]:
    """Each code a workshop is indexed under with how many of its processes and materials lie
    under it (``under``; 0 for a certification), and how many it offers in all: what the
    capability part's bound is made of."""
    under: dict[str, int] = {}
    offered = 0
    for kind, codes in (("processes", processes), ("materials", materials),
                        ("certifications", certifications)):  # fmt: skip
        for code in dict.fromkeys(_split(codes)):
            counted = kind != "certifications"
            offered += counted
            parts = code.split(".")
            for i in range(len(parts), 0, -1):
                key = PREFIX[kind] + ".".join(parts[:i])
                under[key] = under.get(key, 0) + counted
    return under, offered


def cell_of(latitude: float | None, longitude: float | None) -> int:
    """The grid cell of a place (:data:`NOWHERE` when unknown)."""
    if latitude is None or longitude is None or latitude != latitude or longitude != longitude:
        return NOWHERE
    row = min(max(math.floor(latitude / CELL), LATITUDES.start), LATITUDES.stop - 1)
    column = min(max(math.floor(longitude / CELL), LONGITUDES.start), LONGITUDES.stop - 1)
    return row * 1000 + column  # kept in Iran's box, so the rings reach every row


def layer_of(employees: float | None, completed: int | None, idle: float | None) -> int:
    """A workshop's layer: (size band (4: unknown) × 2, + 1 with completed linkages) ×
    :data:`IDLE_BUCKETS` + its idle-capacity bucket (:func:`idle_bucket`)."""
    from kargah.exchange._matcher import SIZE_BANDS

    band = BANDS - 1
    if employees is not None and employees == employees:
        band = next(i for i, (_n, high) in enumerate(SIZE_BANDS) if employees < high)
    return (band * 2 + (1 if (completed or 0) > 0 else 0)) * IDLE_BUCKETS + idle_bucket(idle)


def idle_bucket(idle: float | None) -> int:
    """0: no idle capacity, or unknown; k ≥ 1: idle below 2ᵏ (and from 2ᵏ⁻¹ for k ≥ 2); the
    last bucket holds every larger one."""
    if idle is None or idle != idle or idle <= 0:
        return 0
    return min(1 + max(0, math.floor(math.log2(idle))), IDLE_BUCKETS - 1)


#: Iran's bounding box, in cells (latitude 25–40° N, longitude 44–64° E, and a margin).
LATITUDES = range(math.floor(24.5 / CELL), math.floor(40.5 / CELL) + 1)
LONGITUDES = range(math.floor(43.5 / CELL), math.floor(64.0 / CELL) + 1)


def ring_cells(place: tuple[float, float], km: float) -> set[int]:
    """Iran's cells that hold every point within ``km`` of ``place`` (and more): a point of
    no other cell is at least ``km`` away (a lower bound of the great-circle distance, as in
    the query's bound)."""
    dlat = km / (EARTH_KM * math.pi / 180)
    dlon = km / (SAFETY * LONGITUDE_FACTOR * EARTH_KM * math.pi / 180)
    lat0 = max(math.floor((place[0] - dlat) / CELL), LATITUDES.start)
    lat1 = min(math.floor((place[0] + dlat) / CELL), LATITUDES.stop - 1)
    lon0 = max(math.floor((place[1] - dlon) / CELL), LONGITUDES.start)
    lon1 = min(math.floor((place[1] + dlon) / CELL), LONGITUDES.stop - 1)
    return {a * 1000 + b for a in range(lat0, lat1 + 1) for b in range(lon0, lon1 + 1)}


#: Every cell of Iran: past these the rings have nothing more to read.
IRAN = {a * 1000 + b for a in LATITUDES for b in LONGITUDES}


def _split(codes: Any) -> list[str]:
    if codes is None:
        return []
    if isinstance(codes, str):
        return [c for c in codes.split(";") if c]
    return [c for c in codes if c]


def refresh_index(cursor: Any, candidates: Any, tables: SiteTables = SiteTables()) -> int:
    """Write (or rewrite) these workshops' rows of both tables; returns how many workshops.
    A workshop without coordinates is placed at its county's, so the bound and the score agree.
    Runs on any DB-API cursor (the site's, after a workshop, its capacity or its linkages
    change)."""
    import numpy as np

    table = profiles(candidates)
    rows = {name: table.column(name).to_pylist() for name in PROFILE_COLUMNS}
    n = len(table)
    for i in range(n):
        if rows["latitude"][i] is None or rows["longitude"][i] is None:
            found = county_location(rows["county"][i])
            if found is not None:
                rows["latitude"][i], rows["longitude"][i] = found
        for kind in ("processes", "materials", "certifications"):
            rows[kind][i] = ";".join(_split(rows[kind][i]))
        rows["active"][i] = 1 if rows["active"][i] in (None, True, 1) else 0
    performance = performance_part(
        np.array([c or 0 for c in rows["completed"]], dtype=float),
        np.array([np.nan if r is None else r for r in rows["rating"]], dtype=float),
        np.array([np.nan if t is None else t for t in rows["on_time"]], dtype=float),
    ).tolist()
    ph = tables.placeholder
    ids = [(w,) for w in rows["workshop_id"]]
    cursor.executemany(f"DELETE FROM {tables.codes} WHERE workshop_id = {ph}", ids)
    cursor.executemany(f"DELETE FROM {tables.profile} WHERE workshop_id = {ph}", ids)
    cursor.executemany(
        f"INSERT INTO {tables.profile} ({', '.join(PROFILE_COLUMNS)}) "
        f"VALUES ({', '.join([ph] * len(PROFILE_COLUMNS))})",
        list(zip(*(rows[c] for c in PROFILE_COLUMNS), strict=True)),
    )

    def code_rows() -> Any:
        for i in range(n):
            if not rows["active"][i]:
                continue
            where = cell_of(rows["latitude"][i], rows["longitude"][i])
            layer = layer_of(rows["employees"][i], rows["completed"][i], rows["idle"][i])
            figures = (layer, where, rows["workshop_id"][i], rows["latitude"][i],
                       rows["longitude"][i], rows["idle"][i], rows["employees"][i],
                       performance[i])  # fmt: skip
            under, offered = _code_rows(
                rows["processes"][i], rows["materials"][i], rows["certifications"][i]
            )
            for code, count in under.items():
                yield (code, *figures, count, offered)

    cursor.executemany(
        f"INSERT INTO {tables.codes} ({', '.join(CODE_COLUMNS)}) "
        f"VALUES ({', '.join([ph] * len(CODE_COLUMNS))})",
        code_rows(),
    )
    return n


def index_ddl(tables: SiteTables = SiteTables(), vendor: str = "sqlite") -> list[str]:
    """The statements that make the index's two tables and their indexes, for ``sqlite`` or
    ``postgresql`` (the site's migration may run these with ``RunSQL``). On SQLite the codes
    table is a ``WITHOUT ROWID`` table clustered by its key, so a ring's rows are read in one
    pass; on PostgreSQL its key is a B-tree covering the bound's columns (``INCLUDE``)."""
    if vendor not in {"sqlite", "postgresql"}:
        raise OptionError(f"vendor is sqlite or postgresql, not {vendor}")
    real = "REAL" if vendor == "sqlite" else "DOUBLE PRECISION"
    number = "INTEGER" if vendor == "sqlite" else "BIGINT"
    figures = ("latitude", "longitude", "idle", "employees", "performance", "under", "offered")
    key = "PRIMARY KEY (code, layer, cell, workshop_id)"
    if vendor == "postgresql":
        key += f" INCLUDE ({', '.join(figures)})"
    return [
        f"CREATE TABLE IF NOT EXISTS {tables.profile} (workshop_id {number} PRIMARY KEY, "
        "processes TEXT, materials TEXT, certifications TEXT, county TEXT, "
        f"latitude {real}, longitude {real}, employees {real}, idle {real}, active INTEGER, "
        f"firm TEXT, completed INTEGER, rating {real}, on_time {real})",
        f"CREATE TABLE IF NOT EXISTS {tables.codes} (code TEXT NOT NULL, layer INTEGER NOT NULL, "
        "cell INTEGER NOT NULL, "
        f"workshop_id {number} NOT NULL, "
        + ", ".join(f"{f} {real}" for f in figures)
        + f", {key})"
        + (" WITHOUT ROWID" if vendor == "sqlite" else ""),
        f"CREATE INDEX IF NOT EXISTS {tables.codes}_workshop ON {tables.codes} (workshop_id, code)",
    ]


def build_index(path: str | Path, candidates: Any) -> SiteTables:
    """An SQLite file holding the index of these workshops (the tables the site keeps), for
    the CLI's ``--workshops FILE`` and the benchmark. Returns its :class:`SiteTables`."""
    import sqlite3

    tables = SiteTables(placeholder="?")
    connection = sqlite3.connect(str(path))
    try:
        with connection:
            connection.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;\n"
                + ";\n".join(index_ddl(tables, "sqlite"))
            )
            refresh_index(connection.cursor(), candidates, tables)
        connection.execute("ANALYZE")
    finally:
        connection.close()
    return tables


def _literal(value: float) -> str:
    """A float as SQL text (our own numbers only, never a user's string)."""
    return repr(float(value))


def _upper_bound(need: Need, weights: dict[str, float], aliases: list[str]) -> str:
    """SQL for an upper bound of the score of a row of the codes table ``c`` joined to the
    rows (``aliases``) of the need's other process and material codes: capability is at most
    Σ under / offered (exact when the asked codes do not nest), the rest exact but for
    distance, bounded below."""
    from kargah.exchange._matcher import DISTANCE_KM, EXPERIENCED, SIZE_BANDS  # noqa: F401

    total = sum(weights.values())
    q = _literal(need.monthly_quantity)
    capacity = (f"(CASE WHEN c.idle IS NULL OR c.idle <= 0 THEN 0.0 WHEN c.idle >= {q} "
                f"THEN 1.0 ELSE c.idle / {q} END)")  # fmt: skip
    place = need.place()
    if place is None:
        distance = "0.0"
    else:
        dlat = f"abs(c.latitude - {_literal(place[0])})"
        dlon = f"({_literal(LONGITUDE_FACTOR)} * abs(c.longitude - {_literal(place[1])}))"
        km = (f"({_literal(SAFETY * EARTH_KM * math.pi / 180)} * "
              f"(CASE WHEN {dlat} > {dlon} THEN {dlat} ELSE {dlon} END))")  # fmt: skip
        distance = (f"(CASE WHEN c.latitude IS NULL OR c.longitude IS NULL THEN 1.0 "
                    f"ELSE 1.0 / (1.0 + {km} / {_literal(DISTANCE_KM)}) END)")  # fmt: skip
    if need.size == "any":
        size = "1.0"
    else:
        names = [name for name, _ in SIZE_BANDS]
        asked = names.index(need.size)
        cases, low = [], 0.0
        for i, (_name, high) in enumerate(SIZE_BANDS):
            value = 1.0 if i == asked else 0.5 if abs(i - asked) == 1 else 0.0
            upper = "" if math.isinf(high) else f" AND c.employees < {_literal(high)}"
            cases.append(f"WHEN c.employees >= {_literal(low)}{upper} THEN {value}")
            low = high
        size = f"(CASE {' '.join(cases)} ELSE 0.0 END)"
    under = " + ".join(f"{a}.under" for a in ["c", *aliases])
    capability = (f"(CASE WHEN c.offered > 0 AND ({under}) < c.offered "
                  f"THEN ({under}) * 1.0 / c.offered ELSE 1.0 END)")  # fmt: skip
    parts = {"capability": capability, "capacity": capacity, "distance": distance, "size": size,
             "performance": "coalesce(c.performance, 1.0)"}  # fmt: skip
    terms = " + ".join(f"{_literal(weights[k] / total)} * {parts[k]}" for k in WEIGHTS)
    return f"({terms} + 1e-9)"  # the float sums in SQL may round the other way: a margin


def _driver(need: Need, counts: dict[str, int] | None = None) -> str:
    """The asked code whose rows are scanned: the one held by the fewest workshops when
    ``counts`` says, else the most specific process or material (deeper codes hold fewer);
    the other asked codes are checked by key."""
    asked = [PREFIX[k] + c for k in ("processes", "materials") for c in getattr(need, k)]
    if counts:
        asked += [PREFIX["certifications"] + c for c in need.certifications]
        return min(asked, key=lambda c: (counts.get(c, 0), c))
    return max(asked, key=lambda c: (c.count("."), c.startswith(PREFIX["processes"])))


#: How long a code's count of workshops is trusted, in seconds: counting a common code's rows
#: costs more than a search, and which code is rarer changes slowly.
COUNTS_TTL = 300.0
_counted: dict[tuple[SiteTables, str], tuple[float, int]] = {}


def code_counts(cursor: Any, need: Need, tables: SiteTables = SiteTables()) -> dict[str, int]:
    """How many workshops hold each code the need asks (counted once per
    :data:`COUNTS_TTL` per process)."""
    import time

    now = time.monotonic()
    out = {}
    for kind in ("processes", "materials", "certifications"):
        for code in getattr(need, kind):
            key = (tables, PREFIX[kind] + code)
            known = _counted.get(key)
            if known is None or now - known[0] > COUNTS_TTL:
                cursor.execute(
                    f"SELECT count(*) FROM {tables.codes} WHERE code = {tables.placeholder}",
                    [key[1]],
                )
                known = (now, int(cursor.fetchone()[0]))
                _counted[key] = known
            out[key[1]] = known[1]
    return out


def candidates_query(
    need: Need,
    terms: Nomenclature | None = None,
    tables: SiteTables = SiteTables(),
    *,
    weights: dict[str, float] | None = None,
    limit: int = FIRST_PAGE,
    offset: int = 0,
    cells: set[int] | None = None,
    counts: dict[str, int] | None = None,
    layers: set[int] | None = None,
) -> tuple[str, list[Any]]:
    """Plain SQL (SQLite and PostgreSQL) and its parameters: the workshops that pass the
    need's code filters, with the profile columns and ``ub`` (the score's upper bound) last,
    ordered by ``ub`` then ``workshop_id``, one page of ``limit`` rows from ``offset``.
    ``cells``, ``layers``: only workshops of these grid cells (:func:`ring_cells`) and
    layers (:func:`layer_of`); None: all.
    ``counts``: workshops per code (:func:`code_counts`), to scan the rarest code's rows.
    ``terms`` is taken for the contract's sake: the codes were checked when the need was."""
    weights = {**WEIGHTS, **(weights or {})}
    ph = tables.placeholder
    driver = _driver(need, counts)
    others = [PREFIX[kind] + code for kind in ("processes", "materials", "certifications")
              for code in getattr(need, kind)]  # fmt: skip
    others = [c for c in dict.fromkeys(others) if c != driver]
    # Each other asked code is a join on the codes table's whole key (same workshop: same
    # layer, same cell).
    joins = "".join(
        f" JOIN {tables.codes} o{i} ON o{i}.code = {ph} AND o{i}.layer = c.layer "
        f"AND o{i}.cell = c.cell "
        f"AND o{i}.workshop_id = c.workshop_id"
        for i in range(len(others))
    )
    aliases = [f"o{i}" for i, code in enumerate(others) if not code.startswith("c:")]
    columns = ", ".join(f"p.{c}" for c in PROFILE_COLUMNS)
    sql = (
        f"SELECT {columns}, t.ub FROM ("
        f"SELECT c.workshop_id AS workshop_id, {_upper_bound(need, weights, aliases)} AS ub "
        f"FROM {tables.codes} c{joins} WHERE c.code = {ph}"
        f"{_within('layer', layers)}{_within('cell', cells)} "
        f"ORDER BY ub DESC, c.workshop_id LIMIT {ph} OFFSET {ph}"
        f") t JOIN {tables.profile} p ON p.workshop_id = t.workshop_id "
        f"ORDER BY t.ub DESC, t.workshop_id"
    )
    return sql, [*others, driver, int(limit), int(offset)]


def _within(column: str, values: set[int] | None) -> str:
    """The values as literal integers (ours, never a user's), so no placeholder limit applies."""
    if values is None:
        return ""
    listed = ", ".join(str(int(v)) for v in sorted(values)) or "NULL"
    return f" AND c.{column} IN ({listed})"
