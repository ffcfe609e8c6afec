"""What a file may cost to read: row limits (``KARGAH_MAX_ROWS``) on every kind of file, and an
XLSX's unpacked size and declared dimension checked before a cell is loaded (a 7.6 MB "row bomb"
once took 26 s and 670 MB)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from kargah.errors import InputError
from kargah.tables import read_cells, read_dataset

PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
        '"xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
        '"worksheets/sheet1.xml"/></Relationships>'
    ),
}


def workbook(
    path: Path,
    rows: int,
    *,
    dimension: str | None = None,
    pad: int = 0,
    extra: dict[str, str] | None = None,
) -> Path:
    """A hand-made XLSX: a header (a, b) and ``rows`` rows of numbers; ``dimension`` as the
    sheet declares it (None: no declaration); ``pad`` bytes of well-compressing blank text."""
    cells = ['<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>b</t></is></c></row>']  # fmt: skip
    cells += [f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>1</v></c></row>'
              for n in range(2, rows + 2)]  # fmt: skip
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
        f'org/spreadsheetml/2006/main">{declared}<sheetData>{"".join(cells)}</sheetData>'
        f"{' ' * pad}</worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return path


def test_a_hand_made_workbook_reads(tmp_path: Path) -> None:
    frame = read_cells(workbook(tmp_path / "ok.xlsx", 3, dimension="A1:B4"))
    assert list(frame.columns) == ["a", "b"]
    assert frame["a"].tolist() == [2, 3, 4] and list(frame.index) == [2, 3, 4]


def test_declared_rows_past_the_limit_are_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KARGAH_MAX_ROWS", "100")
    # Declares a million rows and holds three: refused from the declaration alone.
    path = workbook(tmp_path / "declared.xlsx", 3, dimension="A1:B1048576")
    with pytest.raises(InputError, match=r"1,048,575 rows; at most 100") as caught:
        read_cells(path)
    assert caught.value.file == path


def test_rows_past_the_limit_stop_the_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KARGAH_MAX_ROWS", "100")
    path = workbook(tmp_path / "bomb.xlsx", 5000)  # no dimension declared: counted while read
    with pytest.raises(InputError, match="more than 100 rows"):
        read_cells(path)
    with pytest.raises(InputError, match="more than 100 rows"):
        read_dataset(path, mapping={"units": "a"}, set_values={"size_class": "small"})


def test_a_false_dimension_does_not_hide_the_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KARGAH_MAX_ROWS", "100")
    path = workbook(tmp_path / "lying.xlsx", 5000, dimension="A1:B4")  # counted in the XML
    with pytest.raises(InputError, match="more than 100 rows"):
        read_cells(path)
    assert len(read_cells(workbook(tmp_path / "ok.xlsx", 100, dimension="A1:B4"))) == 100


def test_a_sheet_without_dimension_is_not_padded(tmp_path: Path) -> None:
    """openpyxl pads each row to the width it is given: none is given when none is declared."""
    frame = read_cells(workbook(tmp_path / "plain.xlsx", 3))
    assert list(frame.columns) == ["a", "b"]


def test_a_workbook_unpacking_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KARGAH_MAX_UNPACKED_MB", "1")
    path = workbook(tmp_path / "zipbomb.xlsx", 3, pad=3 * 2**20)
    assert path.stat().st_size < 100_000  # small to upload, large unpacked
    with pytest.raises(InputError, match=r"unpacks to 3 MB; at most 1 MB"):
        read_cells(path)


def test_too_many_distinct_texts_or_a_huge_part_are_refused_before_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl loads every shared text and the styles on opening: 3 million tiny texts zip to
    0.1 MB and took 19 s and 280 MB to open."""
    monkeypatch.setenv("KARGAH_MAX_ROWS", "100")
    texts = "<sst>" + "<si><t>x</t></si>" * 501 + "</sst>"
    path = workbook(tmp_path / "texts.xlsx", 3, extra={"xl/sharedStrings.xml": texts})
    with pytest.raises(InputError, match="more than 500 distinct texts"):
        read_cells(path)
    styles = "<styleSheet>" + " " * (11 * 2**20) + "</styleSheet>"
    path = workbook(tmp_path / "styles.xlsx", 3, extra={"xl/styles.xml": styles})
    with pytest.raises(InputError, match="part xl/styles.xml unpacks to 11 MB; at most 10"):
        read_cells(path)


def test_a_sheet_declaring_too_many_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="16,384 columns wide"):
        read_cells(workbook(tmp_path / "wide.xlsx", 3, dimension="A1:XFD4"))


def test_csv_and_parquet_past_the_row_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KARGAH_MAX_ROWS", "10")
    text = tmp_path / "long.csv"
    text.write_text("a,b\n" + "1,2\n" * 11, encoding="utf-8")
    with pytest.raises(InputError, match="more than 10 rows"):
        read_cells(text)
    text.write_text("a,b\n" + "1,2\n" * 10, encoding="utf-8")
    assert len(read_cells(text)) == 10  # the limit itself is allowed
    parquet = tmp_path / "long.parquet"
    pd.DataFrame({"a": range(11)}).to_parquet(parquet)
    with pytest.raises(InputError, match="11 rows; at most 10"):
        read_cells(parquet)


def test_a_bad_limit_setting_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KARGAH_MAX_ROWS", "many")
    text = tmp_path / "t.csv"
    text.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(InputError, match="KARGAH_MAX_ROWS='many' is not a number"):
        read_cells(text)
