"""The statistics page: ``kargah.stats`` indicators computed from the registry, with Vega-Lite
charts (share of small workshops by branch; change between census years) and an XLSX download.
The view gathers rows, asks the core, and hands the chart specs to the template."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_protect

from kargah.sizeclass import definitions, get_definition
from kargah.web.charts import (
    Chart,
    census_change,
    chart_context,
    class_shares,
    country_shares,
    share_by_branch,
)
from kargah.web.problems import describe_all
from kargah.web.registry.models import Workshop
from kargah.web.stats.engine import change_values, duckdb_backend, indicators, registry_table
from kargah.web.stats.forms import TableForm


def _countries() -> Any:
    from kargah.stats import reference_tables

    return reference_tables()["cross_country_sme_shares"]


def _countries_table(chart: Chart) -> dict[str, Any]:
    """The cross-country chart's rows as a country × measure table (a share the thesis does not
    give stays empty)."""
    given = {row[1] for row in chart.rows}  # in the legend's order
    measures = [m for m in chart.spec["encoding"]["color"]["sort"] if m in given]
    cells: dict[str, dict[str, str]] = {}
    for country, measure, share in chart.rows:
        cells.setdefault(country, {})[measure] = share
    return {
        "measures": measures,
        "rows": [[c, *(v.get(m, "") for m in measures)] for c, v in cells.items()],
        "source": chart.source,
    }


def uploaded_table(
    upload: Any, definition_id: str | None, encoding: str | None = None, notes: Any = None
) -> tuple[Any, Chart]:
    """An official table a user uploads (standard column names, see docs/tables.md): its
    indicators by year (and branch, if it has one) and a chart of class shares per year.
    ``notes``, a list, receives what :func:`kargah.tables.column_notes` says of the file (even
    when the file is then refused: a misspelt column explains many refusals)."""
    import tempfile
    from pathlib import Path

    from kargah.stats import Indicators
    from kargah.tables import STANDARD_COLUMNS, column_notes, read_dataset, recode

    with duckdb_backend() as con, tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name or "table.csv").name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        if encoding:
            recode(path, encoding)
        if notes is not None:
            notes.extend(column_notes(path, STANDARD_COLUMNS))
        dataset = read_dataset(path, branch_system=None, con=con)
        by = [c for c in ("year",) if c in dataset.table.columns]
        frame = Indicators(by=by, definition=definition_id or None).compute(dataset).to_pandas()
    chart = class_shares(frame, Path(upload.name or "").name)
    return frame, chart


@csrf_protect
def statistics(request: HttpRequest) -> HttpResponse:
    """Indicators by branch under the chosen definition, two charts, XLSX download.

    Template: ``stats/statistics.html``."""
    usable = [
        d
        for d in definitions()
        if d.criteria <= {"employees", "capital", "electricity_kw", "floor_m2"}
    ]
    wanted = request.GET.get("definition") or "sci-iran"
    definition = next((d for d in usable if d.id == wanted), get_definition("sci-iran"))
    if request.GET.get("format") == "xlsx":
        return _xlsx(definition.id)
    fa = get_language() == "fa"
    frame = indicators(definition.id) if Workshop.objects.exists() else None
    first = definition.classes[0]
    share = None
    if frame is not None:
        share = share_by_branch(
            frame,
            first.name,
            f"سهم کارگاه‌های «{first.title('fa')}» در هر رشته"
            if fa
            else f"Share of {first.title('en').lower()} workshops by branch",
        )
    change = census_change(
        change_values(),
        "کارگاه‌های کوچک و بزرگ، ۱۳۵۳ و ۱۳۷۵" if fa else "Small and large workshops, 1353 and 1375",
    )
    countries = country_shares(_countries())
    uploaded_chart = None
    table = (
        None
        if frame is None
        else frame[frame["size_class"] == first.name].sort_values("units", ascending=False)
    )
    uploaded, upload_error = None, None
    upload_problems: list[str] = []
    notes: list[Any] = []
    # Uploads need an account (kargah.web.limits refuses anonymous ones before they are read).
    posted = request.method == "POST" and request.user.is_authenticated
    form = TableForm(request.POST, request.FILES) if posted else None
    status = 200
    if form is not None and not form.is_valid():
        upload_error, status = form.error(), 400
    elif form is not None:
        from kargah.errors import KargahError

        try:
            uploaded, uploaded_chart = uploaded_table(
                form.cleaned_data["table"],
                form.cleaned_data["table_definition"] or None,
                form.cleaned_data["encoding"] or None,
                notes,
            )
        except KargahError as error:
            upload_error, upload_problems = describe_all(error, form.cleaned_data["table"].name)
    return render(
        request,
        "stats/statistics.html",
        {
            "definition": definition,
            "definitions": usable,
            **chart_context(share, change, countries, uploaded_chart),
            "countries": _countries_table(countries),
            "rows": [] if table is None else table.to_dict("records"),
            "synthetic": Workshop.objects.filter(synthetic=True).exists(),
            "uploaded": None if uploaded is None else uploaded.to_dict("records"),
            "uploaded_columns": [] if uploaded is None else list(uploaded.columns),
            "upload_error": upload_error,
            "upload_problems": upload_problems,
            "notes": notes,
            "all_definitions": definitions(),
        },
        status=status,
    )


def _xlsx(definition_id: str) -> HttpResponse:
    import tempfile
    from pathlib import Path

    from kargah.stats import Indicators
    from kargah.tables import write_workbook

    maker = Indicators(by=["branch"], definition=definition_id)
    with duckdb_backend() as con, tempfile.TemporaryDirectory() as folder:
        table = registry_table(con)
        path = write_workbook(
            {"indicators": maker.compute(table), "composition": maker.composition(table)},
            Path(folder) / "kargah-statistics.xlsx",
        )
        body = path.read_bytes()
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="kargah-statistics.xlsx"'
    return response
