"""The index's SQL on PostgreSQL (when the suite runs there: KARGAH_DATABASE_URL, as .ci/run
sets it): the same top as the full scan, in a transaction that is rolled back."""

from __future__ import annotations

import os
import uuid
from datetime import date

import pytest

from kargah.exchange import (
    Matcher,
    SiteTables,
    index_ddl,
    refresh_index,
    synthetic_needs,
    synthetic_profiles,
)

URL = os.environ.get("KARGAH_DATABASE_URL", "")


@pytest.mark.skipif(not URL.startswith("postgres"), reason="KARGAH_DATABASE_URL is no PostgreSQL")
def test_the_index_on_postgresql() -> None:
    psycopg = pytest.importorskip("psycopg")
    suffix = uuid.uuid4().hex[:8]
    tables = SiteTables(profile=f"xtest_profile_{suffix}", codes=f"xtest_code_{suffix}")
    profiles = synthetic_profiles(3000, seed=21)
    with psycopg.connect(URL) as connection:
        try:
            cursor = connection.cursor()
            for statement in index_ddl(tables, "postgresql"):
                cursor.execute(statement)
            refresh_index(cursor, profiles, tables)
            for need in synthetic_needs(25, seed=4, today=date(2026, 11, 27)):
                fast = Matcher().search(cursor, need, tables)
                slow = Matcher().match(need, profiles)
                assert [(m.workshop_id, m.score) for m in fast.matches_] == [
                    (m.workshop_id, m.score) for m in slow.matches_
                ]
        finally:
            connection.rollback()
