"""The results page: the paper's table from the coded data per area and kind, by sector, the
challenge → solution matrix, charts, and the same as an XLSX workbook."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from kargah.coding import challenge_solution_matrix, theme_frequencies
from kargah.survey import SECTORS
from kargah.web.accounts.roles import analysts_only
from kargah.web.charts import Chart, challenge_solution, chart_context, theme_shares
from kargah.web.coding import forms
from kargah.web.coding.analysis import coded_segments, coders, lead_coder_id
from kargah.web.coding.models import Resolution, Theme
from kargah.web.problems import form_problems
from kargah.web.survey.models import Area, Survey

#: the theme column's key for a code counted on its own (no theme name starts with it)
LOOSE = "code: "


@dataclass(frozen=True)
class ThemeCounts:
    """The coded segments counted as the paper counts them: ``counted`` has each segment's theme,
    a code in no theme (yet, or only in a theme of the other kind or area) counting on its own;
    ``table`` the paper's table from it; ``labels`` every theme's label, loose codes said so."""

    segments: Any
    loose: Any
    counted: Any
    table: Any
    areas: dict[str, Area]
    labels: dict[str, str]

    def groups(self) -> list[tuple[str, str, Any]]:
        """``(area key, kind, rows with their labels)``: challenges first, areas in order."""
        order = {key: i for i, key in enumerate(self.areas)}
        groups = sorted(self.table.groupby(["area", "kind"], sort=False),
                        key=lambda g: (g[0][1] != "challenge", order.get(g[0][0], 0)))  # fmt: skip
        return [
            (area, kind, part.assign(label=part["theme"].map(lambda n: self.labels.get(n, n))))
            for (area, kind), part in groups
        ]

    @cached_property
    def matrix(self) -> Any:
        """Which solutions answer which challenges: the counted segments cross-tabulated."""
        return challenge_solution_matrix(self.counted)

    def matrix_chart(self) -> Chart | None:
        """The matrix as a heat map per area, its themes by their labels (as the bars name them:
        a code in no theme said so, not "code: …")."""
        if self.matrix.empty:
            return None
        names = {key: area.name for key, area in self.areas.items()}
        label = self.labels.get
        shown = self.matrix.assign(
            challenge=[label(n, n) for n in self.matrix["challenge"]],
            solution=[label(n, n) for n in self.matrix["solution"]],
        )
        return challenge_solution(shown, names, _("Which solutions answer which challenges"))

    def title(self, area_key: str, kind: str) -> str:
        area = self.areas.get(area_key)
        what = _("challenges") if kind == "challenge" else _("solutions")
        return f"{area.name if area else area_key} — {what}"


def count_themes(survey: Survey, coder_id: int | None = None) -> ThemeCounts | None:
    """The results page's counting of ``survey``'s codings by ``coder_id`` (default: the lead
    coder's, with the settled disagreements); None when nothing is coded. The page and the
    study report both count through it."""
    segments = coded_segments(survey, coder_id)
    if segments.empty:
        return None
    loose = segments["theme"].isna()
    counted = segments.assign(theme=segments["theme"].where(~loose, LOOSE + segments["code"]))
    labels = {t.name: t.label for t in Theme.objects.filter(survey=survey)}
    for code in segments.loc[loose, "code"].unique():
        labels[LOOSE + code] = _("%s (a code in no theme)") % code
    return ThemeCounts(
        segments=segments,
        loose=loose,
        counted=counted,
        table=theme_frequencies(counted),
        areas={a.key: a for a in Area.objects.filter(survey=survey)},
        labels=labels,
    )


@analysts_only
def results(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The paper's table from the coded data, per area and kind; by sector; the challenge →
    solution matrix; charts; ``?format=xlsx`` for the workbook."""
    survey = get_object_or_404(Survey, pk=survey_id)
    people = coders(survey)
    chosen = forms.ChooseCoders([name for _, name, _ in people], request.GET)
    if not chosen.is_valid():
        for problem in form_problems(chosen):
            messages.error(request, problem)
        chosen = forms.ChooseCoders([name for _, name, _ in people], {})
        chosen.is_valid()
    lead = lead_coder_id(survey)
    ids = {name: pk for pk, name, _ in people}
    coder_id = ids.get(chosen.cleaned_data["coder"], lead)
    found = count_themes(survey, coder_id)
    context: dict[str, Any] = {
        "survey": survey,
        "blocks": [],
        "chooser": chosen,
        "people": people,
        "counted": next((n for pk, n, _ in people if pk == coder_id), ""),
        "is_lead": coder_id == lead,
        "settled": Resolution.objects.filter(segment__answer__respondent__survey=survey).count(),
    }
    if found is None:
        return render(request, "coding/results.html", context)
    segments, loose, counted, table = found.segments, found.loose, found.counted, found.table
    by_sector = theme_frequencies(counted, by_sector=True)
    matrix = found.matrix
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
    blocks: list[dict[str, Any]] = []
    for area_key, kind, part in found.groups():
        sectors = by_sector[(by_sector["area"] == area_key) & (by_sector["kind"] == kind)]
        pivot = sectors.pivot_table(index="theme", columns="sector", values="count", fill_value=0)
        present = [s for s in SECTORS if s in pivot.columns]
        rows = [
            {**r, "sectors": {s: int(pivot.loc[r["theme"]].get(s, 0)) for s in present}}
            for r in part.to_dict("records")
        ]
        area = found.areas.get(area_key)
        blocks.append(
            {
                "area_key": area_key,
                "area": area.name if area else area_key,
                "kind": kind,
                "rows": rows,
                "total": int(part["count"].sum()),
                "sector_names": present,
                "chart": theme_shares(f"b{len(blocks)}", part, found.title(area_key, kind)),
            }
        )
    charts = [b["chart"] for b in blocks]
    charts.append(found.matrix_chart())
    context.update(
        blocks=blocks,
        **chart_context(*charts),
        coded=len(segments),
        unthemed=int((loose & ~segments["elsewhere"]).sum()),
        elsewhere=int(segments["elsewhere"].sum()),
    )
    return render(request, "coding/results.html", context)
