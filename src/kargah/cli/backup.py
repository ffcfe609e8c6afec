"""``kargah backup OUTPUT`` and ``kargah restore INPUT``: the whole database and the uploaded
files in one ZIP file, taken while the site runs.

SQLite is copied with its online backup API (one consistent snapshot, writers go on); PostgreSQL
with ``pg_dump`` (restored with ``pg_restore``). Every file of ``KARGAH_HOME`` goes along except
the database itself and what is made again (static files, compiled translations, logs) or must
stay on its machine (the secret key)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from kargah.cli._common import console, django_site, step, user_errors
from kargah.errors import KargahError

FORMAT = "kargah-backup"
SKIPPED = {"static", "locale", "logs", "secret_key"}
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def _engine(database: dict[str, Any]) -> str:
    return "postgresql" if "postgresql" in database["ENGINE"] else "sqlite"


def _pg(tool: str, database: dict[str, Any], *args: str) -> None:
    """Run pg_dump or pg_restore against the site's database (password by environment only)."""
    if shutil.which(tool) is None:
        raise KargahError(f"{tool} is not installed (PostgreSQL's client tools are needed)")
    env = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    where = ["-h", str(database["HOST"] or "localhost"), "-U", str(database["USER"])]
    if database.get("PORT"):
        where += ["-p", str(database["PORT"])]
    done = subprocess.run([tool, *where, *args], env=env, capture_output=True, text=True)
    if done.returncode:
        raise KargahError(f"{tool} failed: {done.stderr.strip()}")


def _files(home: Path, database: Path | None) -> list[Path]:
    names = {database.name, f"{database.name}-wal", f"{database.name}-shm"} if database else set()
    found = []
    for path in sorted(home.rglob("*")):
        top = path.relative_to(home).parts[0]
        if path.is_file() and top not in SKIPPED and top not in names:
            found.append(path)
    return found


def backup(
    output: Annotated[Path, typer.Argument(help="The backup file to write (.zip).")],
) -> None:
    """Write the whole database and the uploaded files to one file, while the site runs."""
    settings = django_site()
    database, home = settings.DATABASES["default"], Path(settings.HOME)
    engine = _engine(database)
    with user_errors(), tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMPS[engine]
        if engine == "sqlite":
            if not Path(database["NAME"]).exists():
                raise KargahError(f"no database in {home}: nothing to back up")
            source = sqlite3.connect(f"{Path(database['NAME']).as_uri()}?mode=ro", uri=True)
            target = sqlite3.connect(dump)
            with target:
                step("Copying the database…", lambda: source.backup(target))
            source.close()
            target.close()
        else:
            step("Dumping the database…", lambda: _pg("pg_dump", database, "-Fc", "-f",
                 str(dump), str(database["NAME"])))  # fmt: skip
        sqlite_file = Path(database["NAME"]) if engine == "sqlite" else None
        files = _files(home, sqlite_file)
        manifest = {"format": FORMAT, "version": 1, "engine": engine,
                    "made": datetime.now(UTC).isoformat(timespec="seconds"),
                    "files": [str(p.relative_to(home)) for p in files]}  # fmt: skip
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        # Owner-only from its first byte: it holds every account's password hash.
        partial.touch(mode=0o600)
        partial.chmod(0o600)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, indent=1))
            archive.write(dump, DUMPS[engine])
            for path in files:
                archive.write(path, f"files/{path.relative_to(home)}")
        partial.replace(output)
    console.print(f"backup written: {output} ({output.stat().st_size:,} bytes, {len(files)} files)")


def restore(
    input: Annotated[
        Path, typer.Argument(help="A file written by kargah backup.", exists=True, dir_okay=False)
    ],
) -> None:
    """Restore a backup into an empty KARGAH_HOME (or empty PostgreSQL database)."""
    settings = django_site()
    database, home = settings.DATABASES["default"], Path(settings.HOME)
    engine = _engine(database)
    with user_errors(), zipfile.ZipFile(input) as archive:
        manifest = _manifest(archive, input)
        if manifest["engine"] != engine:
            raise KargahError(
                f"{input.name} holds a {manifest['engine']} database; this site uses {engine}"
            )
        from django.db import connection

        if connection.introspection.table_names():
            raise KargahError(f"the database of {home} is not empty: restore into a new one")
        connection.close()
        with tempfile.TemporaryDirectory() as work:
            dump = Path(archive.extract(DUMPS[engine], work))
            if engine == "sqlite":
                target = Path(database["NAME"])
                shutil.copyfile(dump, target)
                target.chmod(0o600)
            else:
                _pg("pg_restore", database, "--no-owner", "--no-privileges", "-d",
                    str(database["NAME"]), str(dump))  # fmt: skip
        for name in manifest["files"]:
            target = (home / name).resolve()
            if not target.is_relative_to(home):  # a crafted archive cannot write outside
                raise KargahError(f"{input.name}: {name} points outside the data folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(f"files/{name}"))
            target.chmod(0o600)
    from django.core.management import call_command

    # A backup from an older Kargah comes up to this version's tables.
    step("Migrating…", lambda: call_command("migrate", interactive=False, verbosity=0))
    console.print(f"restored {input} into {home}")


def _manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError):
        manifest = {}
    if manifest.get("format") != FORMAT or manifest.get("engine") not in DUMPS:
        raise KargahError(f"{path.name} is not a Kargah backup")
    return dict(manifest)
