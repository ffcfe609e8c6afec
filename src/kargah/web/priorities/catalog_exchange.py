"""The catalog's ideas in and out: XLSX or CSV export of the ideas a page's filters select (every
cell escaped against formulas), and the import of a sheet of ideas — every cell checked by the
core first, all or nothing, each bad cell named by row and column in the page's language. An
export imports back unchanged."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from kargah.errors import KargahError
from kargah.priorities import HEADERS
from kargah.web.accounts.roles import analysts_only
from kargah.web.limits import upload_notes
from kargah.web.numbers import local_number
from kargah.web.priorities.catalog import (
    IDEA_COLUMNS,
    add_ideas,
    export_rows,
    filtered_ideas,
    known_codes,
)
from kargah.web.priorities.catalog_forms import IdeasImportForm
from kargah.web.priorities.models import BusinessIdea
from kargah.web.problems import describe_all
from kargah.web.uploads import imports_folder

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The ideas the list's filters select, as ``xlsx`` or ``csv``."""
    from kargah.tables import csv_lines, write_workbook

    params = {k: v[:100] for k, v in request.GET.items()}
    ideas = filtered_ideas(params).order_by("country__code", "category__code", "name_fa", "id")
    rows = export_rows(ideas)
    if fmt == "csv":
        response = HttpResponse("".join(csv_lines(IDEA_COLUMNS, rows)).encode(),
                                content_type="text/csv; charset=utf-8")  # fmt: skip
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = write_workbook({"ideas": (IDEA_COLUMNS, rows)}, Path(folder) / "ideas.xlsx")
            response = HttpResponse(path.read_bytes(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="business-ideas.{fmt}"'
    return response


@analysts_only
def import_ideas(request: HttpRequest) -> HttpResponse:
    """Upload a sheet of ideas: every cell checked, then all imported or none.

    Template: ``priorities/catalog/import.html``."""
    context: dict[str, object] = {"columns": IDEA_COLUMNS}
    if request.method != "POST":
        return render(request, "priorities/catalog/import.html", context)
    form = IdeasImportForm(request.POST, request.FILES)
    if not form.is_valid():
        context["error"] = form.error()
        return render(request, "priorities/catalog/import.html", context, status=400)
    upload = form.cleaned_data["file"]
    name = Path(upload.name or "ideas.xlsx").name
    with tempfile.TemporaryDirectory(dir=imports_folder()) as folder:
        path = Path(folder) / name  # kept under its own name, so every error names it
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:  # the notes first: a misspelt column explains many refusals
            encoding = form.cleaned_data["encoding"] or None
            context["notes"] = upload_notes(path, encoding, [*IDEA_COLUMNS, *HEADERS])
            count = _load(path, encoding, form.cleaned_data["replace"])
        except KargahError as error:
            context["error"], context["problems"] = describe_all(error, name)
            return render(request, "priorities/catalog/import.html", context, status=400)
    messages.success(
        request,
        ngettext("Imported %(n)s idea.", "Imported %(n)s ideas.", count)
        % {"n": local_number(count)},
    )
    return redirect("priorities:ideas")


def _load(path: Path, encoding: str | None, replace: bool) -> int:
    from kargah.priorities import check_ideas
    from kargah.tables import read_cells

    cells = read_cells(path, encoding=encoding)
    numbers = [int(n) for n in cells.index]  # the sheet's rows: blank ones were left out
    known = known_codes()
    records = check_ideas(
        cells.to_dict("records"), path, countries=known["countries"],
        categories=known["categories"], product_groups=known["product_groups"],
        row_numbers=numbers,
    )  # fmt: skip
    with transaction.atomic():
        if replace:
            BusinessIdea.objects.all().delete()
        return len(add_ideas(records))


__all__ = ["export", "import_ideas"]
