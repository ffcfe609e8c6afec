"""``kargah.survey``: the expert survey — a form of areas and questions (the Guilan form ships as
a template), the respondents' answers in and out (CSV/XLSX, all or nothing), and response rates
per sector."""

from kargah.survey._answers import Responses, read_answers, response_rates, write_answers
from kargah.survey._form import (
    LIMITS,
    MAX_YEARS,
    PROFILE_FIELDS,
    QUESTION_TYPES,
    SECTORS,
    Area,
    Question,
    SurveyForm,
    load_form,
)

__all__ = [
    "LIMITS",
    "MAX_YEARS",
    "PROFILE_FIELDS",
    "QUESTION_TYPES",
    "SECTORS",
    "Area",
    "Question",
    "Responses",
    "SurveyForm",
    "load_form",
    "read_answers",
    "response_rates",
    "write_answers",
]
