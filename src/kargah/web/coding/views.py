"""Coding pages: the codebook (rename, merge, split, move, undo, memos), the coding screen
(keyboard-driven, one segment at a time, blind to other coders), results with charts and XLSX,
agreement, the disagreement screen, and REFI-QDA export and import."""

from __future__ import annotations

import io
import json
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kargah.coding import (
    challenge_solution_matrix,
    from_project,
    read_qdpx,
    theme_frequencies,
    to_project,
    write_qdpx,
)
from kargah.errors import InputError
from kargah.survey import SECTORS
from kargah.web.accounts.roles import analysts_only, coders_only, is_analyst
from kargah.web.coding import codebook
from kargah.web.coding.analysis import agreement_table, coded_segments, disagreements
from kargah.web.coding.exchange import import_study, survey_study
from kargah.web.coding.models import Code, CodebookChange, Coding, Resolution, Segment, Theme
from kargah.web.survey.models import Answer, Area, Survey


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
    codings are shown."""
    survey = get_object_or_404(Survey, pk=survey_id)
    mine = Coding.objects.filter(coder=request.user, segment__answer__respondent__survey=survey)
    # in the order they were made: answers as they came, a split's second half last
    segments = Segment.objects.filter(answer__respondent__survey=survey).order_by("id")
    query = request.GET.get("q") or request.POST.get("q") or ""
    if query.strip():
        segments = segments.filter(answer_id__in=_matching_answers(survey, query))
    keep = f"&q={quote(query)}" if query.strip() else ""
    if request.method == "POST":
        segment = get_object_or_404(segments, pk=request.POST.get("segment"))
        name = request.POST.get("code", "").strip()
        if not name:
            messages.error(request, _("Type a code first."))
            return redirect(f"{request.path}?segment={segment.pk}{keep}")
        with transaction.atomic():
            code = Code.objects.named(survey, name)
            Coding.objects.update_or_create(
                segment=segment, coder=request.user, defaults={"code": code}
            )
            if "memo" in request.POST and request.POST["memo"].strip() != segment.memo:
                Segment.objects.filter(pk=segment.pk).update(memo=request.POST["memo"].strip())
        return redirect(f"{request.path}?after={segment.pk}{keep}")
    wanted = request.GET.get("segment")
    if wanted:
        segment = get_object_or_404(segments, pk=wanted)
    else:
        todo = segments.exclude(id__in=mine.values("segment_id"))
        after = request.GET.get("after")
        later = todo.filter(pk__gt=int(after)) if after and after.isdigit() else todo
        segment = later.first() or todo.first()
    done, total = mine.count(), segments.count()
    context: dict[str, Any] = {
        "query": query,
        "keep": keep,
        "survey": survey,
        "segment": segment,
        "done": done,
        "total": total,
        "codes": Code.objects.filter(survey=survey),
    }
    if segment is not None:
        answer = segment.answer
        own = mine.filter(segment=segment).select_related("code").first()
        context.update(
            answer=answer,
            question=answer.question,
            respondent=answer.respondent,
            current=own.code.name if own else "",
            before=answer.text[: segment.start],
            after_text=answer.text[segment.end :],
            recent=mine.select_related("segment__answer", "code").order_by("-at")[:5],
        )
    return render(request, "coding/code.html", context)


def _matching_answers(survey: Survey, query: str) -> list[int]:
    """Answers whose text holds the query once both are normalised: "وامهاي بانكي" finds
    "وام‌های بانکی". Done in Python: a survey's answers are thousands, not millions."""
    from kargah.text import normalise

    wanted = normalise(query)
    answers = Answer.objects.filter(respondent__survey=survey).values_list("id", "text")
    return [pk for pk, text in answers if wanted in normalise(text)]


@coders_only
@require_POST
def split_segment(request: HttpRequest, survey_id: int, segment_id: int) -> HttpResponse:
    segment = get_object_or_404(Segment, pk=segment_id, answer__respondent__survey_id=survey_id)
    try:
        at = segment.start + int(request.POST.get("offset", ""))
        codebook.split_segment(segment, at, request.user)
    except ValueError:
        messages.error(request, _("Select a place inside the answer to split it."))
    url = reverse("coding:code", args=[survey_id])
    return redirect(f"{url}?segment={segment.pk}")


