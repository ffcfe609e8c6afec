"""The results page: the paper's table from the coded data per area and kind, by sector, the
challenge → solution matrix, charts, and the same as an XLSX workbook."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from kargah.coding import challenge_solution_matrix, theme_frequencies
from kargah.survey import SECTORS
from kargah.web.accounts.roles import analysts_only
from kargah.web.charts import challenge_solution, chart_context, theme_shares
from kargah.web.coding.analysis import coded_segments
from kargah.web.coding.models import Theme
from kargah.web.survey.models import Area, Survey


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
    blocks: list[dict[str, Any]] = []
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
                "chart": theme_shares(
                    f"b{len(blocks)}",
                    part,
                    f"{area.name if area else area_key} — "
                    + (_("challenges") if kind == "challenge" else _("solutions")),
                ),
            }
        )
    order = {a: i for i, a in enumerate(areas)}
    blocks.sort(key=lambda b: (b["kind"] != "challenge", order.get(b["area_key"], 0)))
    names = {key: area.name for key, area in areas.items()}
    title = _("Which solutions answer which challenges")
    charts = [b["chart"] for b in blocks]
    charts.append(challenge_solution(matrix, names, title) if not matrix.empty else None)
    return render(
        request,
        "coding/results.html",
        {
            "survey": survey,
            "blocks": blocks,
            **chart_context(*charts),
            "coded": len(segments),
            "unthemed": int(segments["theme"].isna().sum()),
        },
    )
