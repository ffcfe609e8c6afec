"""Pairwise comparison matrices on Saaty's 1–9 scale: checked on creation, read from CSV or XLSX.

A file is square: a header row of criterion names (its first cell is free), then one row per
criterion starting with its name. Cells are numbers or fractions (``1/3``), Persian or Arabic
digits allowed; an empty cell below the diagonal is filled as the reciprocal of its mirror.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kargah.errors import InputError

#: Saaty's scale runs from 1/9 to 9; a group's geometric mean stays inside it.
LOW, HIGH = 1 / 9, 9.0
#: How far a·aᵀ may stray from 1 and still count as reciprocal: files round 1/3 to 0.333.
TOLERANCE = 0.01
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫", "01234567890123456789.")


@dataclass(frozen=True)
class Pairwise:
    """A square, reciprocal matrix of judgements ``values[i][j]`` = how much more ``criteria[i]``
    matters than ``criteria[j]``. Checked on creation: :class:`InputError` names the cell
    (row and column as a spreadsheet shows them, the header being row 1)."""

    criteria: list[str]
    values: list[list[float]]
    file: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        n = len(self.criteria)
        if n == 0:
            raise InputError("a pairwise matrix needs at least one criterion", self.file)
        seen: set[str] = set()
        for number, name in enumerate(self.criteria, start=2):
            if not str(name).strip():
                raise InputError("a criterion without a name", self.file, row=number)
            if name in seen:
                raise InputError(f"criterion '{name}' appears twice", self.file, row=number)
            seen.add(name)
        if len(self.values) != n:
            raise InputError(
                f"not square: {n} criteria in the header but {len(self.values)} rows", self.file
            )
        for i, row in enumerate(self.values):
            if len(row) != n:
                raise InputError(
                    f"not square: {len(row)} values in the row of '{self.criteria[i]}', "
                    f"{n} expected",
                    self.file,
                    row=i + 2,
                )
        for i, row in enumerate(self.values):
            for j, value in enumerate(row):
                self._check(i, j, float(value))

    def _check(self, i: int, j: int, value: float) -> None:
        def error(message: str) -> InputError:
            return InputError(message, self.file, row=i + 2, column=self.criteria[j])

        if not math.isfinite(value) or value <= 0:
            raise error(f"{value:g} is not a positive number")
        if i == j and abs(value - 1) > TOLERANCE:
            raise error(f"the diagonal must be 1, not {value:g}")
        if value < LOW * (1 - TOLERANCE) or value > HIGH * (1 + TOLERANCE):
            raise error(f"{value:g} is off Saaty's scale (1/9 to 9)")
        mirror = float(self.values[j][i])
        if abs(value * mirror - 1) > TOLERANCE:
            raise error(
                f"not reciprocal: {value:g} here but {mirror:g} in row "
                f"'{self.criteria[j]}', column '{self.criteria[i]}' (expected {1 / value:.4g})"
            )

    @classmethod
    def from_judgements(
        cls, criteria: Sequence[str], judgements: Mapping[tuple[str, str], float]
    ) -> Pairwise:
        """The matrix from the judgements above the diagonal, as a form asks them:
        ``{(a, b): how much more a matters than b}``; either order of a pair is taken, the mirror
        is the reciprocal. A pair left out is refused, naming it."""
        n = len(criteria)
        values = [[1.0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                a, b = criteria[i], criteria[j]
                if (a, b) in judgements:
                    value = float(judgements[(a, b)])
                elif (b, a) in judgements:
                    mirror = float(judgements[(b, a)])
                    value = 1 / mirror if mirror else 0.0  # 0 is refused below, naming the cell
                else:
                    raise InputError(f"no judgement of '{a}' against '{b}'", row=i + 2, column=b)
                values[i][j] = value
                values[j][i] = 1 / value if value else float("inf")
        return cls(list(criteria), values)

    @property
    def size(self) -> int:
        return len(self.criteria)

    def reordered(self, criteria: Sequence[str]) -> Pairwise:
        """The same judgements with the criteria in another order (to stack experts' files)."""
        if sorted(criteria) != sorted(self.criteria):
            raise InputError(
                f"criteria {sorted(self.criteria)} differ from {sorted(criteria)}", self.file
            )
        index = [self.criteria.index(c) for c in criteria]
        values = [[self.values[i][j] for j in index] for i in index]
        return Pairwise(list(criteria), values, self.file)


def parse_judgement(text: object) -> float:
    """A cell as a number: ``3``, ``1/3``, ``۱/۳``, ``0.333``; ValueError otherwise.

    >>> parse_judgement("1/3") == 1 / 3, parse_judgement("۵"), parse_judgement(" 7 ")
    (True, 5.0, 7.0)
    """
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    cleaned = str(text).translate(_DIGITS).replace("⁄", "/").replace("∕", "/").strip()
    top, slash, bottom = cleaned.partition("/")
    if slash:
        return float(top) / float(bottom)
    return float(cleaned)


def _rows(path: Path) -> list[list[object]]:
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # a damaged or renamed file: the user's to fix
            raise InputError(f"not a readable XLSX workbook ({error})", path) from None
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [list(row) for row in csv.reader(handle)]
    except (UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"not a UTF-8 CSV file ({error})", path) from None


def _blank(value: object) -> bool:
    return value is None or str(value).strip() == ""


def read_pairwise(path: str | Path) -> Pairwise:
    """A pairwise matrix from a CSV or XLSX file, refused with the cell named when it is not
    square, not reciprocal or off the 1/9–9 scale."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", path)
    rows = [r for r in _rows(path) if not all(_blank(v) for v in r)]
    if not rows:
        raise InputError("the file is empty", path)
    header = rows[0]
    while header and _blank(header[-1]):
        header = header[:-1]
    criteria = [str(v).strip() for v in header[1:]]
    n = len(criteria)
    if len(rows) - 1 != n:
        raise InputError(
            f"not square: {n} criteria in the header but {len(rows) - 1} rows below it", path
        )
    cells: list[list[float | None]] = []
    for number, row in enumerate(rows[1:], start=2):
        name = str(row[0]).strip() if row and not _blank(row[0]) else ""
        if name != criteria[number - 2]:
            raise InputError(
                f"row '{name}' should be '{criteria[number - 2]}' (rows in the header's order)",
                path,
                row=number,
                column=str(header[0] or "") or None,
            )
        values = list(row[1:]) + [None] * (n + 1 - len(row))
        if any(not _blank(v) for v in values[n:]):
            raise InputError(f"not square: more than {n} values", path, row=number)
        parsed: list[float | None] = []
        for j, cell in enumerate(values[:n]):
            if _blank(cell):
                parsed.append(None)
                continue
            try:
                parsed.append(parse_judgement(cell))
            except (ValueError, ZeroDivisionError):
                raise InputError(
                    f"'{cell}' is not a number or a fraction like 1/3",
                    path,
                    row=number,
                    column=criteria[j],
                ) from None
        cells.append(parsed)
    return Pairwise(criteria, _filled(cells, criteria, path), str(path))


def _filled(cells: list[list[float | None]], criteria: list[str], path: Path) -> list[list[float]]:
    """Blanks become 1 on the diagonal and reciprocals of their mirror elsewhere."""
    out: list[list[float]] = []
    for i, row in enumerate(cells):
        filled: list[float] = []
        for j, value in enumerate(row):
            if value is None:
                mirror = cells[j][i]
                if i == j:
                    value = 1.0
                elif mirror is None or mirror <= 0:
                    raise InputError(
                        "empty, and so is its mirror cell", path, row=i + 2, column=criteria[j]
                    )
                else:
                    value = 1 / mirror
            filled.append(value)
        out.append(filled)
    return out
