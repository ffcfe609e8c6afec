"""The search through the candidate index (:mod:`kargah.exchange._index`): rings of grid
cells around the delivery place, layer by layer, pages in the order of the score's upper bound,
until no unread workshop can enter the top — which is then exactly the full scan's."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from kargah.exchange._index import (
    FIRST_PAGE,
    FIRST_RING_KM,
    IDLE_BUCKETS,
    IRAN,
    LAYERS,
    NOWHERE,
    PROFILE_COLUMNS,
    SiteTables,
    candidates_query,
    code_counts,
    ring_cells,
)
from kargah.exchange._matcher import Matcher
from kargah.exchange._nomenclature import nomenclature

if TYPE_CHECKING:
    from kargah.exchange._need import Need


def _ceiling(need: Need, weights: dict[str, float], layer: int) -> float:
    """The most a workshop of ``layer`` can score but for the distance part (weighted sum):
    capability at 1, its band's size part, its performance's and idle bucket's ceilings."""
    import numpy as np

    from kargah.exchange._matcher import NEUTRAL, size_part

    group, bucket = divmod(layer, IDLE_BUCKETS)
    band = (5.0, 20.0, 100.0, 500.0, float("nan"))[group // 2]
    size = float(size_part(need.size, np.array([band]))[0])
    performance = 1.0 if group % 2 else NEUTRAL
    if bucket == 0:
        capacity = 0.0
    elif bucket == IDLE_BUCKETS - 1:
        capacity = 1.0
    else:
        capacity = min(1.0, 2.0**bucket / need.monthly_quantity)
    return (weights["capability"] + weights["capacity"] * capacity + weights["size"] * size
            + weights["performance"] * performance)  # fmt: skip


def _outside(ceiling: float, weights: dict[str, float], km: float) -> float:
    """The best score a workshop of a layer with this ceiling can have ``km`` away or more."""
    from kargah.exchange._matcher import DISTANCE_KM

    near = 1 / (1 + km / DISTANCE_KM)
    return (ceiling + weights["distance"] * near) / sum(weights.values()) + 1e-9


def _next_ring(km: float, last: float, ceiling: float, weights: dict[str, float]) -> float:
    """The next ring's radius: at least twice the last, and at once as far as the top's last
    score says a workshop of the layer could still beat it (everything, when no distance can)."""
    from kargah.exchange._matcher import DISTANCE_KM

    # _outside(r) < last ⇔ 1 / (1 + r / D) < (last · total − ceiling) / w_distance
    part = (
        (last * sum(weights.values()) - ceiling) / weights["distance"]
        if weights["distance"]
        else 0.0
    )
    if part <= 0:
        return math.inf
    wanted = max(2 * km, DISTANCE_KM * (1 / min(part, 1.0) - 1))
    # On the ladder 50, 100, 200, … km, so that layers share their rings and their queries.
    return FIRST_RING_KM * 2 ** math.ceil(math.log2(wanted / FIRST_RING_KM))


def search(matcher: Matcher, cursor: Any, need: Need, tables: SiteTables | None = None) -> Matcher:
    """Fill ``matcher.matches_`` from the index behind ``cursor`` as :meth:`Matcher.match` on
    every workshop would, reading only what can still enter the top: rings of grid cells
    around the delivery place (50 km, then wider), layer by layer, and in each ring pages of
    candidates in the order of their score's upper bound. A ring's reading stops when the
    last of the top beats the bound of the ring's unread rows; a layer's rings stop when it
    beats the best score a workshop of that layer beyond them could have (``pages_``,
    ``read_``: how many queries and rows it took)."""
    import numpy as np

    from kargah.exchange._matcher import profiles, score

    tables = tables or SiteTables()
    terms = matcher.terms or nomenclature()
    weights = matcher._weights()
    counts = code_counts(cursor, need, tables)
    fetched: list[tuple[Any, ...]] = []
    scores: list[Any] = []  # the exact score of each fetched row (-inf: filtered out)
    pages = 0
    place = need.place()
    ceilings = {layer: _ceiling(need, weights, layer) for layer in range(LAYERS)}
    done: dict[int, set[int]] = {layer: set() for layer in range(LAYERS)}
    reach = dict.fromkeys(range(LAYERS), 0.0)  # the radius each layer is read to
    finished: set[int] = set()
    seen: set[int] = set()  # workshops read (a national read meets the near ones again)

    def last_of_top() -> float:
        """The exact score of the top's last, or -inf while the top is not full."""
        if not scores:
            return -math.inf
        every = np.concatenate(scores)
        if len(every) < matcher.top:
            return -math.inf
        return float(np.partition(every, len(every) - matcher.top)[len(every) - matcher.top])

    def read(cells: set[int] | None, layers: set[int] | None) -> None:
        nonlocal pages
        page, offset = max(FIRST_PAGE, 5 * matcher.top), 0
        while True:
            sql, params = candidates_query(
                need, terms, tables, weights=weights, limit=page, offset=offset, cells=cells,
                counts=counts, layers=layers,
            )  # fmt: skip
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            pages += 1
            new = [r for r in rows if r[0] not in seen]
            if new:
                seen.update(r[0] for r in new)
                fetched.extend(new)
                scored = score(need, profiles(_columns(new)), weights, terms)
                scores.append(np.where(scored["keep"], scored["score"], -math.inf))
            if len(rows) < page or last_of_top() > float(rows[-1][-1]):
                return  # the rows are read, or no unread row of them can enter the top
            offset += page
            page *= 2

    if place is None:
        read(None, None)
    everywhere = IRAN | {NOWHERE}
    while place is not None:
        last = last_of_top()
        groups: dict[frozenset[int] | None, set[int]] = {}
        for layer in range(LAYERS):
            if layer in finished:
                continue
            if last > _outside(ceilings[layer], weights, reach[layer] if done[layer] else 0.0):
                finished.add(layer)  # nothing (farther) in it can enter the top
                continue
            km = FIRST_RING_KM if not done[layer] else _next_ring(
                reach[layer], last, ceilings[layer], weights
            )  # fmt: skip
            if km > 4000:  # the rest of Iran: every row of the layer, the near ones again
                groups.setdefault(None, set()).add(layer)
                finished.add(layer)
                continue
            new = (ring_cells(place, km) | {NOWHERE}) - done[layer]
            done[layer] |= new
            reach[layer] = km
            if everywhere <= done[layer]:
                finished.add(layer)
            if new:
                groups.setdefault(frozenset(new), set()).add(layer)
        if not groups:
            break
        for cells, layers in groups.items():
            read(set(cells) if cells is not None else None, layers)
    # The top's rows (and every row tied with its last) scored again, now with their reasons.
    every = np.concatenate(scores) if scores else np.zeros(0)
    passed = int(np.isfinite(every).sum())
    threshold = last_of_top()
    chosen = [
        row for row, s in zip(fetched, every, strict=True) if s >= threshold and s > -math.inf
    ]
    matcher.match(need, _columns(chosen))
    matcher.candidates_, matcher.pages_, matcher.read_ = passed, pages, len(fetched)
    return matcher


def _columns(rows: list[tuple[Any, ...]]) -> dict[str, list[Any]]:
    return {c: [r[i] for r in rows] for i, c in enumerate(PROFILE_COLUMNS)}
