"""How much of a file Kargah reads into memory: a row limit (``KARGAH_MAX_ROWS``) and, for XLSX,
a limit on what the workbook unpacks to (``KARGAH_MAX_UNPACKED_MB``) and on its width. A small
XLSX can unpack to gigabytes (a "zip bomb") or declare a million rows: both are refused from the
zip's directory and the sheet's declared dimension, before a cell is read."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import IO

from kargah.errors import InputError

DEFAULT_MAX_ROWS = 200_000
DEFAULT_MAX_UNPACKED_MB = 300
#: No table Kargah reads has more columns; a sheet declaring more is refused.
MAX_COLUMNS = 1_000
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")


def _setting(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    try:
        number = float(value) if value.strip() else default
    except ValueError:
        raise InputError(f"{name}={value!r} is not a number") from None
    return number if number > 0 else default


def max_rows() -> int:
    """The most data rows a file may have (``KARGAH_MAX_ROWS``, default 200,000)."""
    return int(_setting("KARGAH_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_unpacked_bytes() -> int:
    """The most an XLSX may unpack to (``KARGAH_MAX_UNPACKED_MB``, default 300 MB)."""
    return int(_setting("KARGAH_MAX_UNPACKED_MB", DEFAULT_MAX_UNPACKED_MB) * 1024 * 1024)


def too_many_rows(path: str | Path, count: int | str) -> InputError:
    shown = f"{count:,}" if isinstance(count, int) else count
    return InputError(
        f"the file has {shown} rows; at most {max_rows():,} can be read (KARGAH_MAX_ROWS)",
        file=path,
    )


def check_zip(path: Path) -> None:
    """Refuse a workbook whose parts unpack to more than the limit, or one of whose sheets holds
    more rows than the limit, before openpyxl opens it (which parses the whole of a sheet that
    declares no dimension). The sizes are the zip's declared ones, which Python's zipfile holds
    every part to while reading it."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            unpacked = sum(info.file_size for info in parts)
            limit = max_unpacked_bytes()
            if unpacked > limit:
                raise InputError(
                    f"the workbook unpacks to {unpacked / 2**20:,.0f} MB; at most "
                    f"{limit / 2**20:,.0f} MB can be read (KARGAH_MAX_UNPACKED_MB)",
                    file=path,
                )
            for info in parts:
                if _SHEET.fullmatch(info.filename):
                    with archive.open(info) as source:
                        _check_rows(path, source, Path(info.filename).stem)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(f"not a readable XLSX workbook ({error})", file=path) from None


def check_dimension(path: Path, rows: int | None, columns: int | None) -> None:
    """Refuse a sheet whose declared size (its ``dimension``) passes the limits."""
    if rows is not None and rows - 1 > max_rows():
        raise too_many_rows(path, rows - 1)
    if columns is not None and columns > MAX_COLUMNS:
        raise InputError(
            f"the sheet is {columns:,} columns wide; at most {MAX_COLUMNS:,} can be read",
            file=path,
        )


def _check_rows(path: Path, source: IO[bytes], sheet: str) -> None:
    """Count a sheet's rows in its XML (``<row …>``, with or without a namespace prefix) without
    parsing a cell, stopping as soon as the count passes the limit: a sheet may declare no
    dimension, or a false one."""
    limit, count, tail = max_rows() + 1, 0, b""  # the header row is allowed besides
    while chunk := source.read(1 << 20):
        data = tail + chunk
        count += len(_ROW.findall(data, 0, max(0, len(data) - 16)))
        tail = data[max(0, len(data) - 16) :]
        if count + len(_ROW.findall(tail)) > limit:
            raise InputError(
                f"the sheet '{sheet}' has more than {limit - 1:,} rows; at most {limit - 1:,} "
                "can be read (KARGAH_MAX_ROWS)",
                file=path,
            )
