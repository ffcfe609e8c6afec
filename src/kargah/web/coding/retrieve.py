"""Retrieval by code: every passage coded with a code (its sub-codes included) or with any code
of a theme, with the text around it and the respondent's profile, filtered by area, kind, sector
and coder; a page, an XLSX workbook of the same rows, and the JSON API's answer. Blind as the
coding screen: before the comparison a coder retrieves only their own codings, by the codes
they may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from kargah.web.accounts.roles import coders_only
from kargah.web.coding import blind, forms
from kargah.web.coding.analysis import coders
from kargah.web.coding.codebook import descendants
from kargah.web.coding.models import Coding, Theme
from kargah.web.coding.tree import branch_themes
from kargah.web.problems import form_problems
from kargah.web.survey.models import Survey

#: characters of the answer shown on each side of a passage
AROUND = 160
PER_PAGE = 25


@dataclass
class Passage:
    coding: Coding
    before: str
    text: str
    after: str
    theme: str

    def row(self) -> list[Any]:
        """The passage as the workbook's row (the columns of :func:`headings`)."""
        c = self.coding
        respondent, question = c.segment.answer.respondent, c.segment.answer.question
        kind = {"challenge": _("challenge"), "solution": _("solution")}.get(question.kind, "")
        return [
            respondent.code,
            _(respondent.sector) if respondent.sector else "",
            respondent.role,
            respondent.organisation,
            question.area.name if question.area else "",
            kind,
            c.segment.answer.rank,
            c.code.name,
            self.theme,
            c.coder.get_username(),
            self.text,
            c.segment.answer.text,
        ]


def headings() -> list[str]:
    return [
        _("Respondent"), _("Sector"), _("Role"), _("Organisation"), _("Area"), _("Kind"),
        _("Rank"), _("Code"), _("Theme"), _("Coder"), _("Passage"), _("Whole answer"),
    ]  # fmt: skip


def chooser(request: HttpRequest, survey: Survey) -> forms.Retrieve:
    """The query string as a form, its coder choices the coders this user may see."""
    names = [n for _pk, n, _count in coders(survey)]
    if not blind.sees_all(request.user, survey):
        names = [request.user.get_username()]
    return forms.Retrieve(survey, names, request.GET)


def passages(user: Any, survey: Survey, asked: dict[str, Any]) -> QuerySet[Coding]:
    """The codings asked for (``asked``: a valid :class:`forms.Retrieve`'s cleaned data), that
    this user may see, in the answers' order."""
    codings = Coding.objects.filter(code__survey=survey, code__in=blind.visible_codes(user, survey))
    if not blind.sees_all(user, survey):
        codings = codings.filter(coder=user)
    if asked.get("code") is not None:
        code = asked["code"]
        codings = codings.filter(code_id__in={code.pk, *descendants(code)})
    if asked.get("theme") is not None:
        wanted = asked["theme"].pk
        codings = codings.filter(
            code_id__in=[pk for pk, theme in branch_themes(survey).items() if theme == wanted]
        )
    if asked.get("area") is not None:
        codings = codings.filter(segment__answer__question__area=asked["area"])
    if asked.get("kind"):
        codings = codings.filter(segment__answer__question__kind=asked["kind"])
    if asked.get("sector"):
        codings = codings.filter(segment__answer__respondent__sector=asked["sector"])
    if asked.get("coder"):
        codings = codings.filter(coder__username=asked["coder"])
    return codings.select_related(
        "code", "coder", "segment__answer__respondent", "segment__answer__question__area"
    ).order_by("segment__answer__respondent__code", "segment__answer_id", "segment__start", "id")


def passage(coding: Coding, themes: dict[int, str], theme_of: dict[int, int | None]) -> Passage:
    segment, text = coding.segment, coding.segment.answer.text
    start, end = segment.start, segment.end
    before = text[max(0, start - AROUND) : start]
    after = text[end : end + AROUND]
    return Passage(
        coding,
        ("…" if start > AROUND else "") + before,
        text[start:end],
        after + ("…" if end + AROUND < len(text) else ""),
        themes.get(theme_of.get(coding.code_id) or 0, ""),
    )


def shown(survey: Survey, codings: Any) -> list[Passage]:
    themes = {t.pk: t.label for t in Theme.objects.filter(survey=survey)}
    theme_of = branch_themes(survey)
    return [passage(c, themes, theme_of) for c in codings]


@coders_only
def retrieve(request: HttpRequest, survey_id: int) -> HttpResponse:
    """``/coding/<survey>/retrieve/?code=|theme=&area=&kind=&sector=&coder=&page=&format=xlsx``."""
    survey = get_object_or_404(Survey, pk=survey_id)
    asked = chooser(request, survey)
    if not asked.is_valid():
        for problem in form_problems(asked):
            messages.error(request, problem)
    wanted: dict[str, Any] = asked.cleaned_data  # the valid filters, a message for the others
    codings = passages(request.user, survey, wanted)
    if wanted.get("format") == "xlsx":
        return workbook(survey, codings)
    pages = Paginator(codings, PER_PAGE)
    page = pages.get_page(wanted.get("page") or 1)
    keep = request.GET.copy()
    keep.pop("page", None)
    keep.pop("format", None)
    return render(
        request,
        "coding/retrieve.html",
        {
            "survey": survey,
            "form": asked,
            "codes": blind.visible_codes(request.user, survey),
            "themes": Theme.objects.filter(survey=survey),
            "areas": survey.areas.all(),
            "page": page,
            "passages": shown(survey, page.object_list),
            "keep": keep.urlencode(),
            "kinds": [("challenge", _("challenge")), ("solution", _("solution"))],
            "asked": wanted,
        },
    )


def workbook(survey: Survey, codings: QuerySet[Coding]) -> HttpResponse:
    """The same rows as a workbook; every text cell escaped against formulas by the writer."""
    import tempfile
    from pathlib import Path

    from kargah.tables import write_workbook

    rows = (p.row() for p in shown(survey, codings.iterator()))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "passages.xlsx"
        data = write_workbook({_("Passages"): (headings(), rows)}, path).read_bytes()
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="passages-{survey.pk}.xlsx"'
    return response
