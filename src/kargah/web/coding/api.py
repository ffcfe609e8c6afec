"""The coding's JSON API (django-ninja), with the pages' rights and blindness: the passages
retrieved by code or theme, as the retrieval page lists them; the coders' progress
(:mod:`kargah.web.coding.progress_api`)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from kargah.web.accounts.roles import is_coder
from kargah.web.coding import retrieve
from kargah.web.coding.progress_api import router as progress_router
from kargah.web.problems import form_problems
from kargah.web.survey.models import Survey

router = Router(tags=["coding"])
router.add_router("", progress_router)


class PassageOut(Schema):
    coding: int
    segment: int
    respondent: str
    sector: str
    role: str
    organisation: str
    area: str
    kind: str
    rank: int
    code: str
    code_id: int
    theme: str
    coder: str
    before: str
    text: str
    after: str
    start: int  # in characters of the answer, as .qdpx counts them
    end: int


class PassagesOut(Schema):
    count: int
    page: int
    pages: int
    passages: list[PassageOut]


@router.get("/surveys/{survey_id}/passages", response=PassagesOut, auth=django_auth)
def passages(
    request: HttpRequest,
    survey_id: int,
    code: str | None = None,
    theme: str | None = None,
    area: str | None = None,
    kind: str | None = None,
    sector: str | None = None,
    coder: str | None = None,
    page: str | None = None,
) -> dict[str, object]:
    """Every passage coded with ``code`` (sub-codes included) or any code of ``theme`` (ids),
    filtered by ``area`` (id), ``kind``, ``sector`` and ``coder`` (username); 25 a page. Before
    the comparison a coder gets only their own codings."""
    if not is_coder(request.user):
        raise HttpError(403, "coders and analysts only")
    if not 0 < survey_id < 2**63:
        raise Http404
    survey = get_object_or_404(Survey, pk=survey_id)
    asked = retrieve.chooser(request, survey)  # the same form as the page, from the same query
    if not asked.is_valid():
        raise HttpError(400, "; ".join(form_problems(asked)))
    from django.core.paginator import Paginator

    pages = Paginator(retrieve.passages(request.user, survey, asked.cleaned_data), 25)
    shown = pages.get_page(asked.cleaned_data.get("page") or 1)
    return {
        "count": pages.count,
        "page": shown.number,
        "pages": pages.num_pages,
        "passages": [_out(p) for p in retrieve.shown(survey, shown.object_list)],
    }


def _out(p: retrieve.Passage) -> dict[str, object]:
    c = p.coding
    answer = c.segment.answer
    respondent, question = answer.respondent, answer.question
    return {
        "coding": c.pk, "segment": c.segment_id, "respondent": respondent.code,
        "sector": respondent.sector, "role": respondent.role,
        "organisation": respondent.organisation,
        "area": question.area.key if question.area else "", "kind": question.kind,
        "rank": answer.rank, "code": c.code.name, "code_id": c.code_id, "theme": p.theme,
        "coder": c.coder.get_username(), "before": p.before, "text": p.text, "after": p.after,
        "start": c.segment.start, "end": c.segment.end,
    }  # fmt: skip
