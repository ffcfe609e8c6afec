"""Search and filters at national size: which index a page of the list is read through.

Two ways to read a page of two million workshops:

* **through the search index** (:func:`narrowed`): SQLite's FTS5 trigram index (migration 0005)
  holds each workshop's search key and its facets (:mod:`kargah.web.registry.facets`), so the
  workshops holding every searched word and every filtered county, activity, ownership, size
  class and step of idle capacity are one intersection of the index's lists, read in id order.
  Best when they are few, and for counting.
* **walking the list's order**: the sort's index (or the id order) read from the start, every
  filter checked on the row. Best when many match: fifty are found within a few hundred rows.

PostgreSQL reads the same two ways: ``pg_trgm`` serves the words and a GIN index the facets.
Filters on columns almost every workshop passes (size criteria, idle capacity,
ownership) must not lead SQLite into their sort indexes either: read through one, "employees < 10"
visits nine rows in ten out of order. :class:`Unindexed` keeps them to the row being read."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import F, Func
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In

#: The search index's table (SQLite).
SEARCH = "registry_workshop_search"
#: Words shorter than this have no trigram: they are checked on the row.
SHORTEST = 3
#: A walk checks a search's workshops as a set of ids when there are at most this many (the
#: set costs about a millisecond per 4,000 to build: 37 ms for a county's name, held by 147,000);
#: past it, each row's search key is read (0.4 µs a row) — so many holders are soon met.
REACHABLE = 20_000
#: Seconds a word's count of holders (:func:`holders`) is remembered, per process.
REMEMBERED = 300.0
_holders: dict[str, tuple[float, int]] = {}


class Unindexed(Func):
    """A column's own value, which SQLite is not to look up in an index (its unary ``+``).
    PostgreSQL gets the column itself: its planner weighs indexes by the column's statistics,
    which an expression would hide."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


class Rowwise(Unindexed):
    """A column's own value, which no database is to look up in an index (PostgreSQL: the
    column joined to an empty text, or plus nought). For a page read through the search index,
    whose facets carry the filters already: offered the county's own index too, PostgreSQL ANDs
    it into its bitmap, then reads every workshop of the county from the table to check the
    searched word (190 ms, 14,463 table blocks, for "رشت" among Bandar-e-Anzali's small
    workshops), where ANDing the word's trigram index instead leaves no row to read (47 ms)."""

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        text = self.output_field.get_internal_type() in {"CharField", "TextField"}
        template = "(%(expressions)s || '')" if text else "(%(expressions)s + 0)"
        return super().as_sql(compiler, connection, template=template, **extra)


def indexed_words(words: Sequence[str]) -> list[str]:
    """The words the index can look up (SQLite: three letters or more)."""
    if connection.vendor == "sqlite":
        return [w for w in words if len(w) >= SHORTEST]
    return list(words)


def _match(terms: Sequence[str]) -> str:
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def within_reach(found: Any, words: Sequence[str]) -> tuple[Any, list[str]]:
    """For a walk along an index: ``found`` limited to the ids the search index gives for
    ``words``, a set the walk checks each entry against without reading its row, when they are
    at most :data:`REACHABLE`; and the words so checked (the others are read from the row)."""
    looked_up = indexed_words(words) if connection.vendor == "sqlite" else []
    if not looked_up or holders(looked_up) > REACHABLE:
        return found, []
    ids = RawSQL(f"SELECT rowid FROM {SEARCH} WHERE {SEARCH} MATCH %s", [_match(looked_up)])
    # Unindexed: the walk goes along the sort's index and asks the set, rather than SQLite
    # starting from the set and sorting all of it.
    return found.filter(In(Unindexed(F("id")), ids)), looked_up


def holders(words: Sequence[str]) -> int:
    """How many workshops hold every one of ``words`` (SQLite, indexed words), counted up to
    :data:`REACHABLE` + 1 and remembered for :data:`REMEMBERED` seconds: only which way a page
    is read depends on it, never what it shows, and counting a common word's 150,000 holders
    takes 60–80 ms a page."""
    key, now = " ".join(sorted(words)), time.monotonic()
    if (kept := _holders.get(key)) and now - kept[0] < REMEMBERED:
        return kept[1]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT rowid FROM {SEARCH} WHERE {SEARCH} MATCH %s "
            f"LIMIT {REACHABLE + 1})",
            [_match(words)],
        )
        counted = int(cursor.fetchone()[0])
    if len(_holders) >= 1_000:  # bounded: the oldest half goes (a copy: threads share it)
        for old, _ in sorted(list(_holders.items()), key=lambda kept: kept[1][0])[:500]:
            _holders.pop(old, None)
    _holders[key] = (now, counted)
    return counted


def narrowed(found: Any, words: Sequence[str], codes: Sequence[str]) -> Any:
    """``found`` narrowed through the index to workshops holding every one of ``words`` (from
    :func:`indexed_words`) and every facet code. The rows still need their filters checked: a
    code may be shared (see facets)."""
    if connection.vendor == "sqlite":
        if not words and not codes:
            return found
        # A join, not "id IN (…)": the index is read lazily, and a count stops at its cap.
        return found.extra(
            tables=[SEARCH],
            where=[f"{SEARCH}.rowid = registry_workshop.id", f"{SEARCH} MATCH %s"],
            params=[_match([*words, *codes])],
        )
    for word in words:
        found = found.filter(search_key__contains=word)
    if codes:
        found = found.extra(
            where=["string_to_array(registry_workshop.facets, ' ') @> %s::text[]"],
            params=[list(codes)],
        )
    return found
