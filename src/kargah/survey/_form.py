"""A survey form: areas, questions and the respondent's profile. The Guilan expert form ships as
a template (``data/survey/guilan_form.yaml``); a form can also be built in code or on the site."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kargah.errors import DefinitionError, OptionError

SECTORS = ("public", "private", "cooperative")
#: ranked: N open answers, most important first (the paper's kind); the rest are the usual ones.
QUESTION_TYPES = ("ranked", "single", "multiple", "number", "text")
KINDS = ("challenge", "solution", "")
#: what a respondent says of themself
PROFILE_FIELDS = ("sector", "organisation", "role", "years")
#: the longest text each field takes, in characters: longer is refused with a message, never cut
LIMITS = {"respondent": 40, "organisation": 300, "role": 200, "answer": 4000}
#: years of experience a respondent may state
MAX_YEARS = 80


@dataclass(frozen=True)
class Area:
    id: str
    fa: str
    en: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    fa: str
    en: str = ""
    area: str = ""
    kind: str = ""  # challenge / solution for the paper's questions
    slots: int = 1  # answers a ranked question takes
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in QUESTION_TYPES:
            raise OptionError(f"question '{self.id}': type must be one of {QUESTION_TYPES}")
        if self.type in ("single", "multiple") and not self.choices:
            raise OptionError(f"question '{self.id}': a {self.type}-choice question needs choices")
        if self.type == "ranked" and not 1 <= self.slots <= 20:
            raise OptionError(f"question '{self.id}': a ranked question takes 1 to 20 answers")
        if self.kind not in KINDS:
            raise OptionError(f"question '{self.id}': kind must be challenge, solution or empty")


@dataclass(frozen=True)
class SurveyForm:
    id: str
    title_fa: str
    title_en: str
    areas: tuple[Area, ...] = ()
    questions: tuple[Question, ...] = field(default_factory=tuple)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise OptionError(f"form '{self.id}' has no question '{question_id}'")

    def answer_columns(self) -> list[str]:
        """The columns of the one-row-per-respondent layout: ``<question>_<n>`` for a ranked
        question's lines, ``<question>`` for the others."""
        columns = []
        for q in self.questions:
            if q.type == "ranked":
                columns += [f"{q.id}_{n}" for n in range(1, q.slots + 1)]
            else:
                columns.append(q.id)
        return columns


def load_form(source: str | Path = "guilan") -> SurveyForm:
    """A form from a YAML file, or a shipped template by name (``guilan``)."""
    import yaml

    if str(source) == "guilan":
        text = (resources.files("kargah") / "data" / "survey" / "guilan_form.yaml").read_text(
            encoding="utf-8"
        )
        label: str | Path = "guilan_form.yaml"
    else:
        label = Path(source)
        text = label.read_text(encoding="utf-8")
    try:
        data: dict[str, Any] = yaml.safe_load(text)
        areas = tuple(Area(a["id"], a["fa"], a.get("en", "")) for a in data.get("areas", []))
        questions = tuple(
            Question(
                id=q["id"], type=q.get("type", "text"), fa=q["fa"], en=q.get("en", ""),
                area=q.get("area", ""), kind=q.get("kind", ""), slots=int(q.get("slots", 1)),
                choices=tuple(q.get("choices", ())),
            )
            for q in data["questions"]
        )  # fmt: skip
        title = data.get("title", {})
        form = SurveyForm(data["id"], title.get("fa", ""), title.get("en", ""), areas, questions)
    except (KeyError, TypeError, ValueError, yaml.YAMLError) as error:
        raise DefinitionError(f"not a survey form: {error}", file=label) from None
    known = {a.id for a in areas}
    for q in questions:
        if q.area and q.area not in known:
            raise DefinitionError(f"question '{q.id}' names unknown area '{q.area}'", file=label)
    return form
