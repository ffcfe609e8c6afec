"""Ranking workshops for a need: hard filters, then a weighted score, each match explained.

The score is Σ weightᵢ × partᵢ / Σ weightᵢ, every part between 0 and 1 (docs/exchange.md,
"Matching"). Everything is computed on whole columns at once (numpy), so the same code scores
the few hundred candidates the site's index hands over and the two million profiles of the
benchmark's naive full scan — and the two give the same numbers, bit for bit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kargah.errors import OptionError
from kargah.exchange._need import Need
from kargah.exchange._nomenclature import Nomenclature, nomenclature
from kargah.exchange._place import county_location, distance_km
from kargah.exchange._reasons import Reason

if TYPE_CHECKING:
    import pyarrow as pa

#: The default weights of the score's parts (an administrator may change them on the site).
WEIGHTS = {"capability": 0.25, "capacity": 0.30, "distance": 0.20, "size": 0.10,
           "performance": 0.15}  # fmt: skip
#: At this distance the distance part is one half (it is 1 / (1 + km / DISTANCE_KM)).
DISTANCE_KM = 100.0
#: Head-count bands of the size preference: micro 1–9, small 10–49, medium 50–249, large 250+.
SIZE_BANDS = (("micro", 10), ("small", 50), ("medium", 250), ("large", float("inf")))
#: Completed linkages at which experience counts in full in the performance part.
EXPERIENCED = 10
#: A workshop with no completed linkage yet scores this on performance: neither a reward nor a
#: penalty for being new.
NEUTRAL = 0.5
#: The columns of a profile (candidates): name → whether a match needs it.
COLUMNS = {
    "workshop_id": True, "processes": True, "materials": False, "certifications": False,
    "county": False, "latitude": False, "longitude": False, "employees": False, "idle": False,
    "active": False, "firm": False, "completed": False, "rating": False, "on_time": False,
}  # fmt: skip


@dataclass(frozen=True)
class Match:
    workshop_id: int
    score: float
    reasons: tuple[Reason, ...]
    distance_km: float | None
    idle_capacity: float | None

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "workshop_id": self.workshop_id,
            "score": round(self.score, 4),
            "reasons": [r.text(lang) for r in self.reasons],
            "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
            "idle_capacity": self.idle_capacity,
        }


class Matcher:
    """``Matcher(weights, top).match(need, candidates)``: ``matches_`` is the best ``top``
    matches, best first (ties: the lower workshop id first); ``candidates_`` how many passed the
    hard filters; after :meth:`search`, ``pages_`` and ``read_`` how many pages and rows of
    the index it read."""

    matches_: list[Match]
    candidates_: int
    pages_: int
    read_: int

    def __init__(
        self,
        weights: dict[str, float] | None = None,
        top: int = 20,
        terms: Nomenclature | None = None,
    ) -> None:
        self.weights = weights
        self.top = top
        self.terms = terms

    def _weights(self) -> dict[str, float]:
        weights = {**WEIGHTS, **(self.weights or {})}
        unknown = set(weights) - set(WEIGHTS)
        if unknown:
            raise OptionError(f"not a part of the score: {', '.join(sorted(unknown))} "
                              f"(parts: {', '.join(WEIGHTS)})")  # fmt: skip
        if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
            raise OptionError("weights are zero or more, and not all zero")
        return weights

    def match(self, need: Need, candidates: Any) -> Matcher:
        import numpy as np

        if self.top < 1:
            raise OptionError(f"top is at least 1, not {self.top}")
        table = profiles(candidates)
        scored = score(need, table, self._weights(), self.terms or nomenclature())
        keep = np.flatnonzero(scored["keep"])
        self.candidates_ = len(keep)
        order = keep[np.lexsort((scored["workshop_id"][keep], -scored["score"][keep]))]
        self.matches_ = [
            _explain(need, table, scored, int(i), self.terms or nomenclature())
            for i in order[: self.top]
        ]
        return self

    def search(self, cursor: Any, need: Need, tables: Any = None) -> Matcher:
        """The same as :meth:`match` on every workshop of the index behind a DB-API ``cursor``
        (the site's database, or :func:`~kargah.exchange.build_index`'s file), reading only
        the candidates that can still enter the top (:func:`kargah.exchange.search`)."""
        from kargah.exchange._index import SiteTables
        from kargah.exchange._search import search

        return search(self, cursor, need, tables or SiteTables())

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """``{"matches": [{"workshop_id", "score", "reasons", "distance_km", "idle_capacity"}]}``
        with the reasons worded in ``lang``."""
        return {"matches": [m.as_dict(lang) for m in self.matches_]}


def profiles(candidates: Any) -> pa.Table:
    """Candidates as a pyarrow Table with every profile column (absent ones all null)."""
    import pyarrow as pa

    table = candidates if isinstance(candidates, pa.Table) else pa.table(dict(candidates))
    missing = [c for c, needed in COLUMNS.items() if needed and c not in table.column_names]
    if missing:
        from kargah.errors import InputError

        raise InputError(f"the workshops lack the column(s) {', '.join(missing)}")
    for name in COLUMNS:
        if name not in table.column_names:
            table = table.append_column(name, pa.nulls(len(table)))
    return table


def _lists(column: Any) -> tuple[Any, Any, Any]:
    """A list<str> column (or ';'-joined text) as (flat values, their row, length per row)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_null(column.type):
        n = len(column)
        return pa.array([], pa.string()), np.zeros(0, dtype=np.int64), np.zeros(n, dtype=np.int64)
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        column = pc.split_pattern(pc.if_else(pc.equal(column, ""), None, column), ";")
    flat = pc.list_flatten(column)
    rows = pc.list_parent_indices(column).to_numpy(zero_copy_only=False)
    sizes = pc.fill_null(pc.list_value_length(column), 0).to_numpy(zero_copy_only=False)
    return flat, rows, sizes


