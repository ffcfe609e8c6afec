"""The coding command's input files: checked cell by cell, spellings unified, and fuzzed input
either reads or says which file is wrong."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kargah.coding import Agreement, read_codings, read_segments, theme_frequencies
from kargah.errors import InputError


def test_segments_unify_spellings_and_name_bad_cells(tmp_path: Path) -> None:
    path = tmp_path / "segments.csv"
    path.write_text(
        "respondent,sector,area,kind,segment,theme\n"
        "1,public,investment,challenge,s1,مشکلات بانكي\n"
        "۲,private,investment,Challenge,s2,مشکلات بانکی\n"
        "3,private,investment,challenge,s3,\n",
        encoding="utf-8",
    )
    table = theme_frequencies(read_segments(path))
    assert table[["theme", "count", "respondents"]].values.tolist() == [["مشکلات بانكي", 2, 2]]
    path.write_text(
        "respondent,sector,area,kind,segment,theme\n1,public,,problem,s1,x\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        read_segments(path)
    assert "row 2, column 'area'" in str(caught.value)
    assert "row 2, column 'kind'" in str(caught.value)


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=6)  # fmt: skip


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(TEXT, min_size=6, max_size=6), min_size=1, max_size=8))
def test_fuzzed_segment_files(tmp_path: Path, rows: list[list[str]]) -> None:
    path = tmp_path / "fuzz.csv"
    columns = ["respondent", "sector", "area", "kind", "segment", "theme"]
    pd.DataFrame(rows, columns=columns).to_csv(path, index=False, lineterminator="\r\n")
    try:
        segments = read_segments(path)
    except InputError as error:
        assert "fuzz.csv" in str(error)
    else:
        table = theme_frequencies(segments)
        assert table["count"].sum() == segments["theme"].notna().sum()


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(TEXT, min_size=3, max_size=3), min_size=1, max_size=8))
def test_fuzzed_coding_files(tmp_path: Path, rows: list[list[str]]) -> None:
    path = tmp_path / "fuzz.csv"
    # "\r\n" as the line end makes pandas quote a lone "\r" inside a cell too (with "\n" it
    # writes "0\r0" bare, which any CSV reader rightly takes for two lines).
    frame = pd.DataFrame(rows, columns=["unit", "coder", "code"])
    frame.to_csv(path, index=False, lineterminator="\r\n")
    try:
        codings = read_codings(path)
    except InputError as error:
        assert "fuzz.csv" in str(error)
    else:
        result = Agreement.compute(codings)
        assert result.units <= len(rows)
        alpha = result.krippendorff_alpha_nominal
        assert alpha is None or alpha <= 1.0
