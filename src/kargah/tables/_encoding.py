"""Which encoding a text file is in: the one its user names, else found from its bytes —
a byte-order mark (UTF-8, UTF-16, UTF-32), UTF-16 without one (NUL bytes, on one side), UTF-8,
and last the two Windows code pages Kargah's files come in, Arabic script (cp1256, older Persian
exports) or Western (cp1252, Latin-1). Both decode any bytes, so they are told apart by where the
non-ASCII letters stand: inside Latin words (Müller, São) or in words of their own (کارگاه)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kargah.errors import InputError

#: encoding → its name for people; the choices an upload form offers.
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "cp1256": "Windows-1256 (Arabic script)",
    "cp1252": "Windows-1252 (Latin-1)",
}
_BOMS = (  # UTF-32's marks begin with UTF-16's: test them first
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def label(encoding: str) -> str:
    """An encoding's name for people: "Windows-1256 (Arabic script)"."""
    plain = encoding.lower().replace("_", "-").removesuffix("-sig")
    return ENCODINGS.get(plain, encoding)


def detect(data: bytes) -> str:
    """The encoding these bytes are most likely in.

    >>> detect("کارگاه".encode("cp1256")), detect("Müller".encode("latin-1"))
    ('cp1256', 'cp1252')
    """
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding
    head = data[:4000]
    if 0 in head:  # UTF-16 without a mark: text files hold no NUL, but ASCII in UTF-16 does
        return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252" if _latin(data) else "cp1256"
    return "utf-8"


def _latin(data: bytes) -> bool:
    """True when most non-ASCII bytes touch an ASCII letter: accents in Latin words. Arabic
    letters in cp1256 come in runs, words of their own between spaces and punctuation."""
    touching = total = 0
    for run in _HIGH_RUN.finditer(data):
        total += len(run.group())
        before = data[run.start() - 1 : run.start()]
        after = data[run.end() : run.end() + 1]
        if before.isalpha() or after.isalpha():
            touching += len(run.group())
    return total > 0 and touching * 2 > total


def decode(data: bytes, path: str | Path, encoding: str | None = None) -> tuple[str, str]:
    """The text and the encoding it was read in: ``encoding`` when given (an InputError naming
    it when the bytes are not in it), else the detected one."""
    chosen = encoding or detect(data)
    if chosen == "cp1252":
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:  # the five bytes cp1252 leaves out: Latin-1 proper
            text = data.decode("latin-1")
    else:
        try:
            text = data.decode(chosen)
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise InputError(
                f"the file is not in {label(chosen)}: byte 0x{data[error.start]:02x} on line "
                f"{line} is not a character of it; choose the file's encoding",
                file=path,
            ) from None
        except LookupError:
            raise InputError(f"unknown encoding '{chosen}'", file=path) from None
    if "\x00" in text:
        raise InputError(
            f"read as {label(chosen)} the text holds NUL characters: the file is in another "
            "encoding (UTF-16?); choose the file's encoding",
            file=path,
        )
    return text.removeprefix("\ufeff"), chosen
