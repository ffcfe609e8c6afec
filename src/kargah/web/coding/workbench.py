"""The coding workbench's passages: code any stretch of an answer, remove one's own coding, undo
and redo one's last actions (ctrl+Z, ctrl+shift+Z), and the document view — one respondent's
answers together with their codings highlighted and listed in the margin. Blind as the coding
screen is: a coder sees only their own codings until the analyst opens the comparison."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kargah.coding import span_runs
from kargah.errors import KargahError
from kargah.web.accounts.roles import coders_only
from kargah.web.coding import assist, blind, forms, spans, tree
from kargah.web.coding.models import Coding, Segment
from kargah.web.problems import form_problems
from kargah.web.survey.models import Answer, Respondent, Survey


@dataclass
class Run:
    """A piece of an answer's text as the page draws it, with the codings covering it."""

    start: int
    text: str
    codings: tuple[Coding, ...] = ()

    @property
    def css(self) -> str:
        if not self.codings:
            return ""
        top = f"hl hl-{self.codings[-1].code_id}"
        return f"{top} hl-multi" if len(self.codings) > 1 else top

    @property
    def title(self) -> str:
        return " · ".join(c.code.name for c in self.codings)


@dataclass
class Passages:
    """An answer drawn for span coding: its runs, cut also at ``cuts`` (the segment on screen)."""

    answer: Answer
    runs: list[Run] = field(default_factory=list)
    codings: list[Coding] = field(default_factory=list)

    def between(self, start: int, end: int) -> list[Run]:
        return [r for r in self.runs if start <= r.start < end]


def passages(answer: Answer, codings: list[Coding], cuts: tuple[int, ...] = ()) -> Passages:
    for coding in codings:  # the answer in hand: no query per coding for its passage's text
        if coding.segment.answer_id == answer.pk:
            coding.segment.answer = answer
    shown = [(c.segment.start, c.segment.end, c) for c in codings]
    runs = [Run(r.start, r.text, r.keys) for r in span_runs(answer.text, shown, cuts)]  # type: ignore[arg-type]
    ordered = sorted(codings, key=lambda c: (c.segment.start, c.segment.end, c.pk))
    return Passages(answer, runs, ordered)


def colours(codes: Iterable[int], line: tree.Lineage) -> str:
    """The highlight classes of the codes on the page (a <style> with the page's CSP nonce:
    the policy refuses style attributes), in the tree's colours (``line``: the survey's
    :func:`tree.lineage`, whose colours are checked: only ``#rrggbb`` reaches CSS)."""
    rules = [f".hl-{pk}{{background-color:{line.colour.get(pk, tree.NO_THEME)}80}}" for pk in codes]
    return "".join(rules)


def visible_codings(user: Any, survey: Survey, answers: list[Answer]) -> list[Coding]:
    """The codings of these answers the user may see: their own, or everyone's for who sees all."""
    found = Coding.objects.filter(segment__answer__in=answers).select_related(
        "segment", "code__theme", "coder"
    )
    if not blind.sees_all(user, survey):
        found = found.filter(coder=user)
    return list(found)


def _back(survey: Survey, posted: Any) -> HttpResponse:
    """Back to the page the refused POST came from (a page of this survey's coding)."""
    return redirect(forms.back_to(survey, str(posted.data.get("next", ""))))


@coders_only
@require_POST
def code_span(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The coder's code on the passage they selected (a new segment unless one of that span is
    there already); overlapping passages each keep their own coding."""
    survey = get_object_or_404(Survey, pk=survey_id)
    posted = forms.CodeSpan(survey, request.POST)
    if not posted.is_valid():
        for problem in form_problems(posted):
            messages.error(request, problem)
        return _back(survey, posted)
    data = posted.cleaned_data
    try:
        change = spans.code_span(
            data["answer"], data["start"], data["end"], data["code"], request.user
        )
    except KargahError as error:
        messages.error(request, str(error))
    else:
        if change is not None:
            messages.success(request, _("Done: %s") % change.summary)
    return redirect(data["next"])


@coders_only
@require_POST
def remove_coding(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    posted = forms.MyCoding(survey, request.POST)
    if not posted.is_valid():
        for problem in form_problems(posted):
            messages.error(request, problem)
        return _back(survey, posted)
    try:
        change = spans.remove_coding(posted.cleaned_data["coding"], request.user)
    except KargahError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done: %s") % change.summary)
    return redirect(posted.cleaned_data["next"])


@coders_only
@require_POST
def undo_coding(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Undo (or redo) the coder's own last action on the coding screen, saying what it was."""
    survey = get_object_or_404(Survey, pk=survey_id)
    posted = forms.UndoCoding(request.POST)
    back = forms.back_to(survey, str(posted.data.get("next", "")))
    if not posted.is_valid():
        for problem in form_problems(posted):
            messages.error(request, problem)
        return redirect(back)
    redo = posted.cleaned_data["what"] == "redo"
    try:
        change = (spans.redo_mine if redo else spans.undo_mine)(survey, request.user)
    except KargahError as error:
        messages.error(request, str(error))
        return redirect(back)
    if change is None:
        messages.info(request, _("Nothing to redo.") if redo else _("Nothing to undo."))
    else:
        told = _("Redone: %s") if redo else _("Undone: %s")
        messages.info(request, told % change.summary)
    return redirect(back)


@coders_only
@require_POST
def split_segment(request: HttpRequest, survey_id: int, segment_id: int) -> HttpResponse:
    segment = get_object_or_404(Segment, pk=segment_id, answer__respondent__survey_id=survey_id)
    posted = forms.SplitSegment(request.POST)
    try:
        if not posted.is_valid():
            raise KargahError(_("Select a place inside the answer to split it."))
        spans.split(segment, segment.start + posted.cleaned_data["offset"], request.user)
    except KargahError as error:
        messages.error(request, str(error))
    url = reverse("coding:code", args=[survey_id])
    return redirect(f"{url}?segment={segment.pk}")


@coders_only
def respondent_view(request: HttpRequest, survey_id: int, respondent_id: int) -> HttpResponse:
    """One respondent's answers together, in the survey's order, with the codings the viewer may
    see highlighted and listed in the margin (code, coder, passage); select any passage to code
    it; each answer's suggestions for the coder; links to the previous and next respondent."""
    survey = get_object_or_404(Survey, pk=survey_id)
    respondent = get_object_or_404(Respondent, pk=respondent_id, survey=survey)
    answers = list(
        respondent.answers.select_related("question__area").order_by("question__order", "rank")
    )
    codings = visible_codings(request.user, survey, answers)
    per_answer: dict[int, list[Coding]] = {}
    for coding in codings:
        per_answer.setdefault(coding.segment.answer_id, []).append(coding)
    others = Respondent.objects.filter(survey=survey)
    here = reverse("coding:respondent", args=[survey.pk, respondent.pk])
    return render(
        request,
        "coding/respondent.html",
        {
            "survey": survey,
            "respondent": respondent,
            "answers": [passages(a, per_answer.get(a.pk, [])) for a in answers],
            "colours": colours({c.code_id for c in codings}, tree.lineage(survey)),
            "previous": others.filter(pk__lt=respondent.pk).order_by("-pk").first(),
            "next": others.filter(pk__gt=respondent.pk).order_by("pk").first(),
            "here": here,
            "sees_all": blind.sees_all(request.user, survey),
            "codes": blind.visible_codes(request.user, survey),
            **assist.for_answers(request.user, survey, answers),
        },
    )
