"""``/api/coding/surveys/{survey}/progress``: the coders' progress as JSON, with the pages'
rights — an analyst gets every coder's (per area too), a coder their own; everyone else 403."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from kargah.web.accounts.roles import is_analyst, is_coder
from kargah.web.coding import progress
from kargah.web.survey.models import Survey

router = Router(tags=["coding"])


class AreaProgress(Schema):
    area: str
    area_en: str
    done: int
    assigned: int


class CoderProgress(Schema):
    coder: str
    done: int
    assigned: int
    share: float
    everything: bool  # no answers assigned: every answer of the survey counts
    areas: list[AreaProgress]


class SurveyProgress(Schema):
    survey: int
    coders: list[CoderProgress]


@router.get("/surveys/{survey_id}/progress", response=SurveyProgress, auth=django_auth)
def survey_progress(request: HttpRequest, survey_id: int) -> dict[str, Any]:
    """Done / assigned answers: every coder's for analysts, one's own for a coder."""
    user = request.user
    if not is_coder(user):
        raise HttpError(403, "analysts and coders only")
    if not 0 < survey_id < 2**63:
        raise HttpError(404, "no such survey")
    survey = get_object_or_404(Survey, pk=survey_id)
    if is_analyst(user):
        rows = progress.for_survey(survey)
    else:
        rows = [progress.for_coder(survey, user, by_area=True)]
    return {"survey": survey.pk, "coders": [r.as_dict() for r in rows]}
