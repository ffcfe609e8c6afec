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
#: Distinct texts (shared strings) a workbook may hold per row allowed: openpyxl keeps them all.
TEXTS_PER_ROW = 5
#: XML parts besides sheets and texts (styles, workbook, relations) are small in real files.
MAX_PART_MB = 10
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_TEXT = re.compile(rb"<(?:\w+:)?si[\s>/]")
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
    """Refuse a workbook before openpyxl opens it (opening parses the shared texts, the styles
    and the whole of a sheet that declares no dimension) when its parts unpack to more than the
    limit, a sheet holds more rows than the limit, it holds more distinct texts than
    ``TEXTS_PER_ROW`` per row allowed, or another XML part is larger than ``MAX_PART_MB``. The
    sizes are the zip's declared ones, which Python's zipfile holds every part to while reading
    it; rows and texts are counted in the XML without parsing it."""
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
                _check_part(path, archive, info)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(f"not a readable XLSX workbook ({error})", file=path) from None


def _check_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    name, rows = info.filename, max_rows()
    if _SHEET.fullmatch(name):
        with archive.open(info) as source:
            if _more_than(source, _ROW, rows + 1):  # the header row besides
                raise InputError(
                    f"the sheet '{Path(name).stem}' has more than {rows:,} rows; at most "
                    f"{rows:,} can be read (KARGAH_MAX_ROWS)",
                    file=path,
                )
    elif name == "xl/sharedStrings.xml":
        with archive.open(info) as source:
            if _more_than(source, _TEXT, TEXTS_PER_ROW * rows):
                raise InputError(
                    f"the workbook holds more than {TEXTS_PER_ROW * rows:,} distinct texts; "
                    f"at most {TEXTS_PER_ROW} a row can be read (KARGAH_MAX_ROWS)",
                    file=path,
                )
    elif name.endswith((".xml", ".rels")) and info.file_size > MAX_PART_MB * 2**20:
        raise InputError(
            f"the workbook's part {name} unpacks to {info.file_size / 2**20:,.0f} MB; at most "
            f"{MAX_PART_MB} MB can be read",
            file=path,
        )


def check_dimension(path: Path, rows: int | None, columns: int | None) -> None:
    """Refuse a sheet whose declared size (its ``dimension``) passes the limits."""
    if rows is not None and rows - 1 > max_rows():
        raise too_many_rows(path, rows - 1)
    if columns is not None and columns > MAX_COLUMNS:
        raise InputError(
            f"the sheet is {columns:,} columns wide; at most {MAX_COLUMNS:,} can be read",
            file=path,
        )


def _more_than(source: IO[bytes], pattern: re.Pattern[bytes], limit: int) -> bool:
    """Whether ``pattern`` occurs more than ``limit`` times in ``source``, read in chunks and
    left as soon as the count passes the limit."""
    count, tail = 0, b""
    while chunk := source.read(1 << 20):
        data = tail + chunk
        count += len(pattern.findall(data, 0, max(0, len(data) - 16)))
        tail = data[max(0, len(data) - 16) :]
        if count + len(pattern.findall(tail)) > limit:
            return True
    return False
