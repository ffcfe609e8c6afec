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
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.utils.translation import gettext as _

from kargah.tables import csv_lines, write_workbook
from kargah.web.accounts.roles import is_analyst
from kargah.web.registry.full import CHUNK, FIELDS, FULL_COLUMNS, SEPARATOR, full_rows
from kargah.web.registry.models import Workshop
from kargah.web.registry.queries import filter_workshops
from kargah.web.registry.views import _definition

#: The public export: everything but the contact, the owner and the history.
PUBLIC_COLUMNS = FULL_COLUMNS[: FULL_COLUMNS.index("product_groups") + 1]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The workshops the list's filters select, as XLSX or CSV (``?full=1``: everything)."""
    full = request.GET.get("full") == "1"
    if full and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if full and not is_analyst(request.user):
        raise PermissionDenied
    found = filter_workshops(Workshop.objects.all(), request.GET, _definition(request)[0])
    limit: int | None = None
    if not request.user.is_authenticated:
        limit = settings.KARGAH_ANONYMOUS_EXPORT_ROWS
    total = found.count() if limit is not None else 0
    if limit is not None and total > limit:
        found = found[:limit]
    else:
        limit = None
    columns = FULL_COLUMNS if full else PUBLIC_COLUMNS
    rows: Iterable[list[Any]] = full_rows(found) if full else public_rows(found)
    if limit is not None:
        note = _("Only the first %(shown)s of %(total)s workshops: sign in to export them all.")
        rows = chain(rows, [[note % {"shown": f"{limit:,}", "total": f"{total:,}"}]])
    name = f"kargah-workshops{'-full' if full else ''}.{fmt}"
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


def public_rows(workshops: QuerySet[Workshop]) -> Iterator[list[Any]]:
    """One row per workshop in :data:`PUBLIC_COLUMNS` order, :data:`CHUNK` at a time, each
    chunk's product groups in one more query."""
    values = workshops.values_list("pk", *FIELDS).iterator(chunk_size=CHUNK)
    through = Workshop.product_groups.through
    while chunk := list(islice(values, CHUNK)):
        links = through.objects.filter(workshop_id__in=[r[0] for r in chunk]).order_by(
            "productgroup__code"
        )
        groups: dict[int, list[str]] = {}
        for pk, code in links.values_list("workshop_id", "productgroup__code"):
            groups.setdefault(pk, []).append(code)
        for pk, *fields in chunk:
            yield [*fields, SEPARATOR.join(groups.get(pk, []))]


def _workbook(columns: list[str], rows: Iterable[list[Any]]) -> IO[bytes]:
    """The rows as an XLSX file open for reading; its name is gone already, so it disappears
    when the response closes it."""
    folder = tempfile.mkdtemp(prefix="kargah-export-")
    try:
        path = write_workbook({"workshops": (columns, rows)}, Path(folder) / "workshops.xlsx")
        return path.open("rb")
    finally:
        shutil.rmtree(folder)
