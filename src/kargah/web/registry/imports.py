"""Bulk import (upload → row-by-row check → preview → load) of the registry.

The checks are the core's (``kargah.registry.validate_workshops``): a file with one bad cell
imports nothing and the page lists every bad cell by file, row and column. Large files load in a
background thread, batch by batch, while the page shows progress and the site keeps serving.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kargah.errors import KargahError
from kargah.registry import import_columns
from kargah.web.limits import upload_notes
from kargah.web.registry.models import Workshop
from kargah.web.uploads import imports_folder

#: Files with more rows than this load in the background.
BACKGROUND_ROWS = 2000
SUFFIXES = (".csv", ".xlsx", ".parquet")


def _check(path: Path) -> Any:
    """The core's cell checks, then the one check only the database can make: an identifier
    already in the registry (or twice in the file) is named by row, before anything loads."""
    from kargah.errors import InputError
    from kargah.registry import validate_workshops
    from kargah.tables import read_cells

    frame = validate_workshops(read_cells(path), path, province="Gilan")
    if "workshop_id" not in frame:
        return frame
    codes = frame["workshop_id"].dropna()
    taken = set(Workshop.objects.filter(code__in=list(codes)).values_list("code", flat=True))
    problems = [
        InputError(
            f"'{code}' is already in the registry" if code in taken else f"'{code}' is given twice",
            file=path,
            row=int(row),
            column="workshop_id",
        )
        for row, code in codes.items()
        if code in taken or (codes == code).sum() > 1
    ]
    if problems:
        raise InputError(
            f"{len(problems)} bad cell(s); nothing was imported", file=path, problems=problems[:100]
        )
    return frame


@permission_required("registry.add_workshop", raise_exception=True)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a file; show every bad cell, or a preview to confirm.

    Template: ``registry/import.html``."""
    context: dict[str, Any] = {}
    upload = request.FILES.get("file") if request.method == "POST" else None
    if upload is not None:
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in SUFFIXES:
            context["error"] = f"{upload.name}: use a CSV, XLSX or Parquet file"
        else:
            token = uuid.uuid4().hex
            # Kept under its own name, so every error names the file the user knows.
            folder = imports_folder() / token
            folder.mkdir()
            path = folder / Path(upload.name or f"upload{suffix}").name
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:  # the notes first: a misspelt column explains many refusals
                context["notes"] = upload_notes(
                    path, request.POST.get("encoding"), import_columns()
                )
                frame = _check(path)
            except KargahError as error:
                path.unlink(missing_ok=True)
                context["error"] = str(error).splitlines()[0]
                context["problems"] = [str(p) for p in getattr(error, "problems", [])]
            else:
                cache.set(f"import:{token}", {"path": str(path), "name": upload.name}, 3600)
                context.update(token=token, name=upload.name, count=len(frame),
                               preview=frame.head(10).to_dict("records"),
                               columns=list(frame.columns))  # fmt: skip
    return render(request, "registry/import.html", context)


@require_POST
@permission_required("registry.add_workshop", raise_exception=True)
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Load a checked file: at once when small, in the background when large."""
    pending = cache.get(f"import:{token}")
    if pending is None:
        raise Http404("this import has expired; upload the file again")
    cache.delete(f"import:{token}")
    frame = _check(Path(pending["path"]))
    job = uuid.uuid4().hex
    cache.set(
        f"job:{job}",
        {"status": "running", "done": 0, "total": len(frame), "name": pending["name"]},
        86400,
    )
    if len(frame) > BACKGROUND_ROWS:
        threading.Thread(target=run_import, args=(job, frame), daemon=True).start()
    else:
        run_import(job, frame)
    return redirect("registry:import-status", job=job)


def run_import(job: str, frame: Any) -> None:
    """Load ``frame``, keeping the job's progress in the cache (visible to other threads while
    the load's transaction is still open)."""
    from django.db import connection

    state = cache.get(f"job:{job}") or {}

    def tell(done: int, total: int) -> None:
        cache.set(f"job:{job}", {**state, "done": done, "total": total}, 86400)

    try:
        Workshop.objects.load_frame(frame, progress=tell)
        cache.set(f"job:{job}", {**state, "status": "done", "done": len(frame)}, 86400)
    except Exception as error:  # reported on the status page; the load rolled back whole
        cache.set(f"job:{job}", {**state, "status": "failed", "error": str(error)}, 86400)
    finally:
        if threading.current_thread() is not threading.main_thread():
            connection.close()


def import_status(request: HttpRequest, job: str) -> HttpResponse:
    """Progress of a load; the page refreshes itself until it is done.

    Template: ``registry/import_status.html``."""
    state = cache.get(f"job:{job}")
    if state is None:
        raise Http404("no such import")
    return render(request, "registry/import_status.html", {"state": state})