def _under(flat: Any, codes: tuple[str, ...]) -> Any:
    """For each flat value: which of ``codes`` covers it (a boolean array per code)."""
    import pyarrow.compute as pc

    return [
        pc.fill_null(pc.or_(pc.equal(flat, c), pc.starts_with(flat, c + ".")), False).to_numpy(
            zero_copy_only=False
        )
        for c in codes
    ]


def _numbers(table: pa.Table, name: str, default: float = float("nan")) -> Any:
    import numpy as np
    import pyarrow.compute as pc

    column = table.column(name)
    if column.null_count == len(column):
        return np.full(len(table), default)
    values = pc.fill_null(pc.cast(column, "float64"), default)
    return np.array(values.to_numpy(zero_copy_only=False), dtype=float)  # a writable copy


def size_of(employees: Any) -> Any:
    """The size band of each head count ("" when unknown)."""
    import numpy as np

    employees = np.asarray(employees, dtype=float)
    out = np.full(len(employees), "", dtype=object)
    low = 0.0
    for name, high in SIZE_BANDS:
        out[(employees >= low) & (employees < high)] = name
        low = high
    return out


def size_part(need_size: str, employees: Any) -> Any:
    """1 for the size asked (or any), ½ for the band next to it, 0 otherwise or unknown."""
    import numpy as np

    if need_size == "any":
        return np.ones(len(employees))
    names = [n for n, _ in SIZE_BANDS]
    bands = size_of(employees)
    asked = names.index(need_size)
    part = np.zeros(len(employees))
    for i, name in enumerate(names):
        part[bands == name] = 1.0 if i == asked else 0.5 if abs(i - asked) == 1 else 0.0
    return part


def performance_part(completed: Any, rating: Any, on_time: Any) -> Any:
    """Past performance on the exchange: rating (1–5) and on-time share count 0.4 each,
    experience (completed linkages, full at 10) 0.2; an unknown rating or share counts ½; a
    workshop with no completed linkage scores :data:`NEUTRAL`."""
    import numpy as np

    rated = np.where(np.isnan(rating), 0.5, (np.clip(rating, 1, 5) - 1) / 4)
    timely = np.where(np.isnan(on_time), 0.5, np.clip(on_time, 0, 1))
    done = np.nan_to_num(completed, nan=0.0)
    part = 0.4 * rated + 0.4 * timely + 0.2 * np.minimum(done / EXPERIENCED, 1.0)
    return np.where(done > 0, part, NEUTRAL)