@coders_only
def codebook_page(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Themes and their codes with counts; rename, merge, move, split, memos; history and undo."""
    survey = get_object_or_404(Survey, pk=survey_id)
    if request.method == "POST":
        if not is_analyst(request.user) and request.POST.get("action") != "memo":
            raise PermissionDenied
        try:
            _change_codebook(request, survey)
        except (ValueError, Code.DoesNotExist, Theme.DoesNotExist) as error:
            messages.error(request, str(error))
        return redirect("coding:codebook", survey_id=survey.pk)
    themes = Theme.objects.filter(survey=survey).select_related("area").prefetch_related("codes")
    counts = dict(
        Code.objects.filter(survey=survey).annotate(n=Count("codings")).values_list("id", "n")
    )
    loose = Code.objects.filter(survey=survey, theme__isnull=True)
    return render(
        request,
        "coding/codebook.html",
        {
            "survey": survey,
            "themes": themes,
            "loose": loose,
            "counts": counts,
            "codes": Code.objects.filter(survey=survey),
            "history": CodebookChange.objects.filter(survey=survey)[:30],
            "analyst": is_analyst(request.user),
        },
    )


def _change_codebook(request: HttpRequest, survey: Survey) -> None:
    post, user = request.POST, request.user
    action = post.get("action")
    codes, themes = Code.objects.filter(survey=survey), Theme.objects.filter(survey=survey)
    if action == "rename-code":
        codebook.rename(codes.get(pk=post["code"]), post["name"], user)
    elif action == "rename-theme":
        codebook.rename(themes.get(pk=post["theme"]), post["name"], user)
    elif action == "merge":
        codebook.merge_codes(codes.get(pk=post["code"]), codes.get(pk=post["into"]), user)
    elif action == "merge-theme":
        codebook.merge_themes(themes.get(pk=post["theme"]), themes.get(pk=post["into"]), user)
    elif action == "move":
        theme = themes.get(pk=post["theme"]) if post.get("theme") else None
        codebook.move_code(codes.get(pk=post["code"]), theme, user)
    elif action == "split":
        code = codes.get(pk=post["code"])
        ids = [int(i) for i in post.getlist("codings")] or list(
            code.codings.values_list("id", flat=True)[: max(1, code.codings.count() // 2)]
        )
        codebook.split_code(code, post["name"], ids, user)
    elif action == "new-theme":
        area = Area.objects.filter(survey=survey, pk=post.get("area") or 0).first()
        Theme.objects.create(survey=survey, name=post["name"], area=area, kind=post.get("kind", ""))
    elif action == "memo":
        found = codes if post["target"] == "code" else themes
        item = found.get(pk=post["id"])
        item.memo = post.get("memo", "")
        item.save()
    elif action == "undo":
        change = codebook.undo_last(survey)
        messages.info(
            request, _("Undone: %s") % change.summary if change else _("Nothing to undo.")
        )
    else:
        raise ValueError(f"unknown action {action!r}")


@analysts_only
def results(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The paper's table from the coded data, per area and kind; by sector; the challenge →
    solution matrix; charts; ``?format=xlsx`` for the workbook."""
    survey = get_object_or_404(Survey, pk=survey_id)
    segments = coded_segments(survey)
    if segments.empty:
        return render(request, "coding/results.html", {"survey": survey, "blocks": []})
    table = theme_frequencies(segments)
    by_sector = theme_frequencies(segments, by_sector=True)
    matrix = challenge_solution_matrix(segments)
    if request.GET.get("format") == "xlsx":
        import tempfile
        from pathlib import Path

        from kargah.tables import write_workbook

        sheets = {"themes": table, "themes_by_sector": by_sector,
                  "challenge_solution": matrix, "coded_segments": segments}  # fmt: skip
        with tempfile.TemporaryDirectory() as folder:
            data = write_workbook(sheets, Path(folder) / "themes.xlsx").read_bytes()
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="themes-{survey.pk}.xlsx"'
        return response
    areas = {a.key: a for a in Area.objects.filter(survey=survey)}
    labels = {t.name: t.label for t in Theme.objects.filter(survey=survey)}
    blocks = []
    for (area_key, kind), part in table.groupby(["area", "kind"], sort=False):
        part = part.assign(label=part["theme"].map(lambda name: labels.get(name, name)))
        sectors = by_sector[(by_sector["area"] == area_key) & (by_sector["kind"] == kind)]
        pivot = sectors.pivot_table(index="theme", columns="sector", values="count", fill_value=0)
        present = [s for s in SECTORS if s in pivot.columns]
        rows = [
            {**r, "sectors": {s: int(pivot.loc[r["theme"]].get(s, 0)) for s in present}}
            for r in part.to_dict("records")
        ]
        area = areas.get(area_key)
        blocks.append(
            {
                "area_key": area_key,
                "area": area.name if area else area_key,
                "kind": kind,
                "rows": rows,
                "total": int(part["count"].sum()),
                "sector_names": present,
                "chart": _share_chart(
                    part, _("challenges") if kind == "challenge" else _("solutions")
                ),
            }
        )
    order = {a: i for i, a in enumerate(areas)}
    blocks.sort(key=lambda b: (b["kind"] != "challenge", order.get(b["area_key"], 0)))
    charts = {f"b{i}": json.dumps(b["chart"], ensure_ascii=False) for i, b in enumerate(blocks)}
    charts["matrix"] = json.dumps(_matrix_chart(matrix), ensure_ascii=False)
    return render(
        request,
        "coding/results.html",
        {
            "survey": survey,
            "blocks": blocks,
            "charts": charts,
            "coded": len(segments),
            "unthemed": int(segments["theme"].isna().sum()),
        },
    )


def _share_chart(part: Any, title: str) -> dict[str, Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": part[["label", "count", "share"]].to_dict("records")},
        "mark": "bar",
        "width": "container",
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": "-x",
                "title": None,
                "axis": {"labelLimit": 320},
            },
            "x": {
                "field": "share",
                "type": "quantitative",
                "axis": {"format": "%"},
                "title": title,
            },
            "tooltip": [
                {"field": "label"},
                {"field": "count"},
                {"field": "share", "format": ".1%"},
            ],
        },
    }


