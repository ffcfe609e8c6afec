"""``kargah backup`` → ``kargah restore`` into an empty data folder gives back every row of every
table and the uploaded files; the backup is one owner-only file, taken while the site writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kargah.web.accounts.demo import DEMO_USERS

SRC = Path(__file__).resolve().parents[1] / "src"

# Every table, row by row, through Django's own introspection (whatever apps are installed).
DUMP = """
import json, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "kargah.web.settings"
django.setup()
from django.db import connection
tables = {}
with connection.cursor() as cursor:
    for table in connection.introspection.table_names():
        cursor.execute(f'SELECT * FROM "{table}"')
        tables[table] = sorted(json.dumps(row, default=str) for row in cursor.fetchall())
print(json.dumps(tables))
"""


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KARGAH_HOME": str(home), "PYTHONPATH": str(SRC), "COLUMNS": "300"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # each data folder its own SQLite database: "restore into an empty site" needs a database
    # of its own, which a shared PostgreSQL server does not give (pg_dump's path is not walked here)
    env.pop("KARGAH_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=600
    )


def kargah(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(home, "-m", "kargah.cli", *args)


def tables(home: Path) -> dict[str, list[str]]:
    done = run(home, "-c", DUMP)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_backup_and_restore_round_trip_every_row(tmp_path: Path) -> None:
    site, empty, archive = tmp_path / "site", tmp_path / "empty", tmp_path / "b" / "site.zip"
    assert kargah(site, "serve", "--demo", "--no-run").returncode == 0
    (site / "imports").mkdir(exist_ok=True)
    (site / "imports" / "upload.csv").write_text("name\nسفال\n", encoding="utf-8")
    before = tables(site)
    assert (
        len(before["registry_workshop"]) > 100 and len(before["auth_user"]) == len(DEMO_USERS) + 2
    )

    made = kargah(site, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    assert archive.stat().st_mode & 0o077 == 0  # the owner's only: it holds password hashes
    restored = kargah(empty, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr

    after = tables(empty)
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert (empty / "imports" / "upload.csv").read_text(encoding="utf-8") == "name\nسفال\n"

    # never over a site's data
    again = kargah(empty, "restore", str(archive))
    assert again.returncode == 2 and "not empty" in again.stderr
    assert tables(empty) == before


def test_the_backup_is_one_consistent_snapshot_while_the_site_writes(tmp_path: Path) -> None:
    """A writer adds rows in pairs, one transaction each; a backup taken meanwhile holds whole
    pairs only (an even count), however the copy and the writes interleave."""
    import sqlite3

    site = tmp_path / "site"
    assert kargah(site, "manage", "migrate", "-v0").returncode == 0
    with sqlite3.connect(site / "kargah.sqlite3") as database:
        database.execute("CREATE TABLE pairs (id INTEGER PRIMARY KEY, half INTEGER)")
    stop, started = threading.Event(), threading.Event()

    def write() -> None:
        database = sqlite3.connect(site / "kargah.sqlite3", timeout=30, isolation_level=None)
        while not stop.is_set():
            database.execute("BEGIN IMMEDIATE")
            database.executemany("INSERT INTO pairs (half) VALUES (?)", [(0,), (1,)])
            database.execute("COMMIT")
            started.set()
        database.close()

    writer = threading.Thread(target=write)
    writer.start()
    started.wait(30)
    try:
        made = kargah(site, "backup", str(tmp_path / "during.zip"))
    finally:
        stop.set()
        writer.join()
    assert made.returncode == 0, made.stderr
    restored = kargah(tmp_path / "copy", "restore", str(tmp_path / "during.zip"))
    assert restored.returncode == 0, restored.stderr
    count = tables(tmp_path / "copy")["pairs"]
    assert len(count) > 0 and len(count) % 2 == 0


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.zip"
    bogus.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty ZIP
    done = kargah(tmp_path / "home", "restore", str(bogus))
    assert done.returncode == 2 and "not a Kargah backup" in done.stderr


def test_postgresql_without_its_client_tools_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from kargah.cli.backup import _pg
    from kargah.errors import KargahError

    monkeypatch.setenv("PATH", "")
    database = {"HOST": "db", "USER": "kargah", "PASSWORD": "x", "PORT": "", "NAME": "kargah"}
    with pytest.raises(KargahError, match="pg_dump is not installed"):
        _pg("pg_dump", database, "-Fc", "kargah")


def test_backup_of_a_site_without_a_database_says_so(tmp_path: Path) -> None:
    done = kargah(tmp_path / "nothing here", "backup", str(tmp_path / "b.zip"))
    assert done.returncode == 2 and "nothing to back up" in done.stderr
    assert not (tmp_path / "b.zip").exists()
