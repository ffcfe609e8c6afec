"""Coding pages: the codebook (rename, merge, split, move, undo, memos), the coding screen
(keyboard-driven, one segment at a time, blind to other coders), results with charts and XLSX,
agreement, the disagreement screen, and REFI-QDA export and import."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kargah.coding import (
    from_project,
    read_qdpx,
    to_project,
    write_qdpx,
)
from kargah.errors import InputError, KargahError
from kargah.text import normalise
from kargah.web.accounts.roles import analysts_only, coders_only, is_analyst
from kargah.web.coding import assist, blind, codebook, forms, spans, tree, workbench
from kargah.web.coding.analysis import (
    agreement_table,
    code_agreement_table,
    coders,
    disagreements,
    lead_coder_id,
)
from kargah.web.coding.exchange import import_study, survey_study
from kargah.web.coding.models import (
    Code,
    CodebookChange,
    Coding,
    Resolution,
    Segment,
    SegmentMemo,
    Theme,
)
from kargah.web.coding.progress import assigned_segments
from kargah.web.problems import describe, form_problems
from kargah.web.survey.models import Answer, Survey


@coders_only
def index(request: HttpRequest) -> HttpResponse:
    """Surveys with their coding progress."""
    surveys = Survey.objects.order_by("-created")
    return render(
        request, "coding/index.html", {"surveys": surveys, "analyst": is_analyst(request.user)}
    )


@coders_only
def code_screen(request: HttpRequest, survey_id: int) -> HttpResponse:
    """One segment at a time: the answer, its area and the respondent's sector; type a code (the
    list offers the codebook as you type), Enter saves and moves on. Only this coder's own
    codings, codes and memos are shown until the analyst opens the comparison."""
    survey = get_object_or_404(Survey, pk=survey_id)
    user = request.user
    mine = Coding.objects.filter(coder=user, segment__answer__respondent__survey=survey)
    # in the order they were made: answers as they came, a split's second half last; passages
    # a coder selected are that coder's (other coders are blind to them), not units to code
    of_survey = Segment.objects.filter(answer__respondent__survey=survey).order_by("id")
    # a coder the analyst gave answers to codes those (kargah.web.coding.progress)
    segments = assigned_segments(survey, user).filter(selected_by__isnull=True).order_by("id")
    if request.method == "POST":
        posted = forms.CodeSegment(survey, request.POST)
        if not posted.is_valid():
            _tell(request, form_problems(posted))
            wanted = str(posted.data.get("segment", ""))
            back = f"?segment={wanted}" if wanted.isdigit() and len(wanted) < 19 else ""
            return redirect(f"{request.path}{back}")
        segment, query = posted.cleaned_data["segment"], posted.cleaned_data["q"]
        with transaction.atomic():
            # through the coder's history, so ctrl+Z undoes it
            change = spans.code_span(
                segment.answer, segment.start, segment.end, posted.cleaned_data["code"], user
            )
            if change is not None:
                messages.success(request, _("Done: %s") % change.summary)
            if "memo" in request.POST:  # each coder's own memo: nobody else's is touched
                memo = posted.cleaned_data["memo"].strip()
                if memo:
                    SegmentMemo.objects.update_or_create(
                        segment=segment, coder=user, defaults={"text": memo}
                    )
                else:
                    SegmentMemo.objects.filter(segment=segment, coder=user).delete()
        keep = f"&q={quote(query)}" if query.strip() else ""
        return redirect(f"{request.path}?after={segment.pk}{keep}")
    asked = forms.CodingScreen(request.GET)
    if not asked.is_valid():
        _tell(request, form_problems(asked))
        asked = forms.CodingScreen({})
        asked.is_valid()
    query = asked.cleaned_data["q"]
    if query.strip():
        segments = segments.filter(answer_id__in=_matching_answers(survey, query))
    keep = f"&q={quote(query)}" if query.strip() else ""
    shown = ("answer__question__area", "answer__respondent")  # what the page says of it
    if asked.cleaned_data["segment"]:
        own = of_survey.filter(Q(selected_by__isnull=True) | Q(selected_by=user))
        segment = get_object_or_404(own.select_related(*shown), pk=asked.cleaned_data["segment"])
    else:
        # NOT EXISTS, not NOT IN: an anti-join on the coding's segment index whatever the
        # planner's statistics say (NOT IN over a join ran for minutes on PostgreSQL).
        done = Coding.objects.filter(coder=user, segment_id=OuterRef("pk"))
        todo = segments.exclude(Exists(done)).select_related(*shown)
        after = asked.cleaned_data["after"]
        later = todo.filter(pk__gt=after) if after else todo
        segment = later.first() or todo.first()
    sees_all = blind.sees_all(user, survey)  # asked once for the page's parts
    context: dict[str, Any] = {
        "query": query,
        "keep": keep,
        "survey": survey,
        "segment": segment,
        "done": mine.filter(segment__selected_by__isnull=True).count(),
        "total": segments.count(),
        "codes": blind.visible_codes(user, survey, sees_all),
    }
    line = tree.lineage(survey)  # the tree's and the highlights' colours, read once
    if segment is not None:
        answer = segment.answer
        own = mine.filter(segment=segment).select_related("code").first()
        memo = SegmentMemo.objects.filter(segment=segment, coder=user).first()
        drawn = workbench.passages(
            answer,
            list(mine.filter(segment__answer=answer).select_related("segment", "code__theme")),
            (segment.start, segment.end),
        )
        context.update(
            drawn=drawn,
            before_runs=drawn.between(0, segment.start),
            segment_runs=drawn.between(segment.start, segment.end),
            after_runs=drawn.between(segment.end, len(answer.text) + 1),
            colours=workbench.colours({c.code_id for c in drawn.codings}, line),
            here=f"{request.path}?segment={segment.pk}{keep}",
            answer=answer,
            question=answer.question,
            respondent=answer.respondent,
            current=own.code.name if own else "",
            memo=memo.text if memo else "",
            other_memos=blind.other_memos(user, survey, segment, sees_all),
            recent=mine.select_related("segment__answer", "code").order_by("-at")[:5],
        )
    context.update(tree.tree_context(request, survey, line=line, sees_all=sees_all))
    context.update(assist.for_segment(user, survey, segment))
    return render(request, "coding/code.html", context)


def _tell(request: HttpRequest, problems: list[str]) -> None:
    for problem in problems:
        messages.error(request, problem)


def _matching_answers(survey: Survey, query: str) -> list[int]:
    """Answers whose text holds the query once both are normalised: "وامهاي بانكي" finds
    "وام‌های بانکی". Done in Python: a survey's answers are thousands, not millions."""
    wanted = normalise(query)
    answers = Answer.objects.filter(respondent__survey=survey).values_list("id", "text")
    return [pk for pk, text in answers if wanted in normalise(text)]


