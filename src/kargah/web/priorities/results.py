"""A project's results: the four methods side by side (table and chart), Spearman and Kendall
between them, the stability of the first rank (weight ranges, one-at-a-time sweeps,
leave-one-criterion-out), each candidate's link to the challenges and solutions of the region's
coded survey, and the same as an XLSX workbook."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kargah.web.accounts.roles import analysts_only
from kargah.web.charts import chart_context, method_ranks, weight_ranges, weight_sweep
from kargah.web.priorities.models import Project
from kargah.web.priorities.ranking import results as compute
from kargah.web.survey.models import Area

METHOD_NAMES = {"topsis": "TOPSIS", "vikor": "VIKOR", "promethee2": "PROMETHEE II",
                "wsm": gettext_lazy("weighted sum")}  # fmt: skip


def method_name(name: str) -> str:
    """A ranking method's name for the reader (the results page and the study report)."""
    return str(METHOD_NAMES.get(name, name))


def ranks_by_method(ranks: pd.DataFrame, methods: list[str]) -> list[dict[str, Any]]:
    """Each candidate's rank under each method, one row a pair, as ``method_ranks`` draws it."""
    return [
        {"candidate": r["candidate"], "method": method_name(m), "rank": r[f"{m}_rank"]}
        for r in ranks.to_dict("records") for m in methods
    ]  # fmt: skip


def tables(found: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """The results as frames, one per sheet of the workbook (and the page's tables)."""
    prepared, comparison, stability = found["prepared"], found["comparison"], found["stability"]
    names = prepared.names
    side: dict[str, dict[str, Any]] = {}
    for method, ranking in comparison.rankings_.items():
        for row in ranking.rows_:
            code = row["alternative"]
            line = side.setdefault(code, {"code": code, "candidate": names[code]})
            line[f"{method}_score"] = row["score"]
            line[f"{method}_rank"] = row["rank"]
    ranks = pd.DataFrame(list(side.values())).sort_values("topsis_rank")
    criteria = pd.DataFrame(
        [{"criterion": k.name, "direction": k.direction, "unit": k.unit, "source": k.source,
          "weight": k.weight, "stable_from": stability.weight_ranges_[k.name][0],
          "stable_to": stability.weight_ranges_[k.name][1]} for k in prepared.criteria]
    )  # fmt: skip
    values = pd.DataFrame(
        [{"code": code, "candidate": names[code], **row} for code, row in prepared.values.items()]
    )
    correlations = pd.DataFrame(
        [{"first": a, "second": b, "spearman": rho, "kendall": comparison.kendall_[a][b]}
         for a, row in comparison.spearman_.items() for b, rho in row.items() if a < b]
    )  # fmt: skip
    sweeps = pd.DataFrame(
        [{"criterion": k, **r} for k, records in stability.sweeps_.items() for r in records]
    )
    left_out = pd.DataFrame(
        [{"without": k, **r} for k, records in stability.leave_one_out_.items() for r in records]
    )
    sheets = {"ranks": ranks, "criteria": criteria, "values": values, "sweeps": sweeps,
              "correlations": correlations, "leave_one_out": left_out}  # fmt: skip
    for method, ranking in comparison.rankings_.items():
        sheets[method] = pd.DataFrame(ranking.rows_)
    if prepared.ahp is not None:
        sheets["experts"] = pd.DataFrame(
            [{"expert": i + 1, "cr": e["cr"], "lambda_max": e["lambda_max"], "ci": e["ci"],
              **{f"w_{k}": w for k, w in e["weights"].items()}}
             for i, e in enumerate(prepared.ahp.experts_)]
        )  # fmt: skip
    return sheets


def _xlsx(project: Project, sheets: dict[str, pd.DataFrame]) -> HttpResponse:
    import tempfile
    from pathlib import Path

    from kargah.tables import write_workbook

    with tempfile.TemporaryDirectory() as folder:
        data = write_workbook(sheets, Path(folder) / "ranking.xlsx").read_bytes()
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ranking-{project.pk}.xlsx"'
    return response


@analysts_only
def results(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=project_id)
    found = compute(project)
    context: dict[str, Any] = {"project": project, "missing": found["missing"],
                               "error": found.get("error")}  # fmt: skip
    if found["missing"] or found.get("error"):
        return render(request, "priorities/results.html", context)
    sheets = tables(found)
    if request.GET.get("format") == "xlsx":
        return _xlsx(project, sheets)
    prepared, comparison, stability = found["prepared"], found["comparison"], found["stability"]
    methods = list(comparison.rankings_)
    ranks = sheets["ranks"]
    long = ranks_by_method(ranks, methods)
    order = list(ranks["code"])
    # a candidate's area in the region's survey: the area keyed by its category's code, if any
    areas = set(Area.objects.filter(survey_id=project.survey_id).values_list("key", flat=True))
    left_out = {(r["without"], r["alternative"]): r["rank"]
                for r in sheets["leave_one_out"].to_dict("records")}  # fmt: skip
    criteria = [k.name for k in prepared.criteria]
    charts = [
        method_ranks(long, _("Each method's rank of each candidate")),
        weight_ranges(sheets["criteria"].to_dict("records"),
                      _("How far each weight can move before the first rank changes")),
    ]  # fmt: skip
    sweeps = []
    for i, k in enumerate(criteria):
        records = [{**r, "alternative": prepared.names.get(r["alternative"], r["alternative"])}
                   for r in stability.sweeps_[k]]  # fmt: skip
        sweeps.append(
            weight_sweep(
                f"sweep{i}", records, _("TOPSIS ranks as the weight of %(k)s moves") % {"k": k}
            )
        )
    charts += sweeps
    context.update(
        methods=[(m, method_name(m)) for m in methods],
        rows=[{**r, "ranks": [(r[f"{m}_rank"], r[f"{m}_score"]) for m in methods],
               "area": next((k for k in [r["code"].split("/")[0]] if k in areas), "")}
              for r in ranks.to_dict("records")],
        compromise=[prepared.names[c] for c in comparison.rankings_["vikor"].compromise_]
        if "vikor" in comparison.rankings_ else [],
        correlations=[{**r, "first": method_name(r["first"]), "second": method_name(r["second"])}
                      for r in sheets["correlations"].to_dict("records")],
        criteria=sheets["criteria"].to_dict("records"),
        sweeps=sweeps,
        criterion_names=criteria,
        left_out=[{"candidate": prepared.names[c],
                   "ranks": [left_out.get((k, c)) for k in criteria]} for c in order],
        experts=prepared.ahp.experts_ if prepared.ahp is not None else [],
        ahp=prepared.ahp,
        **chart_context(*charts),
    )  # fmt: skip
    return render(request, "priorities/results.html", context)
