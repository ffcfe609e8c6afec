"""Text files in the encodings people send (UTF-8 with or without a mark, UTF-16, the Arabic and
Western Windows code pages), a wrong encoding named, and a file's unknown, misspelt and doubled
columns told before an import, never dropped without a word."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from openpyxl import Workbook

from kargah.errors import InputError
from kargah.tables import ColumnNote, column_notes, read_cells, recode

LATIN = "name,city\nMüller Café,São Paulo\nÅngström,Zürich\n"
PERSIAN = "نام,شهر\nکارگاه نساجي,رشت\nفرش دستباف,لاهيجان\n"  # Arabic yeh: cp1256 has no Persian one


def write(tmp_path: Path, data: bytes, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("text", "data"),
    [
        (LATIN, LATIN.encode("latin-1")),
        (LATIN, LATIN.encode("cp1252")),
        (PERSIAN, PERSIAN.encode("cp1256")),
        (PERSIAN, codecs.BOM_UTF8 + PERSIAN.encode("utf-8")),
        (PERSIAN, PERSIAN.encode("utf-16")),  # with its byte-order mark
        (LATIN, LATIN.encode("utf-16-le")),  # without one
        (PERSIAN, PERSIAN.encode("utf-16-be")),
        (LATIN, LATIN.encode("utf-32")),
    ],
)
def test_the_encoding_is_found(tmp_path: Path, text: str, data: bytes) -> None:
    frame = read_cells(write(tmp_path, data))
    header, *rows = [line.split(",") for line in text.splitlines()]
    assert list(frame.columns) == header
    assert frame.values.tolist() == rows


def test_a_chosen_encoding_is_used_and_a_wrong_one_named(tmp_path: Path) -> None:
    path = write(tmp_path, PERSIAN.encode("cp1256"))
    with pytest.raises(InputError, match=r"not in UTF-8: byte 0x\w\w on line 1") as caught:
        read_cells(path, encoding="utf-8")
    assert caught.value.file == path
    assert read_cells(path, encoding="cp1256").columns[0] == "نام"
    wide = write(tmp_path, LATIN.encode("utf-16"), "wide.csv")
    with pytest.raises(InputError, match=r"read as Windows-1252 \(Latin-1\) the text holds NUL"):
        read_cells(wide, encoding="cp1252")


def test_recode_rewrites_in_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, LATIN.encode("latin-1"))
    recode(path, "cp1252")
    assert path.read_text(encoding="utf-8") == LATIN
    wrong = write(tmp_path, PERSIAN.encode("utf-8"), "p.csv")
    with pytest.raises(InputError, match="not in UTF-16"):
        recode(wrong, "utf-16")


def test_unknown_misspelt_and_doubled_columns_are_told(tmp_path: Path) -> None:
    path = write(tmp_path, b"Name_FA,emplyees,isic,ISIC,notes\nx,1,1010,1010,\n")
    notes = column_notes(path, ["name_fa", "employees", "isic", "county"])
    assert notes == [
        ColumnNote("unknown", "emplyees", "employees"),
        ColumnNote("duplicate", "isic", count=2),
        ColumnNote("unknown", "notes", None),
    ]
    assert str(notes[0]).endswith("did you mean 'employees'?")
    # A known column the file has is no one's misspelling.
    present = write(tmp_path, b"employees,emplyees\n1,2\n", "p.csv")
    assert column_notes(present, ["employees"]) == [ColumnNote("unknown", "emplyees", None)]
    # Spelt differently, matched alike: the second is kept apart, so imports read the first.
    assert list(read_cells(path).columns) == ["Name_FA", "emplyees", "isic", "ISIC.1", "notes"]


def test_notes_name_an_encoding_other_than_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, PERSIAN.encode("cp1256"))
    assert column_notes(path, ["نام", "شهر"]) == [
        ColumnNote("encoding", "Windows-1256 (Arabic script)")
    ]
    assert column_notes(write(tmp_path, PERSIAN.encode("utf-8"), "u.csv"), ["نام", "شهر"]) == []


def test_a_doubled_xlsx_header_keeps_both_columns(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["isic", "employees", "isic"])
    sheet.append(["1010", 3, "1020"])
    path = tmp_path / "double.xlsx"
    book.save(path)
    frame = read_cells(path)
    assert list(frame.columns) == ["isic", "employees", "isic.1"]
    assert frame.loc[2].tolist() == ["1010", 3, "1020"]
    assert column_notes(path, ["isic", "employees"]) == [ColumnNote("duplicate", "isic", count=2)]
