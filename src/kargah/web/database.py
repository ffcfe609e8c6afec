"""Database chores the web apps share."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def analyze() -> None:
    """Fresh planner statistics after a bulk load. Until autovacuum comes by (and it cannot see
    the rows of a transaction still open), PostgreSQL plans joins over thousands of new rows as
    if the tables held one, and a page can take minutes; SQLite likewise picks indexes by them."""
    from django.db import connection

    if connection.vendor in {"sqlite", "postgresql"}:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def within(seconds: float, query: Callable[[], T]) -> T | None:
    """``query()``, or None if the database is still at it after ``seconds`` (SQLite stops it
    between steps; elsewhere it runs to the end): for figures worth a glance, not a wait."""
    from django.db import OperationalError, connection

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
