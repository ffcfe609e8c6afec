"""Database chores the web apps share."""

from __future__ import annotations


def analyze() -> None:
    """Fresh planner statistics after a bulk load. Until autovacuum comes by (and it cannot see
    the rows of a transaction still open), PostgreSQL plans joins over thousands of new rows as
    if the tables held one, and a page can take minutes; SQLite likewise picks indexes by them."""
    from django.db import connection

    if connection.vendor in {"sqlite", "postgresql"}:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
