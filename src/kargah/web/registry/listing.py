"""Pages of the workshop list, and their counts, at national size (two million workshops).

A count never reads the whole table unasked: from the tally (kept by triggers) when only county,
activity and ownership are chosen; else through the search index, up to :data:`COUNTED` and
within :data:`BUDGET`. The count then says how to read the page (``kargah.web.registry.search``):
few matches through the index, many by walking the list's order."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Sum

from kargah.sizeclass import Definition
from kargah.web.database import planned, within
from kargah.web.registry.models import WorkshopTally
from kargah.web.registry.queries import filter_workshops

#: Filters the tally (``WorkshopTally``) counts exactly.
TALLIED = {"county", "isic", "ownership"}
#: Parameters that choose how the list looks, not which workshops are in it.
SHOWING = {"sort", "page", "page_size", "cols", "definition", "lang", "count"}
#: A count past this many stops there ("more than …") unless the reader asks for all of it;
#: the pages reach no further.
COUNTED = 10_000
#: Seconds a count may take before the page says "too many rows to count at once" (where the
#: database can stop a query: SQLite; PostgreSQL by ``statement_timeout``).
BUDGET = 0.05
#: Matches counted exactly, up to this many, are gathered and sorted: about a millisecond per
#: 1,000, wherever they stand in the sort's order. Past it (or uncounted), the page is walked.
FEW = COUNTED
#: Seconds a walk along the sort's index may take before the matches are gathered instead. The
#: walk checks the index alone (it carries the filtered columns; on PostgreSQL the search key
#: too, migration 0007): all two million entries take about 0.1–0.2 s, while gathering more
#: than the counted matches costs a row read each (0.3 s for 245,000 on SQLite; 1.5–2.3 s for
#: a county's name on PostgreSQL), so the walk may finish.
WALK = 0.3
#: Seconds a walk may take on PostgreSQL when more than :data:`COUNTED` are known to match: its
#: walk reads the index alone (the search key too), and the whole index is bounded (two million
#: entries in about 0.6 s), while gathering costs a row read per match (2.1 s for "رشت", held by
#: 632,000, sorted by county under load). SQLite's walk reads a common word's rows: it keeps
#: :data:`WALK` (a walk of 2 s there made the slowest pages 2.1–2.3 s; p95 93 → 101 ms).
WALK_MANY = {"postgresql": 2.0}


def tallied(params: Mapping[str, str]) -> int:
    """How many workshops pass the county, activity and ownership filters, from the tally."""
    found = WorkshopTally.objects.all()
    if county := params.get("county"):
        found = found.filter(county=county)
    if isic := (params.get("isic") or "").strip():
        found = found.filter(isic__startswith=isic)
    if ownership := params.get("ownership"):
        found = found.filter(ownership=ownership)
    return int(found.aggregate(n=Sum("workshops"))["n"] or 0)


def count_workshops(
    found: Any, params: Mapping[str, str], definition: Definition
) -> tuple[int | None, bool]:
    """How many workshops of ``found`` pass the filters, and whether that is only a floor:
    exact from the tally when only its filters are set; else counted through the index up to
    :data:`COUNTED` (``?count=all``: all of them); None if that took longer than
    :data:`BUDGET`."""
    chosen = {k for k, v in params.items() if v and k not in SHOWING}
    if params.get("mine") != "1":
        chosen.discard("mine")
    if chosen <= TALLIED and not found.query.where:
        return tallied(params), False
    narrowed = filter_workshops(found, params, definition, narrow=True).order_by()
    if params.get("count") == "all":
        return narrowed.count(), False
    counted = within(BUDGET, lambda: narrowed[: COUNTED + 1].count())
    if counted is None:  # too many rows to check in the time: no figure unless asked
        return None, True
    return min(counted, COUNTED), counted > COUNTED


class CountedPaginator(Paginator):
    """Pages over a count made by :func:`count_workshops`, never past :data:`COUNTED` rows: a
    page deep in two million is an offset read row by row; the reader narrows or downloads."""

    def __init__(self, found: Any, per_page: int, counted: tuple[int | None, bool]) -> None:
        super().__init__(found, per_page)
        self.counted, self.capped = counted
        self.count = COUNTED if self.counted is None else self.counted  # type: ignore[misc]

    @cached_property
    def num_pages(self) -> int:
        pages = max(1, -(-self.count // self.per_page))
        return min(pages, max(1, COUNTED // self.per_page))

    @property
    def clipped(self) -> bool:
        """Whether more workshops match than the pages reach."""
        return self.capped or self.count > self.num_pages * self.per_page


def page_of_workshops(
    found: Any, params: Mapping[str, str], definition: Definition, *, per_page: int
) -> Page:
    """One page (``?page=``) of the filtered list, its rows read, on a :class:`CountedPaginator`.

    Matches counted exactly are gathered through the index and sorted. More are found by
    walking the sort's index; when the filters pass few of the rows that come first in that
    order (small workshops sorted largest first, tea workshops sorted by a name that starts
    with the product) the walk goes deep, and past :data:`WALK` the matches are gathered."""
    counted = count_workshops(found, params, definition)
    page = CountedPaginator(found, per_page, counted).get_page(params.get("page"))
    start = (page.number - 1) * per_page
    few = counted[0] is not None and not counted[1] and counted[0] <= FEW
    # The page's ids first: a walk then reads its sort's index alone (it carries the filtered
    # columns), and only the fifty rows shown are read from the table.
    ids = None
    if not few:
        walked = filter_workshops(found, params, definition).values_list("id", flat=True)
        with planned("bitmapscan", "seqscan"):  # PostgreSQL: walk the sort's index
            many = counted[0] is not None and counted[1]  # known: more than COUNTED
            budget = WALK_MANY.get(connection.vendor, WALK) if many else WALK
            ids = within(budget, lambda: list(walked[start : start + per_page]))
    if ids is None:
        gathered = filter_workshops(found, params, definition, narrow=True)
        with planned("indexscan"):  # PostgreSQL: gather from the indexes' bitmaps, then sort
            ids = list(gathered.values_list("id", flat=True)[start : start + per_page])
    shown = {w.pk: w for w in found.filter(pk__in=ids)}
    page.object_list = [shown[i] for i in ids if i in shown]
    return page
