"""Registry exports: the workshops the list's filters select, as CSV or XLSX.

Both are built from the database :data:`CHUNK` rows at a time, never the whole table in memory:
CSV streams to the client as it is read; XLSX is written row by row (openpyxl's write-only mode)
to a temporary file that is then streamed. Visitors who are not signed in get at most
``KARGAH_ANONYMOUS_EXPORT_ROWS`` rows, and a last row saying so. ``?full=1`` (administrators
and analysts only) adds what is not public — contact, owner, processes, materials, history — and
imports back into an empty site unchanged (:mod:`kargah.web.registry.full`).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kargah.tables import csv_lines, write_workbook
from kargah.web.accounts.roles import is_analyst
from kargah.web.registry.full import FULL_COLUMNS, PUBLIC_COLUMNS, export_rows
from kargah.web.registry.models import PROVINCE, Workshop
from kargah.web.registry.queries import chosen_definition, filter_workshops
from kargah.web.registry.templatetags.kargah import num

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Headers of the readable export that are not a workshop field's name.
HEADERS = {
    "workshop_id": gettext_lazy("Code"),
    "idle_capacity": gettext_lazy("Idle capacity"),
    "size_class": gettext_lazy("Size class"),
    "size_definition": gettext_lazy("Definition of small"),
}


def export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The workshops the list's filters select, as XLSX or CSV (``?full=1``: everything)."""
    full = request.GET.get("full") == "1"
    if full and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if full and not is_analyst(request.user):
        raise PermissionDenied
    definition = chosen_definition(request.GET)[0]
    found = filter_workshops(Workshop.objects.all(), request.GET, definition)
    limit: int | None = None
    if not request.user.is_authenticated:
        limit = settings.KARGAH_ANONYMOUS_EXPORT_ROWS
    total = found.count() if limit is not None else 0
    if limit is not None and total > limit:
        found = found[:limit]
    else:
        limit = None
    columns = FULL_COLUMNS if full else PUBLIC_COLUMNS
    rows: Iterable[list[Any]] = export_rows(found, full=full)
    if not full:  # the list's size class under the chosen definition (the full one imports back)
        columns, rows = with_size_class(columns, rows, definition)
    # ?lang=fa|en: headers, counties and ownership for reading in that language. The default
    # (and the full export, always) keeps the canonical headers that import back.
    lang, suffix = (request.GET.get("lang") if not full else None), ""
    if lang in {"fa", "en"}:
        columns, rows = readable(columns, rows, str(lang))
        suffix = f"-{lang}"
    if limit is not None:
        note = _("Only the first %(shown)s of %(total)s workshops: sign in to export them all.")
        rows = chain(rows, [[note % {"shown": num(limit), "total": num(total)}]])
    name = f"kargah-workshops{'-full' if full else ''}{suffix}.{fmt}"
    response: HttpResponseBase
    if fmt == "csv":
        lines = (line.encode() for line in csv_lines(columns, rows))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        body = _workbook(columns, rows)
        response = FileResponse(body, as_attachment=True, filename=name, content_type=XLSX)
    if limit is not None:
        response["X-Kargah-Rows"] = f"{limit} of {total}"
    return response


def with_size_class(
    columns: list[str], rows: Iterable[list[Any]], definition: Any
) -> tuple[list[str], Iterator[list[Any]]]:
    """Two more columns: each workshop's size class under ``definition`` (empty where it has
    none) and the definition's id, so the file says which definition it was classed by."""
    at = {c: columns.index(c) for c in definition.criteria}

    def classed() -> Iterator[list[Any]]:
        for row in rows:
            size = definition.classify_values({c: row[i] for c, i in at.items()})
            yield [*row, size or "", definition.id]

    return [*columns, "size_class", "size_definition"], classed()


def readable(
    columns: list[str], rows: Iterable[list[Any]], lang: str
) -> tuple[list[str], Iterator[list[Any]]]:
    """The export for reading in ``lang``: each header the field's name in that language, the
    county and the ownership in words of that language (the canonical export imports back)."""
    from kargah.registry import counties

    with translation.override(lang):
        headers = [str(HEADERS.get(c) or Workshop._meta.get_field(c).verbose_name) for c in columns]
        ownership = {k: str(v) for k, v in Workshop.OWNERSHIP}
    places = {c.en: c.name(lang) for c in counties(PROVINCE)}
    county, owned = columns.index("county"), columns.index("ownership")

    def translated() -> Iterator[list[Any]]:
        for row in rows:
            if len(row) > owned:
                row[county] = places.get(row[county], row[county])
                row[owned] = ownership.get(row[owned], row[owned])
            yield row

    return headers, translated()


def _workbook(columns: list[str], rows: Iterable[list[Any]]) -> IO[bytes]:
    """The rows as an XLSX file open for reading; its name is gone already, so it disappears
    when the response closes it."""
    folder = tempfile.mkdtemp(prefix="kargah-export-")
    try:
        path = write_workbook({"workshops": (columns, rows)}, Path(folder) / "workshops.xlsx")
        return path.open("rb")
    finally:
        shutil.rmtree(folder)