@coders_only
def codebook_page(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Themes and their codes with counts; rename, merge, move, split, memos; history and undo.
    Coders see the codebook's codes and their own, with their own counts, until the comparison."""
    survey = get_object_or_404(Survey, pk=survey_id)
    user = request.user
    if request.method == "POST":
        if not is_analyst(user):
            raise PermissionDenied  # the codebook, its memos included, is the analyst's
        try:
            _change_codebook(request, survey)
        except KargahError as error:
            messages.error(request, str(error))
        return redirect("coding:codebook", survey_id=survey.pk)
    codes = blind.visible_codes(user, survey)
    themes = list(Theme.objects.filter(survey=survey).select_related("area"))
    # a theme merges into another of its area and kind: grouped here, not compared in the template
    peers: dict[tuple[int | None, str], list[Theme]] = {}
    for theme in themes:
        peers.setdefault((theme.area_id, theme.kind), []).append(theme)
    by_theme: dict[int | None, list[Code]] = {}
    line = tree.lineage(survey)  # read once for the list and the tree
    for code in codes.select_related("parent"):  # a sub-code is listed in its branch's theme
        by_theme.setdefault(line.theme.get(code.pk), []).append(code)
    return render(
        request,
        "coding/codebook.html",
        {
            "survey": survey,
            "themes": [
                (t, by_theme.get(t.pk, []), peers.get((t.area_id, t.kind), [])) for t in themes
            ],
            "theme_list": themes,
            "loose": by_theme.get(None, []),
            "counts": blind.code_counts(user, survey),
            "history": CodebookChange.objects.filter(survey=survey).exclude(
                action__in=("code", "uncode")
            )[:30]
            if blind.sees_all(user, survey)
            else [],
            "analyst": is_analyst(user),
            **tree.tree_context(request, survey, selects=False, line=line),
        },
    )


@analysts_only
def code_edit(request: HttpRequest, survey_id: int, code_id: int) -> HttpResponse:
    """One code's edit forms (rename, split, merge into, move to a theme, memo) with their full
    choice lists: the codebook loads them on demand (htmx) when a row's "Edit" is opened, so the
    page does not carry every code × every code as options. Without htmx, a page of its own."""
    survey = get_object_or_404(Survey, pk=survey_id)
    code = get_object_or_404(Code, pk=code_id, survey=survey)
    context = {
        "survey": survey,
        "c": code,
        "codes": Code.objects.filter(survey=survey).only("id", "name"),
        "theme_list": Theme.objects.filter(survey=survey).only("id", "name"),
    }
    if request.headers.get("HX-Request"):
        return render(request, "coding/code_actions.html", context)
    return render(request, "coding/code_edit.html", context)


def _change_codebook(request: HttpRequest, survey: Survey) -> None:
    chosen = forms.CodebookAction(request.POST)
    if not chosen.is_valid():
        raise KargahError("; ".join(form_problems(chosen)))
    action = chosen.cleaned_data["action"]
    posted = forms.CODEBOOK_ACTIONS[action](survey, request.POST)
    if not posted.is_valid():
        raise KargahError("; ".join(form_problems(posted)))
    data, user = posted.cleaned_data, request.user
    if action in ("rename-code", "rename-theme"):
        codebook.rename(data["code" if action == "rename-code" else "theme"], data["name"], user)
    elif action == "merge":
        codebook.merge_codes(data["code"], data["into"], user)
    elif action == "merge-theme":
        codebook.merge_themes(data["theme"], data["into"], user)
    elif action == "move":
        codebook.move_code(data["code"], data["theme"], user)
    elif action == "split":
        code = data["code"]
        ids = [c.pk for c in data["codings"]] or list(
            code.codings.values_list("id", flat=True)[: max(1, code.codings.count() // 2)]
        )
        codebook.split_code(code, data["name"], ids, user)
    elif action == "new-theme":
        Theme.objects.create(survey=survey, name=data["name"], area=data["area"], kind=data["kind"])
    elif action in ("memo", "colour"):
        found = Code if data["target"] == "code" else Theme
        item = found.objects.filter(survey=survey, pk=data["id"]).first()
        if item is None:
            raise KargahError(_("No such code or theme in this survey."))
        setattr(item, action, data[action])
        item.save()
    else:
        change = codebook.undo_last(survey, user)
        messages.info(
            request, _("Undone: %s") % change.summary if change else _("Nothing to undo.")
        )


@analysts_only
def agreement(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Krippendorff's alpha over every coder; Cohen's kappa, percent agreement and agreement
    per code between two chosen coders (``?first=&second=``; by default the lead coder and the
    coder who shares most segments with them), per area and overall, on themes and on codes."""
    survey = get_object_or_404(Survey, pk=survey_id)
    blind.open_comparison(survey, request.user)
    names = [name for _, name, _ in coders(survey)]
    chosen = forms.ChooseCoders(names, request.GET)
    if not chosen.is_valid():
        _tell(request, form_problems(chosen))
        chosen = forms.ChooseCoders(names, {})
        chosen.is_valid()
    pair = _pair(survey, chosen.cleaned_data["first"], chosen.cleaned_data["second"])
    if pair is None and chosen.cleaned_data["first"]:
        messages.error(request, _("Choose two different coders."))
    bare = chosen.cleaned_data["without_assisted"]  # default: assisted codings count
    return render(
        request,
        "coding/agreement.html",
        {
            "survey": survey,
            "names": names,
            "pair": pair,
            "without_assisted": bare,
            "levels": [
                ("theme", agreement_table(survey, "theme", pair, bare)),
                ("code", agreement_table(survey, "code", pair, bare)),
            ],
            "per_code": code_agreement_table(survey, pair, bare) if pair else [],
        },
    )


def _pair(survey: Survey, first: str, second: str) -> tuple[str, str] | None:
    """The two coders asked for, else the lead coder and whoever coded most segments they did."""
    if first or second:
        return (first, second) if first and second and first != second else None
    lead = User.objects.filter(pk=lead_coder_id(survey)).values_list("username", flat=True)
    if not lead:
        return None
    mine = Coding.objects.filter(
        coder__username=lead[0], segment__answer__respondent__survey=survey
    )
    partner = (
        Coding.objects.filter(segment_id__in=mine.values("segment_id"))
        .exclude(coder__username=lead[0])
        .values("coder__username")
        .annotate(n=Count("id"))
        .order_by("-n", "coder__username")
        .first()
    )
    return (lead[0], partner["coder__username"]) if partner else None


@analysts_only
def disagreement_screen(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Segments the coders coded differently; the analyst picks the code that counts."""
    survey = get_object_or_404(Survey, pk=survey_id)
    if request.method == "POST":
        posted = forms.Settle(survey, request.POST)
        if posted.is_valid():
            Resolution.objects.update_or_create(
                segment=posted.cleaned_data["segment"],
                defaults={"code": posted.cleaned_data["code"], "by": request.user},
            )
        else:
            _tell(request, form_problems(posted))
        return redirect("coding:disagreements", survey_id=survey.pk)
    blind.open_comparison(survey, request.user)
    items = disagreements(survey)
    return render(
        request,
        "coding/disagreements.html",
        {
            "survey": survey,
            "items": items[:50],
            "count": len(items),
            "settled": Resolution.objects.filter(
                segment__answer__respondent__survey=survey
            ).count(),
        },
    )


@analysts_only
def export_qdpx(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    buffer = io.BytesIO()
    write_qdpx(to_project(survey_study(survey)), buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.qdpx"'
    return response


def _imported_summary(counts: dict[str, int], survey: Survey) -> str:
    """What an import brought, in the page's language and digits: "… : ۲ کدگذار، ۵۴ مضمون، …"."""
    from kargah.web.registry.templatetags.kargah import num

    names = {
        "users": _("coders"), "themes": _("themes"), "codes": _("codes"),
        "sources": _("answers"), "cases": _("respondents"), "selections": _("segments"),
        "codings": _("codings"), "notes": _("memos"),
    }  # fmt: skip
    parts = [f"{num(n)} {names.get(key, key)}" for key, n in counts.items()]
    return _("Imported as “%(title)s”: %(parts)s") % {
        "title": survey.title,
        "parts": _(", ").join(parts),
    }


@analysts_only
def import_qdpx(request: HttpRequest) -> HttpResponse:
    """A ``.qdpx`` from Kargah, NVivo, ATLAS.ti, MAXQDA or QualCoder, as a new survey."""
    if request.method == "POST":
        posted = forms.ImportQdpx(request.POST, request.FILES)
        if not posted.is_valid():
            error = "\n".join(form_problems(posted))
            return render(request, "coding/import.html", {"error": error}, status=400)
        upload = posted.cleaned_data["file"]
        label = upload.name or "upload.qdpx"
        try:
            project = read_qdpx(upload.file, name=label, limit=forms.qdpx_answer_limit())
            study = from_project(project, label)
            survey = import_study(study, posted.cleaned_data["title"], file=label)
        except InputError as error:
            return render(
                request, "coding/import.html", {"error": describe(error, label)}, status=400
            )
        messages.success(request, _imported_summary(project.summary(), survey))
        return redirect("coding:codebook", survey_id=survey.pk)
    return render(request, "coding/import.html", {})
