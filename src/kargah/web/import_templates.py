"""Template files for the import pages: an XLSX with the columns an import expects and one
example row that imports as it is, so a user starts from a file the site accepts."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from kargah.web.accounts.roles import analysts_only

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The registry import's columns (required first), each with its example value.
REGISTRY_EXAMPLE: dict[str, Any] = {
    "name_fa": "کارگاه نمونهٔ چای", "name_en": "Example tea workshop", "isic": "1079",
    "county": "Rasht", "employees": 6, "workshop_id": "EXAMPLE-1", "product_group": "",
    "ownership": "private", "capital": 1_500_000_000, "electricity_kw": 25, "floor_m2": 300,
    "capacity": 1200, "utilisation": 0.65, "latitude": 37.28, "longitude": 49.58,
    "founded": 1395, "city": "Rasht", "certifications": "",
}  # fmt: skip


def _workbook(sheet: str, columns: list[str], row: list[Any], name: str) -> HttpResponse:
    from kargah.tables import write_workbook

    with tempfile.TemporaryDirectory() as folder:
        data = write_workbook({sheet: (columns, [row])}, Path(folder) / name).read_bytes()
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required("registry.add_workshop", raise_exception=True)
def registry_template(request: HttpRequest) -> HttpResponse:
    """``/registry/import/template.xlsx``: the registry import's columns and one example."""
    columns = list(REGISTRY_EXAMPLE)
    row = [REGISTRY_EXAMPLE[c] if REGISTRY_EXAMPLE[c] != "" else None for c in columns]
    return _workbook("workshops", columns, row, "workshops-template.xlsx")


@analysts_only
def answers_template(request: HttpRequest, survey_id: int) -> HttpResponse:
    """``/survey/<id>/import/template.xlsx``: one row per respondent — the profile fields, then a
    column per answer line of this survey's form — with one example respondent."""
    from kargah.survey import PROFILE_FIELDS
    from kargah.web.survey.models import Survey

    survey = get_object_or_404(Survey, pk=survey_id)
    answers = list(survey.form().answer_columns())
    columns = ["respondent", *PROFILE_FIELDS, *answers]
    example = {"respondent": "R001", "sector": "private", "organisation": "Example co-operative",
               "role": "manager", "years": 12}  # fmt: skip
    row: list[Any] = [example.get(c) for c in columns]
    if answers:  # one answer filled in, so the example shows where answers go
        row[columns.index(answers[0])] = "Example answer"
    return _workbook("answers", columns, row, f"survey-{survey.pk}-answers-template.xlsx")
