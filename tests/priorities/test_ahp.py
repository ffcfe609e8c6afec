"""Pairwise matrices read and refused with the cell named; AHP consistency, the judgement to
revise, and group weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kargah.errors import InputError, OptionError
from kargah.priorities import AHP, Pairwise, read_pairwise


def write(tmp_path: Path, text: str, name: str = "m.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_fractions_persian_digits_and_blank_lower_triangle(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        ",jobs,capital,market\njobs,1,۳,1/5\ncapital,,1,۱/۷\nmarket,5,,۱\n",
    )
    matrix = read_pairwise(path)
    assert matrix.criteria == ["jobs", "capital", "market"]
    assert matrix.values[0][1] == 3 and matrix.values[1][0] == pytest.approx(1 / 3)
    assert matrix.values[1][2] == pytest.approx(1 / 7) and matrix.values[2][1] == pytest.approx(7)


def test_reads_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["", "a", "b"], ["a", 1, "1/3"], ["b", 3, 1]):
        sheet.append(row)
    book.save(tmp_path / "m.xlsx")
    assert read_pairwise(tmp_path / "m.xlsx").values[0][1] == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("text", "row", "column", "words"),
    [
        (",a,b\na,1,3\nb,1/2,1\n", 2, "b", "not reciprocal"),
        (",a,b\na,1,12\nb,1/12,1\n", 2, "b", "off Saaty's scale"),
        (",a,b\na,2,3\nb,1/3,1\n", 2, "a", "diagonal"),
        (",a,b\na,1,x\nb,1/3,1\n", 2, "b", "not a number"),
        (",a,b\na,1,-3\nb,1/3,1\n", 2, "b", "positive"),
        (",a,b\nb,1,3\na,1/3,1\n", 2, None, "should be 'a'"),
    ],
)
def test_refusals_name_the_cell(
    tmp_path: Path, text: str, row: int, column: str | None, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        read_pairwise(write(tmp_path, text))
    error = caught.value
    assert words in error.message and error.row == row and Path(str(error.file)).name == "m.csv"
    if column is not None:
        assert error.column == column


@pytest.mark.parametrize("text", [",a,b,c\na,1,3,5\nb,1/3,1,2\n", ",a,b\na,1,3,5\nb,1/3,1\n"])
def test_not_square_is_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError, match="not square"):
        read_pairwise(write(tmp_path, text))


def test_pairwise_checks_on_creation() -> None:
    with pytest.raises(InputError) as caught:
        Pairwise(["a", "b", "c"], [[1, 2, 1], [1 / 2, 1, 4], [1, 1 / 3, 1]])
    assert caught.value.row == 3 and caught.value.column == "c"  # row b, column c
    with pytest.raises(InputError, match="twice"):
        Pairwise(["a", "a"], [[1, 1], [1, 1]])


def test_consistent_matrix_has_cr_zero_and_exact_weights() -> None:
    w = np.array([0.5, 0.3, 0.2])
    matrix = (w[:, None] / w[None, :]).tolist()
    ahp = AHP().weigh([Pairwise(["a", "b", "c"], matrix)])
    assert list(ahp.weights_.values()) == pytest.approx(w)
    assert ahp.lambda_max_ == pytest.approx(3) and ahp.cr_ == pytest.approx(0, abs=1e-9)
    assert ahp.random_index_ == 0.58


def test_inconsistent_matrix_names_the_judgement_that_helps_most() -> None:
    """a ≫ b ≫ c but c ≫ a: CR far above 0.10; moving the suggested cell to the suggested value
    lowers CR more than any other single change on the scale."""
    names = ["a", "b", "c", "d"]
    matrix = [[1, 5, 1 / 7, 3], [1 / 5, 1, 5, 1], [7, 1 / 5, 1, 1 / 3], [1 / 3, 1, 3, 1]]
    ahp = AHP().weigh([Pairwise(names, matrix)])
    assert ahp.cr_ > 0.10
    assert ahp.revise_ is not None
    row, column, value = ahp.revise_
    i, j = names.index(row), names.index(column)
    fixed = np.array(matrix, dtype=float)
    fixed[i, j], fixed[j, i] = value, 1 / value
    better = AHP().weigh([Pairwise(names, fixed.tolist())])
    assert better.cr_ < ahp.cr_
    # No other single change does better.
    for k in range(4):
        for m in range(k + 1, 4):
            for v in (1 / 9, 1 / 5, 1, 5, 9):
                trial = np.array(matrix, dtype=float)
                trial[k, m], trial[m, k] = v, 1 / v
                assert AHP().weigh([Pairwise(names, trial.tolist())]).cr_ >= better.cr_ - 1e-12
    revise = ahp.as_dict()["revise"]
    assert (revise["row"], revise["column"], revise["value"]) == (row, column, value)
    assert revise["current"] == pytest.approx(matrix[i][j]) and revise["cr_after"] == pytest.approx(
        better.cr_
    )
    expert = ahp.as_dict()["experts"][0]["revise"]
    assert (expert["row"], expert["column"], expert["value"]) == (row, column, value)
    assert ahp.as_dict()["consistent"] is False


def test_group_of_three_experts_by_geometric_mean() -> None:
    names = ["a", "b", "c"]
    experts = [
        Pairwise(names, [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]], "e1.csv"),
        Pairwise(names, [[1, 1, 3], [1, 1, 2], [1 / 3, 1 / 2, 1]], "e2.csv"),
        # The third lists the criteria in another order: matched by name.
        Pairwise(["c", "a", "b"], [[1, 1 / 9, 1 / 2], [9, 1, 5], [2, 1 / 5, 1]], "e3.csv"),
    ]
    ahp = AHP().weigh(experts)
    assert ahp.group_matrix_[0][1] == pytest.approx((3 * 1 * 5) ** (1 / 3))
    assert ahp.group_matrix_[0][2] == pytest.approx((5 * 3 * 9) ** (1 / 3))
    assert [e["file"] for e in ahp.experts_] == ["e1.csv", "e2.csv", "e3.csv"]
    assert ahp.experts_[2]["weights"]["a"] > 0.6
    assert max(ahp.weights_, key=lambda k: ahp.weights_[k]) == "a"
    assert set(ahp.as_dict()) >= {"weights", "lambda_max", "ci", "cr", "random_index", "experts"}


def test_experts_with_different_criteria_are_refused() -> None:
    one = Pairwise(["a", "b"], [[1, 3], [1 / 3, 1]], "e1.csv")
    two = Pairwise(["a", "c"], [[1, 3], [1 / 3, 1]], "e2.csv")
    with pytest.raises(InputError, match="differ"):
        AHP().weigh([one, two])


def test_random_index_tables() -> None:
    names = [f"c{k}" for k in range(5)]
    matrix = np.ones((5, 5))
    matrix[0, 1], matrix[1, 0] = 3, 1 / 3
    ahp = AHP(random_index="alonso-lamata").weigh([Pairwise(names, matrix.tolist())])
    assert ahp.random_index_ == 1.1086 and "Alonso" in ahp.random_index_table_
    with pytest.raises(OptionError):
        AHP(random_index="nope")


def test_from_judgements_as_a_form_sends_them() -> None:
    names = ["jobs", "capital", "market"]
    matrix = Pairwise.from_judgements(
        names, {("jobs", "capital"): 3, ("market", "jobs"): 5, ("capital", "market"): 1 / 7}
    )
    assert matrix.values[1][0] == pytest.approx(1 / 3)
    assert matrix.values[0][2] == pytest.approx(1 / 5) and matrix.values[2][0] == 5
    with pytest.raises(InputError, match="no judgement of 'capital' against 'market'"):
        Pairwise.from_judgements(names, {("jobs", "capital"): 3, ("jobs", "market"): 5})
    with pytest.raises(InputError, match="off Saaty's scale"):
        Pairwise.from_judgements(["a", "b"], {("a", "b"): 10})