def score(
    need: Need, table: pa.Table, weights: dict[str, float], terms: Nomenclature
) -> dict[str, Any]:
    """Every row's parts, score and whether it passes the hard filters (``keep``)."""
    import numpy as np
    import pyarrow.compute as pc

    n = len(table)
    keep = np.ones(n, dtype=bool)
    covered = np.zeros(n)
    offered = np.zeros(n)
    for name in ("processes", "materials", "certifications"):
        codes: tuple[str, ...] = getattr(need, name)
        flat, rows, sizes = _lists(table.column(name))
        masks = _under(flat, codes)
        for mask in masks:  # every code asked is covered by one offered
            keep &= np.bincount(rows[mask], minlength=n) > 0
        if name != "certifications":
            offered += sizes
            if masks:
                any_mask = np.logical_or.reduce(masks)
                covered += np.bincount(rows[any_mask], minlength=n)
    active = table.column("active")
    if active.null_count < n:
        keep &= pc.fill_null(pc.cast(active, "bool"), True).to_numpy(zero_copy_only=False)
    if need.firm:
        firm = pc.fill_null(pc.cast(table.column("firm"), "string"), "")
        keep &= pc.not_equal(firm, need.firm).to_numpy(zero_copy_only=False)

    capability = np.divide(covered, offered, out=np.zeros(n), where=offered > 0)
    idle = _numbers(table, "idle")
    capacity = np.where(
        np.isnan(idle), 0.0, np.minimum(np.maximum(idle, 0) / need.monthly_quantity, 1.0)
    )
    latitude, longitude = _numbers(table, "latitude"), _numbers(table, "longitude")
    unplaced = np.isnan(latitude) | np.isnan(longitude)
    if unplaced.any():  # a workshop without coordinates is where its county is
        county = table.column("county").to_pylist()
        for i in np.flatnonzero(unplaced & keep):
            found = county_location(county[i])
            if found is not None:
                latitude[i], longitude[i] = found
    place = need.place()
    if place is None:
        km = np.full(n, np.nan)
    else:
        km = distance_km(latitude, longitude, place[0], place[1])
    distance = np.where(np.isnan(km), 0.0, 1.0 / (1.0 + km / DISTANCE_KM))
    employees = _numbers(table, "employees")
    parts = {
        "capability": capability,
        "capacity": capacity,
        "distance": distance,
        "size": size_part(need.size, employees),
        "performance": performance_part(
            _numbers(table, "completed", 0.0), _numbers(table, "rating"), _numbers(table, "on_time")
        ),
    }
    total = sum(weights.values())
    result = sum(weights[k] * parts[k] for k in WEIGHTS) / total
    ids = pc.cast(table.column("workshop_id"), "int64").to_numpy(zero_copy_only=False)
    return {"keep": keep, "score": result, "parts": parts, "km": km, "idle": idle,
            "employees": employees, "workshop_id": ids, "covered": covered,
            "offered": offered, "weights": {k: weights[k] / total for k in WEIGHTS}}  # fmt: skip


def _explain(
    need: Need, table: pa.Table, scored: dict[str, Any], i: int, terms: Nomenclature
) -> Match:
    """One row's Match with a reason per part of its score."""
    import math

    wanted = ("processes", "materials", "completed", "rating", "on_time")
    row = {name: table.column(name)[i].as_py() for name in wanted}
    fits = []
    for kind in ("processes", "materials"):
        offered = row[kind] or []
        if isinstance(offered, str):
            offered = [c for c in offered.split(";") if c]
        for asked in getattr(need, kind):
            fits.append((kind, asked, [o for o in offered if Nomenclature.covers(asked, o)]))

    def named(lang: str) -> list[str]:
        out = []
        for kind, asked, found in fits:
            names = [terms.label(kind, f, lang) for f in found]
            out.append(f"{terms.label(kind, asked, lang)} ({', '.join(names)})"
                       if found != [asked] else terms.label(kind, asked, lang))  # fmt: skip
        return out

    km = float(scored["km"][i])
    idle = float(scored["idle"][i])
    employees = float(scored["employees"][i])
    details: dict[str, dict[str, Any]] = {
        "capability": {"covered": int(scored["covered"][i]), "offered": int(scored["offered"][i]),
                       "names_en": named("en"), "names_fa": named("fa")},
        "capacity": {"idle": None if math.isnan(idle) else idle,
                     "quantity": need.monthly_quantity},
        "distance": {"km": None if math.isnan(km) else km},
        "size": {"asked": need.size,
                 "size": "" if math.isnan(employees) else str(size_of([employees])[0])},
        "performance": {"completed": int(row["completed"] or 0), "rating": row["rating"],
                        "on_time": row["on_time"]},
    }  # fmt: skip
    reasons = tuple(
        Reason(code, scored["weights"][code], float(scored["parts"][code][i]), details[code])
        for code in WEIGHTS
    )
    return Match(
        workshop_id=int(scored["workshop_id"][i]),
        score=float(scored["score"][i]),
        reasons=reasons,
        distance_km=details["distance"]["km"],
        idle_capacity=details["capacity"]["idle"],
    )
