"""Database chores the web apps share."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def analyze() -> None:
    """Fresh planner statistics after a bulk load. Until autovacuum comes by (and it cannot see
    the rows of a transaction still open), PostgreSQL plans joins over thousands of new rows as
    if the tables held one, and a page can take minutes; SQLite likewise picks indexes by them."""
    from django.db import connection

    if connection.vendor in {"sqlite", "postgresql"}:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                # VACUUM also marks the new rows visible to all, which lets a walk along an
                # index that carries the filtered columns skip the table (an index-only scan).
                cursor.execute("VACUUM (ANALYZE)")
            else:
                cursor.execute("ANALYZE")


def within(seconds: float, query: Callable[[], T]) -> T | None:
    """``query()``, or None if the database is still at it after ``seconds`` (SQLite stops it
    between steps, PostgreSQL by ``statement_timeout``): for work that has a cheaper way."""
    from django.db import OperationalError, connection, transaction

    if connection.vendor == "postgresql":
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                # SET LOCAL ends with this transaction, or with its savepoint if rolled back.
                cursor.execute(f"SET LOCAL statement_timeout = {max(1, int(seconds * 1000))}")
                result = query()
                cursor.execute("SET LOCAL statement_timeout = DEFAULT")
                return result
        except OperationalError as error:
            if "statement timeout" not in str(error):
                raise
            return None
    if connection.vendor != "sqlite":
        return query()
    connection.ensure_connection()
    deadline = time.perf_counter() + seconds
    raw = connection.connection
    raw.set_progress_handler(lambda: int(time.perf_counter() > deadline), 10_000)
    try:
        return query()
    except OperationalError as error:
        if "interrupt" not in str(error):
            raise
        return None
    finally:
        raw.set_progress_handler(None, 0)


@contextmanager
def planned(*forbidden: str) -> Iterator[None]:
    """Within the block, PostgreSQL's planner may not use the ``forbidden`` ways of reading
    (``indexscan``, ``bitmapscan``, ``seqscan``…): for when the caller knows the matches' shape
    better than the statistics (a list walked in an index's order, or gathered from a bitmap).
    Elsewhere: nothing."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql" or not forbidden:
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for way in forbidden:
            cursor.execute(f"SET LOCAL enable_{way} = off")  # names from the caller, not input
        yield
