"""The candidate index gives the full scan's top 20, need after need, reading less; its SQL runs
on SQLite through Django-style placeholders too."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from kargah.exchange import (
    Matcher,
    SiteTables,
    build_index,
    candidates_query,
    index_codes,
    refresh_index,
    synthetic_needs,
    synthetic_profiles,
)

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    profiles = synthetic_profiles(6000, seed=11)
    path = tmp_path_factory.mktemp("index") / "index.sqlite3"
    build_index(path, profiles)
    return path, profiles


def test_the_index_gives_the_full_scan_s_top(index: tuple[Path, object]) -> None:
    path, profiles = index
    cursor = sqlite3.connect(path).cursor()
    tables = SiteTables(placeholder="?")
    read = []
    for need in synthetic_needs(60, seed=3, today=TODAY):
        fast = Matcher().search(cursor, need, tables)
        slow = Matcher().match(need, profiles)
        assert [m.workshop_id for m in fast.matches_] == [m.workshop_id for m in slow.matches_]
        assert [m.score for m in fast.matches_] == [m.score for m in slow.matches_]
        assert [m.reasons for m in fast.matches_] == [m.reasons for m in slow.matches_]
        read.append(fast.read_)
    assert sorted(read)[len(read) // 2] < 6000 / 4  # the median need reads a fraction


def test_every_ancestor_is_indexed() -> None:
    assert index_codes(["machining.cnc-turning"], "metal.steel.stainless", ["iso-9001"]) == [
        "p:machining.cnc-turning", "p:machining", "m:metal.steel.stainless", "m:metal.steel",
        "m:metal", "c:iso-9001",
    ]  # fmt: skip


def test_refresh_rewrites_a_workshop(index: tuple[Path, object]) -> None:
    """A workshop whose profile changes (its capacity taken by a linkage) is found anew."""
    path, _profiles = index
    connection = sqlite3.connect(path)
    tables = SiteTables(placeholder="?")
    need = synthetic_needs(1, seed=5, today=TODAY)[0]
    before = Matcher(top=1).search(connection.cursor(), need, tables).matches_[0]
    row = {"workshop_id": [before.workshop_id], "processes": [list(need.processes)],
           "materials": [list(need.materials)], "certifications": [list(need.certifications)],
           "county": [need.county], "idle": [0.0], "employees": [5], "active": [False]}  # fmt: skip
    refresh_index(connection.cursor(), row, tables)
    after = Matcher(top=1).search(connection.cursor(), need, tables).matches_[0]
    assert after.workshop_id != before.workshop_id
    count = connection.execute(
        "SELECT count(*) FROM exchange_profilecode WHERE workshop_id = ?", [before.workshop_id]
    ).fetchone()[0]
    assert count == 0  # inactive: out of the code index
    connection.rollback()


def test_the_sql_takes_django_s_placeholders(index: tuple[Path, object]) -> None:
    path, _profiles = index
    need = synthetic_needs(1, seed=8, today=TODAY)[0]
    sql, params = candidates_query(need, tables=SiteTables())
    assert "%s" in sql and "?" not in sql
    rows = sqlite3.connect(path).execute(sql.replace("%s", "?"), params).fetchall()
    bounds = [r[-1] for r in rows]
    assert bounds == sorted(bounds, reverse=True)
