"""Answers in and out: a CSV/XLSX with one row per respondent (``respondent``, the profile,
then a column per answer line: ``investment_challenge_1`` …) or one row per answer
(``respondent, sector, question, rank, answer``). Every cell is checked before anything is kept:
an import is all or nothing, and each error names the file, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kargah.errors import InputError
from kargah.survey._form import LIMITS, MAX_YEARS, PROFILE_FIELDS, SECTORS, SurveyForm
from kargah.tables import is_blank
from kargah.text import ascii_digits, normalise

ANSWER_COLUMNS = ("respondent", "question", "rank", "text")
_SECTOR_NAMES = {
    **{s: s for s in SECTORS},
    "دولتی": "public",
    "عمومی": "public",
    "خصوصی": "private",
    "تعاونی": "cooperative",
}


@dataclass
class Responses:
    """Respondents (respondent + profile) and their answers (respondent, question, rank, text)."""

    respondents: pd.DataFrame
    answers: pd.DataFrame


def read_answers(path: str | Path, form: SurveyForm) -> Responses:
    from kargah.tables import read_cells

    frame = read_cells(path)
    frame.columns = [normalise(c).replace(" ", "_") for c in frame.columns]
    if "respondent" not in frame.columns:
        raise InputError("missing column: respondent", file=path)
    if "question" in frame.columns:
        return _long(frame, form, path)
    return _wide(frame, form, path)


def _wide(frame: pd.DataFrame, form: SurveyForm, path: str | Path) -> Responses:
    known = set(form.answer_columns()) | set(PROFILE_FIELDS) | {"respondent"}
    unknown = [c for c in frame.columns if c not in known]
    problems = [
        InputError("not a question of this form nor a profile field", file=path, column=c)
        for c in unknown
    ]
    respondents: list[dict[str, object]] = []
    answers: list[tuple[str, str, int, str]] = []
    seen: dict[str, int] = {}
    for row_number, row in frame.iterrows():
        row_no = int(row_number)
        person = _profile(row, path, row_no, problems, seen)
        if person is None:
            continue
        respondents.append(person)
        for q in form.questions:
            lines = range(1, q.slots + 1) if q.type == "ranked" else [0]
            for line in lines:
                column = f"{q.id}_{line}" if q.type == "ranked" else q.id
                if column not in frame.columns or is_blank(row[column]):
                    continue
                text = _answer(q, row[column], path, row_no, column, problems)
                if text is not None:
                    answers.append((str(person["respondent"]), q.id, line or 1, text))
    return _done(respondents, answers, problems, path)


def _long(frame: pd.DataFrame, form: SurveyForm, path: str | Path) -> Responses:
    for column in ("question", "answer"):
        if column not in frame.columns:
            raise InputError(f"missing column: {column}", file=path)
    questions = {q.id: q for q in form.questions}
    problems: list[InputError] = []
    people: dict[str, dict[str, object]] = {}
    answers = []
    places: dict[tuple[str, str, int], int] = {}
    for row_number, row in frame.iterrows():
        row_no = int(row_number)
        respondent = _clean(row["respondent"])
        if respondent is None:
            problems.append(InputError("empty", file=path, row=row_no, column="respondent"))
            continue
        person = _profile(row, path, row_no, problems, None)
        if person is not None:
            earlier = people.setdefault(respondent, person)
            if earlier.get("sector") != person.get("sector") and "sector" in frame.columns:
                problems.append(
                    InputError(
                        f"respondent '{respondent}' has another sector above",
                        file=path,
                        row=row_no,
                        column="sector",
                    )
                )
        question_id = _clean(row["question"])
        q = questions.get(question_id or "")
        if q is None:
            problems.append(
                InputError(
                    f"no question '{row['question']}' in this form",
                    file=path,
                    row=row_no,
                    column="question",
                )
            )
            continue
        rank = 1
        if "rank" in frame.columns and not is_blank(row["rank"]):
            try:
                rank = int(ascii_digits(str(row["rank"])).strip().split(".")[0])
            except ValueError:
                rank = 0
            if not 1 <= rank <= max(q.slots, 1):
                problems.append(
                    InputError(f"rank must be 1 to {q.slots}", file=path, row=row_no, column="rank")
                )
                continue
        if (respondent, q.id, rank) in places:
            problems.append(
                InputError(
                    f"answer {rank} to '{q.id}' given twice "
                    f"(first on row {places[respondent, q.id, rank]})",
                    file=path,
                    row=row_no,
                    column="rank",
                )
            )
            continue
        places[respondent, q.id, rank] = row_no
        if is_blank(row["answer"]):
            continue
        text = _answer(q, row["answer"], path, row_no, "answer", problems)
        if text is not None:
            answers.append((respondent, q.id, rank, text))
    return _done(list(people.values()), answers, problems, path)


def _profile(
    row: pd.Series,
    path: str | Path,
    row_no: int,
    problems: list[InputError],
    seen: dict[str, int] | None,
) -> dict[str, object] | None:
    respondent = _clean(row.get("respondent"))
    if respondent is None:
        problems.append(InputError("empty", file=path, row=row_no, column="respondent"))
        return None
    if seen is not None:
        if respondent in seen:
            problems.append(
                InputError(
                    f"respondent '{respondent}' is also on row {seen[respondent]}",
                    file=path,
                    row=row_no,
                    column="respondent",
                )
            )
            return None
        seen[respondent] = row_no
    person: dict[str, object] = {"respondent": respondent}
    if "sector" in row.index and not is_blank(row["sector"]):
        sector = _SECTOR_NAMES.get(normalise(row["sector"]))
        if sector is None:
            problems.append(
                InputError(
                    f"sector must be public, private or cooperative, not '{row['sector']}'",
                    file=path,
                    row=row_no,
                    column="sector",
                )
            )
        person["sector"] = sector or ""
    if len(respondent) > LIMITS["respondent"]:
        problems.append(_too_long("respondent", path, row_no, "respondent"))
    for name in ("organisation", "role"):
        if name in row.index and not is_blank(row[name]):
            person[name] = str(row[name]).strip()
            if len(str(person[name])) > LIMITS[name]:
                problems.append(_too_long(name, path, row_no, name))
    if "years" in row.index and not is_blank(row["years"]):
        try:
            years = float(ascii_digits(str(row["years"])))
        except ValueError:
            years = -1
        if not 0 <= years <= MAX_YEARS:
            problems.append(
                InputError(
                    f"years of experience must be a number from 0 to {MAX_YEARS}",
                    file=path,
                    row=row_no,
                    column="years",
                )
            )
        person["years"] = years
    return person


def _answer(
    q,
    value: object,
    path: str | Path,
    row_no: int,
    column: str,  # type: ignore[no-untyped-def]
    problems: list[InputError],
) -> str | None:
    text = str(value).strip()
    if q.type == "number":
        try:
            float(ascii_digits(text))
        except ValueError:
            problems.append(InputError("must be a number", file=path, row=row_no, column=column))
            return None
    if q.type in ("single", "multiple"):
        picked = [p.strip() for p in text.split(";")] if q.type == "multiple" else [text]
        allowed = {normalise(c) for c in q.choices}
        wrong = [p for p in picked if normalise(p) not in allowed]
        if wrong or (q.type == "single" and len(picked) != 1):
            problems.append(
                InputError(
                    f"'{text}' is not one of: {', '.join(q.choices)}",
                    file=path,
                    row=row_no,
                    column=column,
                )
            )
            return None
    if len(text) > LIMITS["answer"]:
        problems.append(_too_long("answer", path, row_no, column))
        return None
    return text


def _too_long(field: str, path: str | Path, row_no: int, column: str) -> InputError:
    return InputError(
        f"longer than {LIMITS[field]} characters", file=path, row=row_no, column=column
    )


def _done(
    respondents: list[dict[str, object]],
    answers: list[tuple[str, str, int, str]],
    problems: list[InputError],
    path: str | Path,
) -> Responses:
    if problems:
        raise InputError(
            f"{len(problems)} problem(s); nothing was imported", file=path, problems=problems
        )
    people = pd.DataFrame(respondents, columns=["respondent", *PROFILE_FIELDS])
    return Responses(people, pd.DataFrame(answers, columns=list(ANSWER_COLUMNS)))


def write_answers(responses: Responses, path: str | Path) -> Path:
    """Respondents and answers to one workbook (two sheets) or, for .csv, the answers joined to
    their respondents' profiles, one row per answer."""
    from kargah.tables import write_table, write_workbook

    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return write_workbook(
            {"respondents": responses.respondents, "answers": responses.answers}, path
        )
    joined = responses.answers.merge(responses.respondents, on="respondent", how="left")
    return write_table(joined.rename(columns={"text": "answer"}), path)


def response_rates(invitations: pd.DataFrame) -> pd.DataFrame:
    """Per sector and in all: invited, opened, returned and the return rate, from one row per
    invitation (columns sector, opened, returned as booleans)."""
    grouped = invitations.groupby("sector", sort=False).agg(
        invited=("sector", "size"), opened=("opened", "sum"), returned=("returned", "sum")
    )
    order = [s for s in SECTORS if s in grouped.index] + [
        s for s in grouped.index if s not in SECTORS
    ]
    table = grouped.loc[order].reset_index()
    total = pd.DataFrame(
        [
            {
                "sector": "all",
                "invited": int(table["invited"].sum()),
                "opened": int(table["opened"].sum()),
                "returned": int(table["returned"].sum()),
            }
        ]
    )
    table = pd.concat([table, total], ignore_index=True)
    table["rate"] = table["returned"] / table["invited"]
    return table.astype({"invited": "int64", "opened": "int64", "returned": "int64"})


def _clean(value: object) -> str | None:
    return None if is_blank(value) else ascii_digits(str(value).strip())