def _matrix_chart(matrix: Any) -> dict[str, Any]:
    # One chart per area, stacked (not a facet): a facet with independent scales sizes its rows
    # with an expression Vega's CSP-safe interpreter cannot evaluate.
    def area_chart(area: Any) -> dict[str, Any]:
        return {
            "title": str(area),
            "transform": [{"filter": {"field": "area", "equal": area}}],
            "mark": "rect",
            "width": 420,
            "encoding": {
                "y": {"field": "challenge", "type": "nominal", "axis": {"labelLimit": 260}},
                "x": {"field": "solution", "type": "nominal", "axis": {"labelLimit": 160}},
                "color": {"field": "pairs", "type": "quantitative"},
                "tooltip": [{"field": "challenge"}, {"field": "solution"}, {"field": "pairs"}],
            },
        }

    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": matrix.to_dict("records")},
        "vconcat": [area_chart(area) for area in dict.fromkeys(matrix["area"])],
        "resolve": {"scale": {"x": "independent", "y": "independent"}},
    }


@analysts_only
def agreement(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Cohen's kappa and Krippendorff's alpha per area and overall, on themes and on codes."""
    survey = get_object_or_404(Survey, pk=survey_id)
    return render(
        request,
        "coding/agreement.html",
        {
            "survey": survey,
            "levels": [
                ("theme", agreement_table(survey, "theme")),
                ("code", agreement_table(survey, "code")),
            ],
        },
    )


@analysts_only
def disagreement_screen(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Segments the coders coded differently; the analyst picks the code that counts."""
    survey = get_object_or_404(Survey, pk=survey_id)
    if request.method == "POST":
        segment = get_object_or_404(
            Segment, pk=request.POST.get("segment"), answer__respondent__survey=survey
        )
        code = get_object_or_404(Code, pk=request.POST.get("code"), survey=survey)
        Resolution.objects.update_or_create(
            segment=segment, defaults={"code": code, "by": request.user}
        )
        return redirect("coding:disagreements", survey_id=survey.pk)
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


@analysts_only
def import_qdpx(request: HttpRequest) -> HttpResponse:
    """A ``.qdpx`` from Kargah, NVivo, ATLAS.ti, MAXQDA or QualCoder, as a new survey."""
    if request.method == "POST" and request.FILES.get("file"):
        upload = request.FILES["file"]
        try:
            project = read_qdpx(upload.file, name=upload.name or "upload.qdpx")
            survey = import_study(from_project(project), request.POST.get("title") or None)
        except InputError as error:
            return render(request, "coding/import.html", {"error": str(error)}, status=400)
        counts = project.summary()
        messages.success(
            request, _("Imported: %s") % ", ".join(f"{v} {k}" for k, v in counts.items())
        )
        return redirect("coding:codebook", survey_id=survey.pk)
    return render(request, "coding/import.html", {})
