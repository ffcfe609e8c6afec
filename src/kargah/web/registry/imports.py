"""Bulk import (upload → row-by-row check → preview → load) of the registry.

The checks are the core's (``kargah.registry.validate_workshops``): a file with one bad cell
imports nothing and the page lists every bad cell by file, row and column. The checked upload
waits as a pending job in the database (any server process can confirm it); large files load
in the background worker (``kargah.web.jobs``) while the page shows progress and the site keeps
serving.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST
from django_tasks import task

from kargah.errors import KargahError
from kargah.registry import import_columns
from kargah.web.jobs.models import Job
from kargah.web.jobs.views import visible_job
from kargah.web.jobs.work import Progress, job_task, start, sweep
from kargah.web.limits import upload_notes
from kargah.web.problems import describe_all
from kargah.web.registry.forms import ImportForm
from kargah.web.registry.models import Workshop, loaded
from kargah.web.uploads import imports_folder

KIND = "registry-import"
#: Files with more rows than this load in the background.
BACKGROUND_ROWS = 2000


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
    if request.method != "POST":
        return render(request, "registry/import.html", context)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        context["error"] = form.error()
        return render(request, "registry/import.html", context, status=400)
    sweep()
    upload = form.cleaned_data["file"]
    job = Job(kind=KIND, name=(upload.name or "")[:200], owner=request.user)
    # Kept under its own name, so every error names the file the user knows.
    folder = imports_folder() / job.pk.hex
    folder.mkdir()
    path = folder / Path(upload.name).name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:  # the notes first: a misspelt column explains many refusals
        context["notes"] = upload_notes(
            path, form.cleaned_data["encoding"] or None, import_columns()
        )
        frame = _check(path)
    except KargahError as error:
        shutil.rmtree(folder, ignore_errors=True)
        context["error"], context["problems"] = describe_all(error, Path(upload.name).name)
    else:
        job.upload, job.total = str(path), len(frame)
        job.save()
        context.update(token=str(job.pk), name=upload.name, count=len(frame),
                       preview=frame.head(10).to_dict("records"),
                       columns=list(frame.columns))  # fmt: skip
    return render(request, "registry/import.html", context)


@require_POST
@permission_required("registry.add_workshop", raise_exception=True)
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Load a checked file: at once when small, by the background worker when large."""
    try:
        key = uuid.UUID(token)
    except ValueError:
        raise Http404("no such import") from None
    # One confirmation only, whichever process gets it (a double click queues nothing twice).
    mine = Job.objects.filter(pk=key, kind=KIND, status=Job.PENDING, owner=request.user)
    if not mine.update(status=Job.WAITING):
        raise Http404("this import has expired; upload the file again")
    job = Job.objects.get(pk=key)
    start(job, load_import, now=job.total <= BACKGROUND_ROWS)
    return redirect("registry:import-status", job=job.pk)


@task()
@job_task
def load_import(job: Job, tell: Progress) -> None:
    """The job: check the file again (the registry may have changed since the preview), then
    load it, all or nothing, telling progress batch by batch."""
    frame = _check(Path(job.upload))
    tell(0, len(frame))
    job.done = Workshop.objects.load_frame(frame, progress=tell)
    loaded.send(sender=Workshop, count=job.done)
    job.result = {"count": job.done, "next": reverse("registry:list"),
                  "message": gettext_noop("Imported.")}  # fmt: skip


def import_status(request: HttpRequest, job: str) -> HttpResponse:
    """Progress of a load; the progress part refreshes itself until it is done.

    Template: ``registry/import_status.html``."""
    return render(request, "registry/import_status.html", {"job": visible_job(request, job)})
