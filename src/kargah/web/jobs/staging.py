"""Big loads that neither block the site nor show half their rows.

Rows go first to a staging table of their own, batch by batch, each batch in its own short
transaction (other writers wait milliseconds, not the whole load); then one ``INSERT … SELECT``
publishes them all at once, in one short transaction: all or nothing. The staging table is
temporary, the load's connection's own: a load killed midway leaves nothing (:func:`drop_stale`
still removes tables that loads of earlier versions left)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models, transaction

PREFIX = "kargah_stage_"
#: Column numbering the staged rows 1…n in the order they were added.
ORDER = "kargah_n"


class Stage:
    """A staging table shaped like ``model``'s table (its columns but none of its constraints,
    so the database's own checks run once, at publication), plus ``extra`` text columns for what
    the caller publishes beside the rows (e.g. many-to-many links)."""

    def __init__(self, model: type[models.Model], extra: Sequence[str] = ()) -> None:
        self.model = model
        self.table = f"{PREFIX}{uuid.uuid4().hex}"
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.extra = list(extra)
        self.count = 0
        q = connection.ops.quote_name
        columns = ", ".join(q(f.column) for f in self.fields)
        with transaction.atomic(), connection.cursor() as cursor:
            # Temporary: the load's own connection sees it, and creating or dropping it changes
            # no schema other connections read (on SQLite such a change made their edits of a
            # table with a search index fail with "no such table" while it was re-read).
            cursor.execute(
                f"CREATE TEMPORARY TABLE {q(self.table)} AS SELECT {columns} "
                f"FROM {q(model._meta.db_table)} WHERE 1 = 0"
            )
            cursor.execute(f"ALTER TABLE {q(self.table)} ADD COLUMN {ORDER} integer")
            # Without it, joining the published rows back to their staged ones (links) can run
            # as a nested loop, rows × rows, while holding the write lock.
            cursor.execute(
                f"CREATE UNIQUE INDEX {q(self.table + '_n')} ON {q(self.table)} ({ORDER})"
            )
            for name in self.extra:
                cursor.execute(f"ALTER TABLE {q(self.table)} ADD COLUMN {q(name)} text")

    def add(self, objects: Sequence[models.Model], extras: Sequence[Sequence[Any]] = ()) -> int:
        """Stage unsaved ``objects`` (with one tuple of ``extra`` values each) in one short
        transaction. Values are prepared as Django's own ``bulk_create`` prepares them."""
        rows = []
        for i, obj in enumerate(objects):
            self.count += 1
            values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in self.fields]
            more = list(extras[i]) if extras else [None] * len(self.extra)
            rows.append([*values, self.count, *more])
        q = connection.ops.quote_name
        names = [q(f.column) for f in self.fields] + [ORDER] + [q(e) for e in self.extra]
        marks = ", ".join(["%s"] * len(names))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {q(self.table)} ({', '.join(names)}) VALUES ({marks})", rows
            )
        return len(rows)

    def publish(self, then: Callable[[Any, str], None] | None = None) -> int:
        """Copy every staged row into the model's table in one transaction, in the order staged;
        ``then(cursor, numbered)`` runs in the same transaction, where ``numbered`` is a SQL
        subquery giving each new row's ``id`` beside its ``kargah_n``. Drops the staging table
        whatever happens."""
        q = connection.ops.quote_name
        target = q(self.model._meta.db_table)
        columns = ", ".join(q(f.column) for f in self.fields)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":  # SQLite's IMMEDIATE already excludes
                    cursor.execute(f"LOCK TABLE {target} IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {target}")
                before = int(cursor.fetchone()[0])
                cursor.execute(
                    f"INSERT INTO {target} ({columns}) SELECT {columns} FROM {q(self.table)} "
                    f"ORDER BY {ORDER}"
                )
                # New ids are above every old one and follow the staging order (AUTOINCREMENT
                # on SQLite, one sequence under the table lock on PostgreSQL).
                numbered = (
                    f"(SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS {ORDER} "
                    f"FROM {target} WHERE id > {before})"
                )
                if then is not None:
                    then(cursor, numbered)
        finally:
            self.drop()
        return self.count

    def drop(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(self.table)}")


def drop_stale() -> list[str]:
    """Remove staging tables left by loads that were killed (called when nothing runs)."""
    stale = [t for t in connection.introspection.table_names() if t.startswith(PREFIX)]
    with connection.cursor() as cursor:
        for table in stale:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}")
    return stale
